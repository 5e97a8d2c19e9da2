// harness/search/matrix.hpp: sweeps of configurations (`foliocheck matrix`).
// A sweep's results are typed rows (harness/search/sweep_row.hpp), one per configuration; each
// carries the JSON object `run --json` prints, so that `merge` can join shards and every table
// is printed from the same data.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/search/pool.hpp"
#include "harness/search/record.hpp"
#include "harness/search/runner.hpp"
#include "harness/search/sweep_row.hpp"

namespace fc {

struct MatrixSpec {
    std::vector<const CheckDef*> checks;
    std::vector<const WriterDef*> writers;
    std::vector<int> pages;
    std::vector<MapcountDesign> mapcounts;
    std::vector<std::string> orders;  // "kernel" or ref-first / map-first / either
    std::vector<ReaderBarrier> barriers;
    std::vector<Memory> memories;
    bool swapcache = false;
    // Pins held in every configuration: every count from 1 to its folio's pages (the default,
    // as `run`), or `matrix --pins K` (configurations of fewer pages are left out).
    int pins = kEveryPinCount;
    SearchSpec search;  // per configuration (limits apply to each configuration)
    // The release (`--kernel`: its checks, writers and mapcount design), the writer
    // ranges ("all": the whole folio; "first": page 0 only, a partial zap/fork of one page),
    // and --what-if (include combinations the kernel never runs, marked).
    std::string kernel;
    std::vector<std::string> ranges{"all"};
    bool what_if = false;
};

// A release's sweep: its checks, writers and mapcount design, pages 1-3, writer ranges all
// and first (the partial-range rows), the kernel read orders, sc.
MatrixSpec kernel_matrix(const std::string& kernel);

// The default sweep: every v6.5-era check and writer (not the `newer` ones: --kernel and
// --checks/--writers select those), pages 1-3, the per-page and large mapcount designs, the
// reader orders the compiler may choose (kernel), no barrier, memory sc.
MatrixSpec default_matrix();

struct Skipped {
    size_t count = 0;
    std::vector<std::string> reasons;  // one line per distinct reason
};

// The configurations a spec describes, in a stable order. Impossible combinations (KSM with
// more than one page, ...) and duplicates that are the same scenario (the mapcount design of
// a one-page folio; smp_rmb under sc) are left out and counted in `skipped`.
std::vector<RunRequest> enumerate(const MatrixSpec& spec, Skipped& skipped);

// Runs requests in child processes, `jobs` at a time; results in request order. Each child
// hands back its result as `record` writes it (result_json, harness/report/report.hpp);
// progress(done, total), if set, is told after each configuration.
std::vector<SweepRow> run_matrix(const std::vector<RunRequest>& reqs, unsigned jobs, const Progress& progress,
                                 ResultRecord record);

// Signals (SIGINT/SIGTERM/SIGHUP) during a sweep: configurations that did not complete have
// verdict "interrupted" (run_matrix). Whether the command was interrupted (the tables and
// reports of such a sweep: harness/report/sweep_tables.hpp).
bool sweep_interrupted(const std::vector<SweepRow>& results);
// A row for a configuration that could not be built from the input (a writer file that
// cannot describe this folio): verdict "error", its reason, error_kind "input".
nlohmann::json input_error_row(const RunRequest& req, const std::string& why, ResultRecord record);

}  // namespace fc
