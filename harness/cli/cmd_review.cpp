// harness/cli/cmd_review.cpp: `foliocheck review --kernel V --patch-file F --baseline NAME`:
// does the patched path add a failure to release V? Both paths against every check of V that
// their locks allow, per folio size, pin count, reader order and memory model; the answer is the
// diff (harness/search/review.hpp) with a line to quote (harness/report/review_report.hpp).
#include "harness/cli/cmd_review.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <sstream>

#include "harness/cli/options.hpp"
#include "harness/cli/sweep_cli.hpp"
#include "harness/report/review_report.hpp"
#include "harness/search/pool.hpp"
#include "lang/diag.hpp"
#include "lang/scenario.hpp"
#include "lang/writer_file.hpp"

namespace po = boost::program_options;

namespace fc {

namespace {

// Folio sizes by default: sc at 1-4 and 16 pages (16: a 64K folio, where a batch of 16 PTEs is
// what the batched paths are for); lkmm at 1-4, because the exact engine runs one search per pin
// count and at 16 pages the 128 searches of the batched-unmap review took 500 s on 2 cores at load 8
// (docs/review.md).
const std::vector<int> kScPages = {1, 2, 3, 4, 16};
const std::vector<int> kLkmmPages = {1, 2, 3, 4};
const char* kLkmmNote =
    "16 pages left out by default: one exact-engine search per pin count, minutes in all there; "
    "--pages 1-4,16 runs them";

const WriterDef* load_file(const std::string& option, const std::string& path) {
    try {
        return lang::load_writer_file(path);
    } catch (const lang::LangError& e) {
        throw UsageError(option + ": " + e.what());
    } catch (const lang::FileError& e) {
        throw UsageError(option + ": " + std::string(e.what()) + "; check the path");
    }
}

// --NAME or --NAME-file, exactly one of them.
const WriterDef* writer_option(const po::variables_map& vm, const std::string& name, const KernelRelease& k) {
    const bool builtin = vm.count(name) > 0, file = vm.count(name + "-file") > 0;
    if (builtin && file) throw UsageError("give --" + name + " or --" + name + "-file, not both");
    if (!builtin && !file)
        throw UsageError("review needs --" + name + " NAME (a built-in writer) or --" + name + "-file FILE" +
                         (name == "baseline" ? " (the path the patch replaces in " + std::string(k.name) + ")"
                                             : std::string(" (the patched path)")));
    if (file) return load_file("--" + name + "-file", vm[name + "-file"].as<std::string>());
    const std::string w = vm[name].as<std::string>();
    if (name == "patch") {
        if (const WriterDef* d = find_writer(w)) return d;
        throw UsageError("unknown --patch writer '" + w + "'; valid: " + writer_names() +
                         ", or --patch-file FILE for a writer file");
    }
    if (const WriterDef* d = release_path(k, w)) return d;
    throw UsageError("--baseline " + w + " is not a path " + k.name + " runs (it runs " + release_path_names(k) +
                     "); the baseline is the path the patch replaces, or give --baseline-file FILE");
}

po::options_description review_description() {
    po::options_description d("review options");
    d.add_options()("kernel", po::value<std::string>(), "the release the patch applies to (required; foliocheck list)")(
        "patch", po::value<std::string>(), "the patched path: a built-in writer")(
        "patch-file", po::value<std::string>(), "the patched path: a writer file (docs/scenarios.md)")(
        "baseline", po::value<std::string>(),
        "the path the patch replaces: a writer the release runs (required unless --baseline-file)")(
        "baseline-file", po::value<std::string>(), "the path the patch replaces, as a writer file")(
        "pages", po::value<std::string>(),
        "folio sizes for every memory model (default: sc 1-4,16; lkmm 1-4, said in the output)")(
        "memory", po::value<std::string>(), "memory models (default sc,lkmm; lkmm runs on the exact engine)")(
        "pins", po::value<std::string>(), "one pin count only (default: every count 1..pages, one row each)")(
        "search", po::value<std::string>(), "cached (default), reduced or full: exhaustive searches only")(
        "max-executions", po::value<std::string>(),
        "per configuration: stop after N executions (the row is then undecided)")(
        "timeout", po::value<std::string>(),
        "the whole command: stop after SECONDS; configurations not done by then are not run (their rows undecided)")(
        "timeout-each", po::value<std::string>(), "per configuration: stop after SECONDS (the row is then undecided)")(
        "jobs", po::value<std::string>(), "configurations run in parallel (default: cores)")(
        "expect", po::value<std::string>(),
        "no-new-failures: exit 0 if the patch adds no failure and every row is decided, 1 if it adds one, "
        "4 if it adds none but some row is undecided (without --expect: exit 0 after the report)")("json", "JSON")(
        "markdown", "Markdown")("help,h", "this help");
    return d;
}

}  // namespace

ReviewOptions parse_review_options(const std::vector<std::string>& args) {
    ReviewOptions o;
    const po::options_description d = review_description();
    po::variables_map vm = parse_vm(args, d, nullptr, "review");
    if (vm.count("help")) {
        std::ostringstream h;
        h << "usage: foliocheck review --kernel V (--patch NAME | --patch-file F) (--baseline NAME | --baseline-file "
             "F) [options]\n"
             "Does the patch add a failure to release V? The patch and the path it replaces, each against every\n"
             "check of V its locks allow, at every folio size, pin count (1..pages), the check's read order in V\n"
             "and memory model; the answer is the diff: failures added, removed, on both sides, and undecided\n"
             "rows (a search stopped by a limit: never counted as no new failure). The baseline is required:\n"
             "several paths of a release share a kind, so the one a patch replaces cannot be derived.\n"
             "Exit: 0 report printed (with --expect no-new-failures: nothing added, every row decided);\n"
             "1 --expect no-new-failures and the patch adds a failure; 4 --expect no-new-failures, nothing\n"
             "added but some row undecided; 2 bad input; 3 internal error or lost output; 130/143/129 signal.\n"
          << d;
        o.help = h.str();
        return o;
    }
    if (!vm.count("kernel")) throw UsageError("review needs --kernel V; valid: " + kernel_names());
    const KernelRelease* k = find_kernel(vm["kernel"].as<std::string>());
    if (!k) throw UsageError("unknown --kernel '" + vm["kernel"].as<std::string>() + "'; valid: " + kernel_names());
    const WriterDef* patch = writer_option(vm, "patch", *k);
    const WriterDef* baseline = writer_option(vm, "baseline", *k);
    o.spec.release = k;
    o.spec.patch = review_side(patch, baseline);
    o.spec.baseline = review_side(baseline, patch);
    if (vm.count("expect")) {
        const std::string e = vm["expect"].as<std::string>();
        if (e != "no-new-failures") throw UsageError("unknown --expect '" + e + "'; valid: no-new-failures");
        o.expect_no_new_failures = true;
        vm.erase("expect");  // sweep_options() knows holds|violation only
    }
    const SweepOptions s = sweep_options(vm);  // --pages, --memory, --search, limits, --jobs, format
    o.spec.memories = vm.count("memory") ? s.memories : std::vector<Memory>{Memory::sc, Memory::lkmm};
    for (Memory m : o.spec.memories)
        o.spec.pages[m] = vm.count("pages") ? s.pages : m == Memory::lkmm ? kLkmmPages : kScPages;
    if (!vm.count("pages") && o.spec.pages.count(Memory::lkmm)) o.lkmm_note = kLkmmNote;
    o.spec.search = s.search;
    o.jobs = s.jobs;
    o.format = s.format;
    if (vm.count("pins")) {
        int most = 0;
        for (const auto& [m, pages] : o.spec.pages) most = std::max(most, pages.back());
        o.spec.pins = static_cast<int>(parse_integer("--pins", vm["pins"].as<std::string>(), 1, most));
    }
    return o;
}

int cmd_review(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const ReviewOptions o = parse_review_options(args);
    if (!o.help.empty()) {
        out << o.help;
        return EXIT_HOLDS;
    }
    const ReviewPlan plan = review_plan(o.spec);
    if (plan.reqs.empty())
        throw UsageError(std::string("nothing to review: no check of ") + o.spec.release->name +
                         " races either path at these sizes (see 'foliocheck list'); widen --pages or --pins");
    const auto t0 = std::chrono::steady_clock::now();
    const std::vector<SweepRow> all =
        run_matrix(plan.reqs, o.jobs, progress_line(::isatty(STDERR_FILENO) != 0), review_record);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const bool json = o.format == OutputFormat::json;
    if (sweep_interrupted(all)) return report_interrupted("review", all, out, err, json);
    if (const int c = report_error_rows("review", all, out, err, json, true); c >= 0) return c;
    const Review rv = diff_review(o.spec, plan, all);
    const size_t added = rv.counts.count(Change::added) ? rv.counts.at(Change::added) : 0;
    const size_t undecided = rv.counts.count(Change::undecided) ? rv.counts.at(Change::undecided) : 0;
    const int code = !o.expect_no_new_failures ? EXIT_HOLDS
                     : added > 0               ? EXIT_VIOLATION
                     : undecided > 0           ? EXIT_NOT_EXHAUSTIVE
                                               : EXIT_HOLDS;
    if (json) {
        nlohmann::json j = review_json(o.spec, plan, rv, all, o.lkmm_note);
        j["seconds"] = secs;
        out << j.dump(2) << "\n";
        return code;
    }
    out << review_text(o.spec, plan, rv, all, o.lkmm_note, o.format == OutputFormat::markdown);
    out << "\n" << plan.reqs.size() << " configurations in " << std::fixed << std::setprecision(1) << secs << " s\n";
    return code;
}

}  // namespace fc
