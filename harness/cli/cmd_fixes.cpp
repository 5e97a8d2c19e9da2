// harness/cli/cmd_fixes.cpp: `foliocheck fixes --check C [--writer W]`: which sets of catalogue
// fixes make the check hold against every writer its locks allow (fixes_search.hpp), and for a
// set that holds against one writer but not another, which writer breaks it and how.
#include <unistd.h>

#include <algorithm>
#include <iomanip>
#include <sstream>

#include "checks/concurrency.hpp"
#include "harness/cli/options.hpp"
#include "harness/cli/sweep_cli.hpp"
#include "harness/report/report.hpp"
#include "harness/search/fixes_search.hpp"
#include "harness/search/matrix.hpp"
#include "harness/search/pool.hpp"

namespace fc {

namespace {

const char* kFixesHelp =
    "usage: foliocheck fixes --check C [--writer W] [run options] [--pages LIST] [--max-fixes N] [--jobs N]\n"
    "                        [--expect holds|violation] [--json]\n"
    "Tries sets of catalogue fixes (foliocheck list), smallest first up to the whole catalogue, each judged\n"
    "against every writer the check's locks allow (docs/checks.md) at every size of --pages (default 1-3).\n"
    "--writer W names the writer the question is about; the others are judged too. The run options set the\n"
    "configuration as given: --memory, --mapcount, --reader-order, --reader-barrier, --swapcache, --search\n"
    "reduced (default: it counts the spurious detections per reads-from class shown beside each set)|cached|full,\n"
    "--max-executions, --timeout-each (per configuration). --timeout SECONDS is the whole command's budget:\n"
    "configurations not done by then are 'not run (command timeout)' and the command exits 4.\n"
    "--expect judges the configuration as given.\n";

std::string take_value(const std::vector<std::string>& args, size_t& i, const std::string& opt) {
    const std::string& a = args[i];
    if (a.size() > opt.size() && a.compare(0, opt.size() + 1, opt + "=") == 0) return a.substr(opt.size() + 1);
    if (i + 1 >= args.size()) throw UsageError(opt + " needs a value; see 'foliocheck fixes --help'");
    return args[++i];
}

std::string where(const SetResult& s, int i) {
    const int p = s.pages[static_cast<size_t>(i)];
    return std::string(s.writers[static_cast<size_t>(i)]->name) + " at " + std::to_string(p) +
           (p == 1 ? " page" : " pages");
}

std::string token_of(const SetResult& s, int i) {
    const nlohmann::json& row = s.results[static_cast<size_t>(i)].json;
    if (!row.contains("counterexample")) return "";
    const nlohmann::json& cx = row["counterexample"];
    return cx.is_object() && cx["replay_token"].is_string() ? cx["replay_token"].get<std::string>() : "";
}

std::string spurious_text(const SetResult& s) {
    if (!s.classes_counted) return "not counted (the cached search cuts executions)";
    return std::to_string(s.transient) + " writer-transient, " + std::to_string(s.torn) + " torn";
}

// "every unmap writer, fork-v6.5": the writers a set breaks, a whole kind named as such.
std::string breaks_text(const SetResult& s, const std::vector<const WriterDef*>& judged) {
    std::string out;
    for (WriterKind k : {WriterKind::unmap, WriterKind::map, WriterKind::pin}) {
        std::vector<std::string> of_kind, broken;
        for (const WriterDef* w : judged)
            if (w->kind == k) {
                of_kind.push_back(w->name);
                if (std::find(s.breaks.begin(), s.breaks.end(), w->name) != s.breaks.end()) broken.push_back(w->name);
            }
        if (broken.empty()) continue;
        if (broken.size() == of_kind.size() && broken.size() > 1) {
            out += (out.empty() ? "" : ", ") + std::string(k == WriterKind::unmap ? "every unmap writer"
                                                           : k == WriterKind::map ? "every fork writer"
                                                                                  : "every pin writer");
            continue;
        }
        for (const std::string& b : broken) out += (out.empty() ? "" : ", ") + b;
    }
    return out.empty() ? "-" : out;
}

nlohmann::json set_json(const SetResult& s) {
    nlohmann::json j;
    j["fixes"] = nlohmann::json::array();
    for (const Fix* f : s.fixes) j["fixes"].push_back(f->name);
    j["verdict"] = outcome_name(s.verdict);
    j["breaks"] = nlohmann::json::array();
    for (size_t i = 0; i < s.results.size(); i++)
        if (s.results[i].is(Outcome::violation))
            j["breaks"].push_back({{"writer", s.writers[i]->name},
                                   {"pages", s.pages[i]},
                                   {"replay_token", token_of(s, static_cast<int>(i))}});
    j["spurious_classes"] = s.classes_counted
                                ? nlohmann::json{{"writer_transient", s.transient}, {"torn_snapshot", s.torn}}
                                : nlohmann::json(nullptr);
    return j;
}

}  // namespace

FixesPlan parse_fixes_options(const std::vector<std::string>& args) {
    FixesPlan plan;
    std::vector<std::string> run_args;
    plan.jobs = default_jobs();
    std::string writer;
    bool pages_given = false;
    double command_timeout = 0;
    for (size_t i = 0; i < args.size(); i++) {
        const std::string& a = args[i];
        auto is = [&](const char* o) { return a == o || a.rfind(std::string(o) + "=", 0) == 0; };
        if (is("--timeout")) {  // the whole command's budget; --timeout-each is the run's --timeout
            command_timeout = parse_seconds("--timeout", take_value(args, i, "--timeout"));
            continue;
        }
        if (is("--timeout-each")) {
            const std::string v = take_value(args, i, "--timeout-each");
            parse_seconds("--timeout-each", v);
            run_args.push_back("--timeout");
            run_args.push_back(v);
            continue;
        }
        if (a == "--help" || a == "-h") {
            plan.help = kFixesHelp;
            return plan;
        }
        if (is("--jobs"))
            plan.jobs = static_cast<unsigned>(parse_integer("--jobs", take_value(args, i, "--jobs"), 1, 256));
        else if (is("--pages")) {
            plan.pages = parse_pages_option(take_value(args, i, "--pages"));
            pages_given = true;
        } else if (is("--expect")) plan.expect = parse_expect(take_value(args, i, "--expect"));
        else if (is("--max-fixes"))
            plan.max_fixes =
                static_cast<size_t>(parse_integer("--max-fixes", take_value(args, i, "--max-fixes"), 1, 64));
        else if (is("--writer")) writer = take_value(args, i, "--writer");
        else if (is("--litmus") || is("--dot") || a == "--minimize" || a == "--first" || a == "--no-pin")
            throw UsageError(a.substr(0, a.find('=')) +
                             " is an option of run, not of fixes; see 'foliocheck fixes --help'");
        else run_args.push_back(a);
    }
    // The run options describe the configuration as given; the writer and size vary.
    bool has_check = false;
    for (const std::string& a : run_args) has_check = has_check || a == "--check" || a.rfind("--check=", 0) == 0;
    if (!has_check) throw UsageError("fixes needs --check C; choose one of: " + check_names());
    run_args.push_back("--writer");
    run_args.push_back(writer.empty() ? "gup-fast" : writer);
    // A writer of large folios only (batch-zap-v4, ...) is parsed at the largest size asked for:
    // the sizes vary anyway, and at 1 page it would be refused as a what-if.
    if (const WriterDef* w = find_writer(writer); w && w->large_only) {
        run_args.push_back("--pages");
        run_args.push_back(std::to_string(plan.pages.back()));
    }
    const RunOptions ro = parse_run_options(run_args);
    set_command_timeout(command_timeout);
    plan.base = ro.request;
    plan.json = ro.json;
    // The false-positive cost beside each fix counts spurious detections per reads-from class,
    // which needs every execution: the cached search cuts executions at explored states, so
    // fixes runs the reduced search unless told otherwise (pages 1-3 by default: milliseconds).
    bool has_search = false;
    for (const std::string& a : run_args) has_search = has_search || a == "--search" || a.rfind("--search=", 0) == 0;
    if (!has_search) plan.base.search.mode = SearchMode::reduced;
    if (!is_exhaustive_mode(plan.base.search.mode))
        throw UsageError("fixes needs exhaustive searches: --search cached, reduced or full");
    plan.writers = racing_writers(plan.base.check);
    if (!writer.empty()) {
        plan.named = find_writer(writer);
        if (std::find(plan.writers.begin(), plan.writers.end(), plan.named) == plan.writers.end())
            plan.writers.insert(plan.writers.begin(), plan.named);  // a what-if writer: asked for, so judged
    }
    if (plan.base.check->small_only) {
        if (plan.pages != std::vector<int>{1} && pages_given)
            throw UsageError(std::string("--check ") + plan.base.check->name +
                             " handles small pages only (large folios are split first): use --pages 1");
        plan.pages = {1};
    }
    return plan;
}

int cmd_fixes(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const FixesPlan plan = parse_fixes_options(args);
    if (!plan.help.empty()) {
        out << plan.help;
        return EXIT_HOLDS;
    }
    // Phases on a terminal: the configuration as given, then one sweep per fix-set size
    // (search_fixes() runs one run_matrix() per size, smallest first).
    const bool show = progress_wanted(plan.json);
    size_t phase = 0;
    Progress current;
    const Progress phased = !show ? Progress() : [&](size_t done, size_t total) {
        if (done == 0) {        // a new sweep starts (run_in_children tells 0 first)
            current = nullptr;  // the last phase's line stays
            phase++;
            current =
                progress_line(true, phase == 1 ? "phase 1: the configuration as given, every writer and size"
                                               : "phase " + std::to_string(phase) + ": sets of " +
                                                     std::to_string(phase - 1) + (phase == 2 ? " fix" : " fixes"));
        }
        current(done, total);
    };
    const FixSearch s = search_fixes(plan, phased, result_json);
    current = nullptr;
    if (sweep_interrupted(s.as_given.results)) {  // never a fix set from searches that did not complete
        std::vector<SweepRow> all = s.as_given.results;
        for (const SetResult& r : s.sets) all.insert(all.end(), r.results.begin(), r.results.end());
        return report_interrupted("fixes", all, out, err, plan.json);
    }
    {  // never a fix set over configurations without a verdict either
        std::vector<SweepRow> all = s.as_given.results;
        for (const SetResult& r : s.sets) all.insert(all.end(), r.results.begin(), r.results.end());
        if (const int c = report_error_rows("fixes", all, out, err, plan.json, true); c >= 0) return c;
    }
    size_t not_run = 0, configurations = 0;  // the command's --timeout ran out before these
    std::vector<const SetResult*> swept{&s.as_given};
    for (const SetResult& r : s.sets) swept.push_back(&r);
    for (const SetResult* r : swept)
        for (const SweepRow& row : r->results) {
            not_run += row.is(Outcome::not_run);
            configurations++;
        }
    const std::string not_run_text = std::to_string(not_run) + " of " + std::to_string(configurations) +
                                     " configurations not run (command timeout): a set with one of them has no "
                                     "verdict (no-violation-found)";
    if (not_run) err << "foliocheck: " << not_run_text << "\n";
    const int code = not_run ? EXIT_NOT_EXHAUSTIVE : results_exit_code(s.as_given.results, plan.expect);
    const std::vector<const SetResult*> holding = holding_sets(s);
    const SetResult* best = holding.empty() ? best_failing_set(s) : nullptr;
    const CheckDef* check = plan.base.check;
    if (plan.json) {
        nlohmann::json j;
        j["check"] = check->name;
        j["memory"] = memory_name(plan.base.memory);
        j["writers"] = nlohmann::json::array();
        for (const WriterDef* w : plan.writers) j["writers"].push_back(w->name);
        j["writer"] = plan.named ? nlohmann::json(plan.named->name) : nlohmann::json(nullptr);
        j["pages"] = plan.pages;
        j["catalogue"] = nlohmann::json::array();
        for (const Fix* f : s.catalogue) j["catalogue"].push_back(f->name);
        j["as_given"] = set_json(s.as_given);
        j["sets"] = nlohmann::json::array();
        for (const SetResult& r : s.sets) j["sets"].push_back(set_json(r));
        j["holding"] = nlohmann::json::array();
        for (const SetResult* h : holding) j["holding"].push_back(set_json(*h));
        j["best_failing"] = best ? set_json(*best) : nlohmann::json(nullptr);
        j["largest_set_tried"] = s.largest;
        j["pruned"] = s.pruned;
        j["not_run"] = not_run;
        out << j.dump(2) << "\n";
        return code;
    }
    RunRequest shown = plan.base;
    shown.writer = plan.writers.front();
    std::string title = title_text(shown);
    title = title.substr(title.find(", ", title.find(" vs ")) + 2);  // drop "check vs writer, N pages, "
    title = title.substr(title.find(", ") + 2);
    out << "foliocheck fixes: " << check->name << ", " << title << "\n";
    out << "judged against every writer " << check->name << "'s locks allow (" << check->locks << "):\n  ";
    for (size_t i = 0; i < plan.writers.size(); i++) out << (i ? ", " : "") << plan.writers[i]->name;
    out << "\n  at ";
    for (size_t i = 0; i < plan.pages.size(); i++) out << (i ? "," : "") << plan.pages[i];
    out << (plan.pages.size() == 1 && plan.pages[0] == 1 ? " page" : " pages") << "; each configuration an exhaustive "
        << search_name(plan.base.search.mode) << " search\n\n";
    if (not_run) out << not_run_text << "\n\n";
    out << "as given: " << outcome_name(s.as_given.verdict);
    if (!s.as_given.breaks.empty()) out << " (breaks: " << breaks_text(s.as_given, plan.writers) << ")";
    out << "; spurious detections (reads-from classes): " << spurious_text(s.as_given) << "\n";
    if (s.as_given.verdict == Outcome::holds) {
        out << "nothing to fix: it holds against every writer\n";
        return code;
    }
    out << "catalogue: " << s.catalogue.size() << " fixes change this configuration; " << s.sets.size()
        << " sets tried (sizes 1-" << s.largest << ", smallest first), " << s.pruned
        << " supersets of a holding set left out\n\n";
    std::vector<std::vector<std::string>> rows;
    for (const SetResult& r : s.sets) {
        rows.push_back({r.name(), outcome_name(r.verdict), breaks_text(r, plan.writers), spurious_text(r)});
    }
    out << table_text({"fix set", "verdict", "breaks", "spurious (transient, torn)"}, rows, false) << "\n";
    if (!holding.empty()) {
        out << "holds against every writer (minimal sets, smallest first):\n";
        for (const SetResult* h : holding) {
            out << "  " << h->name() << "   [spurious: " << spurious_text(*h) << "]\n";
            for (const Fix* f : h->fixes) out << "      " << f->name << ": " << f->summary << "\n";
        }
    } else {
        out << "none of the catalogue's sets holds against every writer.\n";
    }
    // A set that holds against the writer asked about (or, without --writer, the closest set)
    // but breaks another: name the writer and show how.
    const SetResult* partial = nullptr;
    if (plan.named) {
        for (const SetResult& r : s.sets)
            if (r.holds_for(plan.named) && r.verdict == Outcome::violation) {
                partial = &r;
                break;
            }
    } else {
        partial = best;
    }
    if (partial) {
        // Every writer that breaks it, at its smallest failing size; shown: a writer of another
        // kind than the one asked about if there is one (the other direction of the race).
        std::vector<int> firsts;
        for (const std::string& name : partial->breaks) firsts.push_back(partial->first_violation(find_writer(name)));
        int show = firsts.front();
        for (int i : firsts)
            if (plan.named && partial->writers[static_cast<size_t>(i)]->kind != plan.named->kind) {
                show = i;
                break;
            }
        out << "\n"
            << (plan.named ? "the smallest set that holds against " + std::string(plan.named->name) + ", "
                           : "the closest set, ")
            << partial->name() << ", breaks against ";
        for (size_t k = 0; k < firsts.size(); k++) out << (k ? ", " : "") << where(*partial, firsts[k]);
        out << ".\nshown: " << where(*partial, show) << "\n" << replay_block(token_of(*partial, show));
    }
    return code;
}

}  // namespace fc
