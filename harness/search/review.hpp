// harness/search/review.hpp: `foliocheck review`: does a patched path add a failure to a
// release? The patch and the path it replaces (the baseline) are each run against every check
// of the release that its locks allow, at every folio size, pin count, reader order and memory
// model asked for; the rows of the two sides are then paired and diffed: failures the patch
// adds, removes, and that both have, and rows where a side did not decide ("undecided": a
// search stopped by a limit is never "no new failure").
//
// The configurations are a MatrixSpec each side (harness/search/matrix.hpp enumerate()), run by
// run_matrix() in child processes: the review has no search loop of its own.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "checks/kernels.hpp"
#include "harness/search/matrix.hpp"
#include "harness/search/sweep_row.hpp"

namespace fc {

// The cost of a miss, worst first: CheckDef::miss_cost's class (checks/check.hpp MissCost),
// read through review_miss_cost().
const char* miss_cost_key(MissCost c);     // "data-corruption", "data-loss", "wasted-work" (JSON)
const char* miss_cost_phrase(MissCost c);  // "can corrupt data", "can lose data", "waste work"

// The adapter to checks/kernels.hpp: everything the review reads from the release table goes
// through these, so a change of the table's shape is an edit here only.
struct ReviewCheck {
    const CheckDef* check;
    MissCost cost;          // CheckDef::miss_cost.cost
    std::string cost_text;  // CheckDef::miss_cost.why: the kernel code after the check that decides it
};
std::vector<ReviewCheck> review_checks(const KernelRelease& k);
MissCost review_miss_cost(const CheckDef* c);
// True if the release runs this path (KernelRelease::writers): a baseline must be one.
bool release_runs(const KernelRelease& k, const WriterDef* w);
// The path of the release a --baseline name means (its own name, or the release's form of a
// family: "try-to-unmap"), nullptr if the release runs none; and the names it runs, for errors.
const WriterDef* release_path(const KernelRelease& k, const std::string& name);
std::string release_path_names(const KernelRelease& k);

// A side of the review: the writer that runs, and the facts that decide which checks it races
// (checks/concurrency.cpp). A writer file declares no locks (lang/writer_file.hpp); the patch and
// the path it replaces are the same kernel function under the same caller, so a file on one side
// takes the folio-lock fact of a built-in on the other.
struct ReviewSide {
    const WriterDef* writer = nullptr;
    WriterDef context{};                      // *writer, with the other side's folio_locked if taken
    const WriterDef* context_from = nullptr;  // the built-in whose lock fact it took, or nullptr
};
ReviewSide review_side(const WriterDef* writer, const WriterDef* other);

struct ReviewSpec {
    const KernelRelease* release = nullptr;
    ReviewSide patch, baseline;
    std::map<Memory, std::vector<int>> pages;  // folio sizes per memory model (each model asked for)
    std::vector<Memory> memories;
    int pins = kEveryPinCount;  // kEveryPinCount: one row per pin count 1..pages; K: that count only
    SearchSpec search;
};

// A check a side does not race, and why (checks/concurrency.cpp what_if_reason()).
struct ReviewExclusion {
    std::string check, writer, why;
};

// Both sides' configurations: patch first, then baseline (`patch_count` of them). Each request
// holds one pin count, so that the diff says which counts a patch adds or removes.
struct ReviewPlan {
    std::vector<RunRequest> reqs;
    size_t patch_count = 0;
    std::vector<ReviewExclusion> excluded;
    Skipped skipped;
};
ReviewPlan review_plan(const ReviewSpec& spec);

enum class Change : uint8_t {
    added,      // the patch fails, the baseline holds (or does not race the check)
    removed,    // the baseline fails, the patch holds (or does not race the check)
    both,       // both fail
    neither,    // both hold
    undecided,  // a side that races the check did not complete its search (a limit, an error)
};
const char* change_name(Change c);  // "added", "removed", "both", "neither", "undecided"

// One configuration on both sides: a check at a folio size, a pin count, a reader order and
// a memory model. A side the check's locks exclude is absent (index -1).
struct ReviewRow {
    const CheckDef* check = nullptr;
    MissCost cost = MissCost::wasted_work;
    std::string cost_text;
    int pages = 0, pins = 0;
    std::string order;
    Memory memory = Memory::sc;
    int side[2] = {-1, -1};  // index into the results: [0] patch, [1] baseline
    Change change = Change::neither;
    std::string undecided_why;  // for undecided rows: which side and what stopped it
};

struct Review {
    std::vector<ReviewRow> rows;  // in check, pages, pins, order, memory order
    std::map<Change, size_t> counts;
};
// Pairs the results of review_plan()'s requests (run_matrix() output, in request order).
Review diff_review(const ReviewSpec& spec, const ReviewPlan& plan, const std::vector<SweepRow>& results);

}  // namespace fc
