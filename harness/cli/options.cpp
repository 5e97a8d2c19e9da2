// harness/cli/options.cpp: `foliocheck run` options (see options.hpp).
#include "harness/cli/options.hpp"

#include "harness/search/engine_choice.hpp"

#include <boost/program_options.hpp>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "checks/kernels.hpp"

namespace po = boost::program_options;

namespace fc {

namespace {

po::options_description run_description() {
    po::options_description sel("Selection");
    const std::string check_help = "kernel check: " + check_names();
    const std::string writer_help = "racing kernel path: " + writer_names();
    const std::string kernel_help =
        "kernel release whose check form, writer path and mapcount design to use: " + kernel_names();
    sel.add_options()("check", po::value<std::string>(), check_help.c_str())(
        "writer", po::value<std::string>(), writer_help.c_str())("pages", po::value<std::string>(),
                                                                 "folio size in pages, 1..512 (default 1)")(
        "mapcount", po::value<std::string>(),
        "per-page (v6.5), large (v6.10 _large_mapcount), mm-id (v6.15 CONFIG_MM_ID) or no-page-mapcount "
        "(CONFIG_NO_PAGE_MAPCOUNT); default per-page, or the --kernel release's")("kernel", po::value<std::string>(),
                                                                                  kernel_help.c_str())(
        "range", po::value<std::string>(), "pages the writer acts on, FIRST-LAST or N (default: the whole folio)")(
        "mms", po::value<std::string>(),
        "further mms mapping the folio, one range each, comma-separated (e.g. 0-1,1); the writer's mm maps it all")(
        "pins", po::value<std::string>(),
        "pins held for the whole run, 0..the folio's pages (0 = --no-pin); default: every count from 1 to the "
        "folio's pages, each judged")(
        "pin-kind", po::value<std::string>(),
        "FOLL_GET (one reference, default) or FOLL_PIN (1024 references on a small folio; one reference plus "
        "_pincount on a large one); with --writer gup-fast the kind GUP-fast takes")(
        "ptep-clear-flush", po::value<std::string>(),
        "mb (default: the flush is a full barrier) or plain (a plain store) before KSM's check")(
        "what-if", "run a combination the kernel never runs (a small folio split, ...); marked in every output")(
        "own-ref", po::value<std::string>(),
        "compaction's own speculative reference: taken (its fully ordered get_page_unless_zero() runs right before "
        "the reads; the default with --kernel) or folded (into the initial refcount; the default otherwise)")(
        "also", po::value<std::vector<std::string>>(),
        "a further writer on a CPU of its own, WRITER[:RANGE] (at most twice: 3 or 4 CPUs); an unmap or map path "
        "acts in an mm of its own, gup-fast pins in an mm nobody zaps")(
        "reader-order", po::value<std::string>(), "ref-first, map-first or either (default: the kernel's)")(
        "reader-barrier", po::value<std::string>(),
        "none, rmb or mb: smp_rmb()/smp_mb() between the two reads (default none)")(
        "memory", po::value<std::string>(),
        "sc, lkmm (exact), c11 (Relacy's approximation of lkmm) or relaxed (default sc)")(
        "no-pin", "run without the pin (measures spurious detections only)")(
        "swapcache", "the folio is in the swapcache (folio_nr_pages() references)")(
        "writer-mb",
        "proposal tweak: smp_mb__before_atomic()/smp_mb__after_atomic() around the writer's refcount RMWs")(
        "minimize",
        "for a violation: also find the fewest pages and the shortest prefix of the writer's path that still fail")(
        "first", "stop at the first violation: hunt with context bound 0, 1, 2, then the exhaustive search")(
        "count",
        "the cached search under sc hunts with context bound 0, 1 before its exhaustive search and stops at a "
        "violation the hunt finds; --count skips the hunt and counts every violating execution");
    po::options_description search("Search");
    search.add_options()("engine", po::value<std::string>(),
                         "exact or relacy; follows --memory by default (lkmm: exact, the others: relacy); "
                         "--engine exact also decides sc")(
        "search", po::value<std::string>(),
        "cached (default: exhaustive; reduced plus state caching under sc), reduced (exhaustive, fewer "
        "equivalent interleavings), full (plain Relacy full "
        "search), bound or random")("context-bound", po::value<std::string>(),
                                    "preemptions per execution for --search bound (0..20, default 2)")(
        "iterations", po::value<std::string>(), "executions for --search random (required there)")(
        "max-executions", po::value<std::string>(), "stop after N executions (then not exhaustive)")(
        "timeout", po::value<std::string>(), "stop after SECONDS (then not exhaustive)")(
        "jobs", po::value<std::string>(), "split the exhaustive search over N processes on this machine (default 1)")(
        "split", po::value<std::string>(),
        "run part I of N of the exhaustive search (e.g. 2/4); combine the parts' --json with 'foliocheck merge'");
    po::options_description out("Output");
    out.add_options()("json", "one JSON object instead of text")("help,h", "this help")(
        "litmus", po::value<std::string>(), "write the counterexample as a herd7/LKMM C litmus test to FILE")(
        "dot", po::value<std::string>(), "write the counterexample execution as a graphviz digraph to FILE");
    po::options_description all;
    all.add(sel).add(search).add(out);
    return all;
}

template <typename T>
T parse_name(const std::string& option, const std::string& value, bool (*parse)(const std::string&, T&),
             const char* valid) {
    T out{};
    if (!parse(value, out)) throw UsageError("unknown " + option + " '" + value + "'; valid: " + valid);
    return out;
}

}  // namespace

void reject_parser_placeholders(const std::vector<std::string>& args) {
    static const char* const kPlaceholders[] = {"%canonical_option%", "%option%", "%original_token%", "%prefix%",
                                                "%value%"};
    for (const std::string& a : args)
        for (const char* p : kPlaceholders)
            if (a.find(p) != std::string::npos)
                throw UsageError("argument '" + a.substr(0, 80) + "' contains '" + p +
                                 "', which the option parser cannot take");
}

std::string run_help() {
    std::ostringstream s;
    s << "usage: foliocheck run --check CHECK --writer WRITER [options]\n" << run_description();
    return s.str();
}

namespace {

// --jobs N and --split I/N (harness/search/split.hpp): both split one exhaustive search.
void parse_split_options(const std::string& jobs, const std::string& split, RunOptions& o) {
    SearchSpec& s = o.request.search;
    if (!jobs.empty()) o.jobs = static_cast<unsigned>(parse_integer("--jobs", jobs, 1, 256));
    if (!split.empty()) {
        const size_t slash = split.find('/');
        if (slash == std::string::npos) throw UsageError("--split takes I/N, e.g. 1/4, not '" + split + "'");
        const long long n = parse_integer("--split N", split.substr(slash + 1), 1, 100000);
        const long long i = parse_integer("--split I", split.substr(0, slash), 1, n);
        s.split_parts = static_cast<uint32_t>(n);
        s.split_part = static_cast<uint32_t>(i - 1);
    }
    if (o.jobs <= 1 && split.empty()) return;
    const char* what = split.empty() ? "--jobs" : "--split";
    if (o.jobs > 1 && !split.empty()) throw UsageError("--jobs and --split cannot be combined; use one of them");
    if (!is_exhaustive_mode(s.mode))
        throw UsageError(std::string(what) +
                         " splits an exhaustive search: use it with --search cached, reduced or full");
    if (o.request.first) throw UsageError(std::string(what) + " with --first: drop one of them");
    if (o.minimize)
        throw UsageError(std::string(what) + " with --minimize: minimize the combined result's configuration instead");
}

}  // namespace

RunOptions parse_run_options(const std::vector<std::string>& args) {
    po::variables_map vm;
    try {
        reject_parser_placeholders(args);
        const po::positional_options_description none;  // a stray word is an error, not ignored
        po::store(po::command_line_parser(args).options(run_description()).positional(none).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(std::string(e.what()) + "; see 'foliocheck run --help'");
    }
    RunOptions o;
    if (vm.count("help")) throw UsageError("help");
    RunRequest& r = o.request;
    if (!vm.count("check")) throw UsageError("run needs --check; choose one of: " + check_names());
    if (!vm.count("writer")) throw UsageError("run needs --writer; choose one of: " + writer_names());
    const std::string check = vm["check"].as<std::string>();
    const std::string writer = vm["writer"].as<std::string>();
    r.what_if = vm.count("what-if") > 0;
    if (vm.count("kernel")) {
        r.kernel = vm["kernel"].as<std::string>();
        resolve_kernel(r, check, writer);
    } else {
        r.check = find_check(check);
        if (!r.check) throw UsageError("unknown check '" + check + "'; valid: " + check_names());
        r.writer = find_writer(writer);
        if (!r.writer) throw UsageError("unknown writer '" + writer + "'; valid: " + writer_names());
    }
    if (vm.count("pages"))
        r.pages = static_cast<int>(parse_integer("--pages", vm["pages"].as<std::string>(), 1, kMaxPages));
    if (vm.count("mapcount"))
        r.mapcount = parse_name<MapcountDesign>("--mapcount", vm["mapcount"].as<std::string>(), parse_mapcount,
                                                mapcount_names().c_str());
    if (vm.count("range")) r.range = parse_page_range("--range", vm["range"].as<std::string>());
    if (vm.count("mms")) {
        const std::string list = vm["mms"].as<std::string>();
        size_t start = 0;
        while (start <= list.size()) {
            const size_t comma = list.find(',', start);
            const std::string part = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
            r.other_mms.push_back(parse_page_range("--mms", part));
            if (comma == std::string::npos) break;
            start = comma + 1;
        }
    }
    r.own_ref_taken = !r.kernel.empty();
    if (vm.count("own-ref")) {
        const std::string v = vm["own-ref"].as<std::string>();
        if (v != "taken" && v != "folded") throw UsageError("unknown --own-ref '" + v + "'; valid: taken, folded");
        r.own_ref_taken = v == "taken";
    }
    if (vm.count("also"))
        for (const std::string& a : vm["also"].as<std::vector<std::string>>()) r.also.push_back(parse_also(a, r));
    // --pins K: that count only (0: no pin); validate_config() refuses more pins than pages.
    int pins = kEveryPinCount;
    if (vm.count("pins")) pins = static_cast<int>(parse_integer("--pins", vm["pins"].as<std::string>(), 0, kMaxPages));
    if (vm.count("pin-kind"))
        r.pin_kind = parse_name<PinKind>("--pin-kind", vm["pin-kind"].as<std::string>(), parse_pin_kind,
                                         pin_kind_names().c_str());
    if (vm.count("ptep-clear-flush")) {
        const std::string v = vm["ptep-clear-flush"].as<std::string>();
        if (v != "mb" && v != "plain") throw UsageError("unknown --ptep-clear-flush '" + v + "'; valid: mb, plain");
        r.ptep_flush_mb = v == "mb";
    }
    if (vm.count("reader-order"))
        r.order = parse_name<ReadOrder>("--reader-order", vm["reader-order"].as<std::string>(), parse_read_order,
                                        read_order_names().c_str());
    if (vm.count("reader-barrier"))
        r.barrier = parse_name<ReaderBarrier>("--reader-barrier", vm["reader-barrier"].as<std::string>(),
                                              parse_reader_barrier, reader_barrier_names().c_str());
    if (vm.count("memory"))
        r.memory = parse_name<Memory>("--memory", vm["memory"].as<std::string>(), parse_memory, memory_names().c_str());
    r.pin = !vm.count("no-pin") && !(vm.count("pins") && pins == 0);  // --pins 0 is --no-pin
    if (vm.count("pins") && pins > 0) r.pins = pins;
    r.swapcache = vm.count("swapcache") > 0;
    r.writer_mb = vm.count("writer-mb") > 0;
    o.minimize = vm.count("minimize") > 0;
    r.first = vm.count("first") > 0;
    r.count_all = vm.count("count") > 0;
    if (r.first && r.count_all)
        throw UsageError("--first stops at the first violation and --count counts every one: drop one of them");
    if (r.first && !is_exhaustive_mode(r.search.mode))
        throw UsageError("--first hunts before an exhaustive search: use it with --search cached, reduced or full");
    if (o.minimize && !r.pin)
        throw UsageError("--minimize with --no-pin: without the pin nothing can fail; drop --no-pin");
    o.json = vm.count("json") > 0;
    if (vm.count("litmus")) o.litmus_file = vm["litmus"].as<std::string>();
    if (vm.count("dot")) o.dot_file = vm["dot"].as<std::string>();
    if ((vm.count("litmus") && o.litmus_file.empty()) || (vm.count("dot") && o.dot_file.empty()))
        throw UsageError("--litmus and --dot need a file name");

    SearchSpec& s = r.search;
    // The cached search is the default: exhaustive, proven against the plain full search and the
    // reduced search by tests/test_search_cached.cpp (same verdicts and fewest preemptions);
    // under lkmm and relaxed it is the reduced search (tests/test_search_reduction.cpp).
    s.mode = SearchMode::cached;
    if (vm.count("engine"))
        r.engine_asked =
            parse_name<EngineKind>("--engine", vm["engine"].as<std::string>(), parse_engine, "relacy, exact");
    // Refused here, before any work, when the pair answers under other semantics than it names.
    r.search.engine = engine_for(r.memory, r.engine_asked);
    if (vm.count("search")) {
        const std::string m = vm["search"].as<std::string>();
        if (!parse_search_mode(m, s.mode))
            throw UsageError("unknown --search '" + m + "'; valid: " + search_mode_names());
    }
    if (vm.count("context-bound")) {
        if (s.mode != SearchMode::bound) throw UsageError("--context-bound needs --search bound");
        s.context_bound =
            static_cast<unsigned>(parse_integer("--context-bound", vm["context-bound"].as<std::string>(), 0, 20));
    }
    if (vm.count("iterations")) {
        if (s.mode != SearchMode::random) throw UsageError("--iterations needs --search random");
        s.iterations = static_cast<uint64_t>(
            parse_integer("--iterations", vm["iterations"].as<std::string>(), 1, 1000000000000LL));
    } else if (s.mode == SearchMode::random) {
        throw UsageError("--search random needs --iterations N (how many random executions to run)");
    }
    if (vm.count("max-executions"))
        s.max_executions = static_cast<uint64_t>(
            parse_integer("--max-executions", vm["max-executions"].as<std::string>(), 1, 1000000000000000LL));
    if (vm.count("timeout")) s.timeout_seconds = parse_seconds("--timeout", vm["timeout"].as<std::string>());
    parse_split_options(vm.count("jobs") ? vm["jobs"].as<std::string>() : "",
                        vm.count("split") ? vm["split"].as<std::string>() : "", o);

    ScenarioConfig cfg = scenario_config(r, ReadOrder::ref_first);
    const std::string problem = validate_config(cfg);
    if (!problem.empty()) throw UsageError(problem);
    return o;
}

}  // namespace fc
