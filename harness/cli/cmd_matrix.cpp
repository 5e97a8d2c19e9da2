// harness/cli/cmd_matrix.cpp: `foliocheck matrix` and `foliocheck merge`.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <fstream>
#include <map>
#include <sstream>

#include "checks/kernels.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/expect.hpp"
#include "harness/cli/options.hpp"
#include "harness/cli/sweep_cli.hpp"
#include "harness/search/matrix.hpp"
#include "harness/search/pool.hpp"
#include "harness/search/split.hpp"
#include "model/engine.hpp"

namespace po = boost::program_options;

namespace fc {

namespace {

std::vector<std::string> split_list(const std::string& option, const std::string& s) {
    std::vector<std::string> out;
    std::string cur;
    std::istringstream in(s);
    while (std::getline(in, cur, ','))
        if (!cur.empty()) out.push_back(cur);
    if (out.empty()) throw UsageError(option + " needs a comma-separated list, got '" + s + "'");
    return out;
}

std::vector<int> parse_pages_list(const std::string& s) {
    std::vector<int> out;
    for (const std::string& part : split_list("--pages", s)) {
        const size_t dash = part.find('-');
        if (dash == std::string::npos) {
            out.push_back(static_cast<int>(parse_integer("--pages", part, 1, kMaxPages)));
            continue;
        }
        const int lo = static_cast<int>(parse_integer("--pages", part.substr(0, dash), 1, kMaxPages));
        const int hi = static_cast<int>(parse_integer("--pages", part.substr(dash + 1), 1, kMaxPages));
        if (hi < lo) throw UsageError("--pages range '" + part + "' is empty; write LOW-HIGH, e.g. 1-3");
        for (int p = lo; p <= hi; p++) out.push_back(p);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

po::options_description matrix_description() {
    po::options_description d("matrix options");
    d.add_options()("checks", po::value<std::string>(), "checks, comma-separated (default: the table above)")(
        "writers", po::value<std::string>(), "writers, comma-separated (default: the table above)")(
        "pages", po::value<std::string>(), "pages: list or ranges, e.g. 1-3 or 1,2,4 (default 1-3)")(
        "mapcount", po::value<std::string>(),
        "per-page,large,mm-id,no-page-mapcount (default per-page,large; with --kernel the release's)")(
        "kernel", po::value<std::string>(),
        ("one release's table: its checks, writers and mapcount design (" + kernel_names() + ")").c_str())(
        "ranges", po::value<std::string>(),
        "writer ranges: all (the whole folio), first (page 0 only); default all, with --kernel all,first")(
        "what-if", "also run combinations the kernel never runs (marked [what-if])")(
        "reader-orders", po::value<std::string>(), "kernel (default), ref-first, map-first, either")(
        "reader-barriers", po::value<std::string>(), "none,rmb (default none)")(
        "memory", po::value<std::string>(), "any of sc,lkmm,c11,relaxed, comma-separated (default sc)")(
        "swapcache", "every folio in the swapcache")(
        "pins", po::value<std::string>(),
        "pins held in every configuration, 1..512 (configurations of fewer pages are left out); default: every count "
        "from 1 to each folio's pages")("search", po::value<std::string>(),
                                        "cached (default), reduced or full: exhaustive searches only")(
        "max-executions", po::value<std::string>(), "per configuration: stop after N executions (then not exhaustive)")(
        "timeout", po::value<std::string>(), kCommandTimeoutHelp)(
        "timeout-each", po::value<std::string>(), "per configuration: stop after SECONDS (then not exhaustive)")(
        "jobs", po::value<std::string>(), "configurations run in parallel (default: number of cores)")(
        "shard", po::value<std::string>(), "I/N: run only the I-th of N deterministic slices")(
        "expect", po::value<std::string>(), expect_help())("json", "a JSON list of the objects `run --json` prints")(
        "csv", "CSV")("markdown", "Markdown tables (no timings: regenerates without a diff)")("help,h", "this help");
    return d;
}

template <typename T>
std::vector<T> parse_each(const std::string& option, const std::string& s, bool (*parse)(const std::string&, T&),
                          const char* valid) {
    std::vector<T> out;
    for (const std::string& x : split_list(option, s)) {
        T v{};
        if (!parse(x, v)) throw UsageError("unknown " + option + " value '" + x + "'; valid: " + valid);
        out.push_back(v);
    }
    return out;
}

// What is wrong with an entry of a merge file, "" if nothing: every field the tables, the exit
// code or a reader relies on must be what `run --json` writes. A hand-edited verdict, a
// negative or absurd number, or a "holds" that was not exhaustive is refused, not shown.
std::string entry_problem(const nlohmann::json& r) {
    if (!r.is_object()) return "not a JSON object";
    auto str = [&](const char* k) { return r.contains(k) && r[k].is_string(); };
    auto uint_at_most = [&](const nlohmann::json& v, uint64_t max) {
        return v.is_number_unsigned() && v.get<uint64_t>() <= max;
    };
    if (!str("check") || !find_check(r["check"].get<std::string>())) return "'check' is not a check's name";
    if (!str("writer") || !find_writer(r["writer"].get<std::string>())) return "'writer' is not a writer's name";
    if (!r.contains("pages") || !uint_at_most(r["pages"], kMaxPages) || r["pages"].get<uint64_t>() < 1)
        return "'pages' is not a whole number from 1 to " + std::to_string(kMaxPages);
    MapcountDesign d;
    ReadOrder o;
    ReaderBarrier b;
    Memory m;
    if (r.contains("mapcount") && !(r["mapcount"].is_string() && parse_mapcount(r["mapcount"].get<std::string>(), d)))
        return "'mapcount' is not one of " + mapcount_names();
    if (r.contains("reader_order") &&
        !(r["reader_order"].is_string() && parse_read_order(r["reader_order"].get<std::string>(), o)))
        return "'reader_order' is not a reader order";
    if (r.contains("reader_barrier") &&
        !(r["reader_barrier"].is_string() && parse_reader_barrier(r["reader_barrier"].get<std::string>(), b)))
        return "'reader_barrier' is not none, rmb or mb";
    if (r.contains("memory") && !(r["memory"].is_string() && parse_memory(r["memory"].get<std::string>(), m)))
        return "'memory' is not one of " + memory_names();
    if (!str("verdict")) return "'verdict' is missing";
    const std::string v = r["verdict"].get<std::string>();
    Outcome outcome;
    if (!parse_outcome(v, outcome))
        return "verdict '" + v.substr(0, 40) + "' is not holds, violation or no-violation-found";
    if (outcome == Outcome::error || outcome == Outcome::interrupted || outcome == Outcome::not_run)
        return "verdict '" + v +
               "': that configuration did not complete; run it again (matrix --shard) and merge the new file";
    const uint64_t kCount = uint64_t(1) << 53;  // exact in a double, far beyond any search
    for (const char* k : {"executions", "violating_executions", "iterations", "spurious", "states", "cut_executions"})
        if (r.contains(k) && !r[k].is_null() && !uint_at_most(r[k], kCount))
            return std::string("'") + k + "' is not a whole number from 0 to 2^53";
    if (r.contains("sweep_index") && !uint_at_most(r["sweep_index"], 100000000))
        return "'sweep_index' is not a whole number from 0 to 10^8";
    if (r.contains("context_bound") && !uint_at_most(r["context_bound"], 20))
        return "'context_bound' is not a whole number from 0 to 20";
    if (r.contains("seconds") && !r["seconds"].is_null() &&
        !(r["seconds"].is_number() && r["seconds"].get<double>() >= 0 && r["seconds"].get<double>() < 1e9))
        return "'seconds' is not a non-negative number";
    if (r.contains("exhaustive") && !r["exhaustive"].is_boolean()) return "'exhaustive' is not true or false";
    if (outcome == Outcome::holds) {  // a wrong "holds" is the worst bug: only from a completed exhaustive search
        SearchMode mode;
        const bool exhaustive_mode =
            str("search") && parse_search_mode(r["search"].get<std::string>(), mode) && is_exhaustive_mode(mode);
        if (!(r.contains("exhaustive") && r["exhaustive"] == true) || !exhaustive_mode)
            return "verdict 'holds' without a completed exhaustive search (exhaustive true, search cached, full or "
                   "reduced)";
    }
    if (r.contains("counterexample") && !r["counterexample"].is_null()) {
        const nlohmann::json& c = r["counterexample"];
        if (!c.is_object() || !c.contains("preemptions") || !uint_at_most(c["preemptions"], 1000000))
            return "'counterexample.preemptions' is not a whole number from 0 to 10^6";
        if (c.contains("replay_token") && !c["replay_token"].is_null() && !c["replay_token"].is_string())
            return "'counterexample.replay_token' is not a string";
    }
    if (outcome == Outcome::violation && !(r.contains("counterexample") && r["counterexample"].is_object()))
        return "verdict 'violation' without a counterexample";
    return "";
}

bool parse_range_name(const std::string& s, std::string& out) {
    if (s != "all" && s != "first") return false;
    out = s;
    return true;
}

// A file name in a message: control characters escaped, long names cut.
std::string file_shown(const std::string& f) { return escape_controls(f.size() > 80 ? f.substr(0, 77) + "..." : f); }

bool parse_order_name(const std::string& s, std::string& out) {
    ReadOrder o;
    if (s != "kernel" && !parse_read_order(s, o)) return false;
    out = s;
    return true;
}

}  // namespace

std::string matrix_help() {
    // What the default sweep runs and leaves out, from the sweep itself (default_matrix()).
    const MatrixSpec d = default_matrix();
    std::string checks_out, writers_out, checks_in, writers_in;
    for (const CheckDef* c : all_checks()) {
        const bool in = std::find(d.checks.begin(), d.checks.end(), c) != d.checks.end();
        std::string& list = in ? checks_in : checks_out;
        list += (list.empty() ? "" : ", ") + std::string(c->name);
    }
    for (const WriterDef* w : all_writers()) {
        if (w->emit_from) continue;  // a writer file: only --writers/--writer-file run it
        const bool in = std::find(d.writers.begin(), d.writers.end(), w) != d.writers.end();
        std::string& list = in ? writers_in : writers_out;
        list += (list.empty() ? "" : ", ") + std::string(w->name);
    }
    std::ostringstream s;
    s << "usage: foliocheck matrix [options]\n"
      << "Without --kernel, --checks or --writers it runs the 2023 question's table: the checks " << checks_in
      << " against the writers " << writers_in
      << ", pages 1-3, mapcount per-page and large, the kernel's read orders, sc.\n"
      << "Left out of that default: the checks " << (checks_out.empty() ? "(none)" : checks_out) << " and the writers "
      << (writers_out.empty() ? "(none)" : writers_out)
      << ": modelled after that table (the 2024-2026 check forms, and paths of v6.10 and later or of proposals), they "
         "run in the tables of the releases that have them, with the release's mapcount design ('matrix --kernel V', "
         "'release --kernel V'), or where --checks/--writers name them.\n"
      << matrix_description();
    return s.str();
}

int print_results(const std::vector<nlohmann::json>& results, OutputFormat fmt, std::ostream& out) {
    switch (fmt) {
    case OutputFormat::json: out << nlohmann::json(results).dump(2) << "\n"; break;
    case OutputFormat::csv: out << matrix_csv(results); break;
    case OutputFormat::markdown: out << matrix_markdown(results); break;
    case OutputFormat::text: out << matrix_text(results); break;
    }
    return 0;
}

MatrixPlan parse_matrix_options(const std::vector<std::string>& args) {
    MatrixPlan plan;
    po::variables_map vm;
    try {
        reject_parser_placeholders(args);
        const po::positional_options_description none;  // a stray word is an error, not ignored
        po::store(po::command_line_parser(args).options(matrix_description()).positional(none).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(std::string(e.what()) + "; see 'foliocheck matrix --help'");
    }
    if (vm.count("help")) {
        plan.help = matrix_help();
        return plan;
    }
    MatrixSpec& spec = plan.spec;
    spec = default_matrix();
    if (vm.count("kernel")) {
        const std::string k = vm["kernel"].as<std::string>();
        if (!find_kernel(k)) throw UsageError("unknown --kernel '" + k + "'; valid: " + kernel_names());
        spec = kernel_matrix(k);
    }
    spec.what_if = vm.count("what-if") > 0;
    if (vm.count("ranges"))
        spec.ranges =
            parse_each<std::string>("--ranges", vm["ranges"].as<std::string>(), parse_range_name, "all, first");
    if (vm.count("checks")) {
        spec.checks.clear();
        for (const std::string& n : split_list("--checks", vm["checks"].as<std::string>())) {
            const CheckDef* c = find_check(n);
            if (!c) throw UsageError("unknown check '" + n + "' in --checks; valid: " + check_names());
            if (std::find(spec.checks.begin(), spec.checks.end(), c) == spec.checks.end())
                spec.checks.push_back(c);  // named twice: run once
        }
    }
    if (vm.count("writers")) {
        spec.writers.clear();
        for (const std::string& n : split_list("--writers", vm["writers"].as<std::string>())) {
            const WriterDef* w = find_writer(n);
            if (!w) throw UsageError("unknown writer '" + n + "' in --writers; valid: " + writer_names());
            // Named twice (--writer-file F --writers NAME adds NAME again): run once.
            if (std::find(spec.writers.begin(), spec.writers.end(), w) == spec.writers.end()) spec.writers.push_back(w);
        }
    }
    if (vm.count("pages")) spec.pages = parse_pages_list(vm["pages"].as<std::string>());
    if (vm.count("mapcount"))
        spec.mapcounts = parse_each<MapcountDesign>("--mapcount", vm["mapcount"].as<std::string>(), parse_mapcount,
                                                    mapcount_names().c_str());
    if (vm.count("reader-orders"))
        spec.orders = parse_each<std::string>("--reader-orders", vm["reader-orders"].as<std::string>(),
                                              parse_order_name, ("kernel, " + read_order_names()).c_str());
    if (vm.count("reader-barriers"))
        spec.barriers = parse_each<ReaderBarrier>("--reader-barriers", vm["reader-barriers"].as<std::string>(),
                                                  parse_reader_barrier, reader_barrier_names().c_str());
    if (vm.count("memory"))
        spec.memories =
            parse_each<Memory>("--memory", vm["memory"].as<std::string>(), parse_memory, memory_names().c_str());
    spec.swapcache = vm.count("swapcache") > 0;
    if (vm.count("pins"))
        spec.pins = static_cast<int>(parse_integer("--pins", vm["pins"].as<std::string>(), 1, kMaxPages));
    if (vm.count("search")) {
        const std::string m = vm["search"].as<std::string>();
        if (!parse_search_mode(m, spec.search.mode) || !is_exhaustive_mode(spec.search.mode))
            throw UsageError("matrix runs exhaustive searches only: --search " + exhaustive_search_mode_names() +
                             ", not '" + m + "'");
    }
    if (vm.count("max-executions"))
        spec.search.max_executions = static_cast<uint64_t>(
            parse_integer("--max-executions", vm["max-executions"].as<std::string>(), 1, 1000000000000000LL));
    if (vm.count("timeout-each"))
        spec.search.timeout_seconds = parse_seconds("--timeout-each", vm["timeout-each"].as<std::string>());
    set_command_timeout(vm.count("timeout") ? parse_seconds("--timeout", vm["timeout"].as<std::string>()) : 0);
    plan.jobs = default_jobs();
    if (vm.count("jobs"))
        plan.jobs = static_cast<unsigned>(parse_integer("--jobs", vm["jobs"].as<std::string>(), 1, 256));
    if (vm.count("expect")) plan.expect = parse_expect(vm["expect"].as<std::string>());
    plan.format = output_format(vm.count("json") > 0, vm.count("csv") > 0, vm.count("markdown") > 0);

    std::vector<RunRequest>& reqs = plan.reqs;
    reqs = enumerate(spec, plan.skipped);
    // Only a selection with no configuration at all is an error; an empty shard (more shards
    // than configurations) is a valid, empty result.
    if (reqs.empty())
        throw UsageError("the selection has no possible configuration; check --checks/--pages (ksm needs --pages 1)");
    for (size_t k = 0; k < reqs.size(); k++) plan.sweep_index.push_back(k);
    if (vm.count("shard")) {
        const std::string sh = vm["shard"].as<std::string>();
        const size_t slash = sh.find('/');
        if (slash == std::string::npos) throw UsageError("--shard takes I/N, e.g. 1/4, not '" + sh + "'");
        const long long n = parse_integer("--shard N", sh.substr(slash + 1), 1, 100000);
        const long long i = parse_integer("--shard I", sh.substr(0, slash), 1, n);
        std::vector<RunRequest> slice;
        std::vector<size_t> index;
        for (size_t k = 0; k < reqs.size(); k++)
            if (static_cast<long long>(k % static_cast<size_t>(n)) == i - 1) {
                slice.push_back(reqs[k]);
                index.push_back(k);
            }
        reqs = slice;
        plan.sweep_index = index;
    }
    return plan;
}

int cmd_matrix(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const MatrixPlan plan = parse_matrix_options(args);
    if (!plan.help.empty()) {
        out << plan.help;
        return EXIT_HOLDS;
    }
    const MatrixSpec& spec = plan.spec;
    const Skipped& skipped = plan.skipped;
    const OutputFormat fmt = plan.format;
    std::vector<SweepRow> results =
        run_matrix(plan.reqs, plan.jobs, progress_line(progress_wanted(fmt == OutputFormat::json)), result_json);
    for (size_t k = 0; k < results.size(); k++) results[k].json["sweep_index"] = plan.sweep_index[k];
    const bool interrupted = sweep_interrupted(results);
    if (fmt == OutputFormat::text) {
        out << "foliocheck matrix: " << results.size() << " configurations";
        if (skipped.count) out << " (" << skipped.count << " left out as impossible or duplicate)";
        out << ", search " << search_name(spec.search.mode) << "\n";
        if (plan.reqs.empty())
            out << "this shard holds none of the sweep's configurations: an empty result, nothing to run\n";
        if (interrupted)
            out << "INTERRUPTED by " << interrupt_signal_name()
                << ": rows marked 'interrupted' did not complete and have no verdict\n";
        out << "\n";
    }
    print_results(rows_json(results), fmt, out);
    if (fmt == OutputFormat::text) {
        out << "\n";
        if (interrupted) {
            out << "interrupted: " << completion_summary(results) << "\n";
        } else {
            size_t v = 0, h = 0, n = 0;
            for (const SweepRow& r : results) {
                v += r.is(Outcome::violation);
                h += r.is(Outcome::holds);
                n += r.is(Outcome::no_violation_found);
            }
            out << h << " hold, " << v << " violation(s), " << n << " not exhaustive, of " << results.size() << "\n";
            if (count_not_run(results)) out << not_run_note(results) << "\n";
        }
        for (const std::string& why : skipped.reasons) out << "left out: " << why << "\n";
    }
    if (interrupted) {
        err << "foliocheck: interrupted by " << interrupt_signal_name() << "; " << completion_summary(results)
            << ", no conclusion drawn\n";
        return interrupted_exit_code();
    }
    if (const int c = report_error_rows("matrix", results, out, err, false, false); c >= 0) return c;
    if (count_not_run(results)) err << "foliocheck: " << not_run_note(results) << "\n";
    return results_exit_code(results, plan.expect);
}

int cmd_merge(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    bool json = false, csv = false, markdown = false;
    Expect expect = Expect::none;
    std::vector<std::string> files;
    for (size_t i = 0; i < args.size(); i++) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") {
            out << "foliocheck merge FILE... [--json|--csv|--markdown] [--expect holds|violation]\n"
                   "  Joins the files 'matrix --json' (shards) and 'run --split I/N --json' (parts of one\n"
                   "  search) wrote into one table. Parts of one search must name the same configuration\n"
                   "  and build; a part missing is never holds.\n";
            return EXIT_HOLDS;
        }
        if (a == "--json") json = true;
        else if (a == "--csv") csv = true;
        else if (a == "--markdown") markdown = true;
        else if (a.rfind("--expect=", 0) == 0) expect = parse_expect(a.substr(9));
        else if (a == "--expect") {
            if (i + 1 >= args.size()) throw UsageError("--expect needs a value: holds or violation");
            expect = parse_expect(args[++i]);
        } else if (!a.empty() && a[0] == '-')
            throw UsageError("unknown option '" + a +
                             "' for merge; valid: --json, --csv, --markdown, --expect holds|violation");
        else files.push_back(a);
    }
    if (files.empty()) throw UsageError("merge needs files: foliocheck merge SHARD.json... (from matrix --json)");
    std::vector<nlohmann::json> all;
    std::map<std::pair<dev_t, ino_t>, std::string> seen_files;
    std::map<std::string, std::string> seen_entries;  // entry (without timings) -> where it was
    for (const std::string& f : files) {
        struct stat st {};
        if (::stat(f.c_str(), &st) == 0) {
            const auto key = std::make_pair(st.st_dev, st.st_ino);
            if (seen_files.count(key))
                throw UsageError("'" + file_shown(f) + "' is the same file as '" + file_shown(seen_files[key]) +
                                 "'; give each shard once");
            seen_files[key] = f;
            if (S_ISDIR(st.st_mode))
                throw UsageError("cannot read '" + file_shown(f) +
                                 "': a directory; give the files that 'matrix --json' wrote");
        }
        std::ifstream in(f);
        if (!in) throw UsageError("cannot read '" + file_shown(f) + "'; give the files that 'matrix --json' wrote");
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(in, nullptr, false);
        } catch (const std::exception&) {  // a read error: the stream throws
            throw UsageError("cannot read '" + file_shown(f) + "'; give the files that 'matrix --json' wrote");
        }
        if (!j.is_discarded() && is_split_part(j)) j = nlohmann::json::array({j});  // run --split I/N --json
        if (j.is_discarded() || !j.is_array())
            throw UsageError("'" + file_shown(f) + "' is not a JSON list from 'matrix --json'");
        for (size_t k = 0; k < j.size(); k++) {
            const nlohmann::json& r = j[k];
            const std::string where = "'" + file_shown(f) + "' entry " + std::to_string(k + 1);
            const std::string problem = entry_problem(r);
            if (!problem.empty())
                throw UsageError(where + ": " + problem + "; merge takes the files 'matrix --json' wrote, unedited");
            nlohmann::json key = r;
            key.erase("seconds");
            key.erase("explored");
            const std::string dump = key.dump();
            if (seen_entries.count(dump))
                throw UsageError(where + " repeats " + seen_entries[dump] +
                                 " (the same shard twice?); give each shard once");
            seen_entries[dump] = where;
            all.push_back(r);
        }
    }
    combine_split_entries(all);  // the parts of a `run --split` search become one result
    // Shards of one sweep carry their position in it; other files fall back to a stable key.
    std::stable_sort(all.begin(), all.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
        const bool ia = a.contains("sweep_index") && a["sweep_index"].is_number_unsigned();
        const bool ib = b.contains("sweep_index") && b["sweep_index"].is_number_unsigned();
        if (ia && ib) return a["sweep_index"].get<size_t>() < b["sweep_index"].get<size_t>();
        return config_key(a) < config_key(b);
    });
    print_results(all, output_format(json, csv, markdown), out);
    (void)err;
    std::vector<SweepRow> rows;
    for (nlohmann::json& r : all) rows.push_back(sweep_row(std::move(r)));
    return results_exit_code(rows, expect);
}

}  // namespace fc
