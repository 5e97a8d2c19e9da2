// harness/matrix.cpp: sweep enumeration, parallel execution and tables (see matrix.hpp).
#include "harness/matrix.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

#include "checks/kernels.hpp"
#include "harness/options.hpp"
#include "harness/pool.hpp"
#include "harness/report.hpp"
#include "harness/verdict.hpp"
#include "lang/diag.hpp"
#include "model/engine.hpp"

namespace fc {

MatrixSpec default_matrix() {
    MatrixSpec s;
    for (const CheckDef* c : all_checks())
        if (!c->newer) s.checks.push_back(c);
    for (const WriterDef* w : all_writers())
        if (!w->newer) s.writers.push_back(w);
    s.pages = {1, 2, 3};
    s.mapcounts = {MapcountDesign::per_page, MapcountDesign::large};
    s.orders = {"kernel"};
    s.barriers = {ReaderBarrier::none};
    s.memories = {Memory::sc};
    s.search.mode = SearchMode::cached;
    return s;
}

MatrixSpec kernel_matrix(const std::string& kernel) {
    MatrixSpec s = default_matrix();
    const KernelRelease* k = find_kernel(kernel);
    if (!k) return s;
    s.kernel = kernel;
    s.checks = k->checks;
    s.writers = k->writers;
    s.mapcounts = {k->design};
    s.ranges = {"all", "first"};
    return s;
}

std::vector<RunRequest> enumerate(const MatrixSpec& spec, Skipped& skipped) {
    std::vector<RunRequest> out;
    std::map<std::string, size_t> reasons;
    auto skip = [&](const std::string& why) { reasons[why]++; };
    const bool both_designs = spec.mapcounts.size() > 1;
    const bool has_none =
        std::find(spec.barriers.begin(), spec.barriers.end(), ReaderBarrier::none) != spec.barriers.end();
    const KernelRelease* kernel = spec.kernel.empty() ? nullptr : find_kernel(spec.kernel);
    for (const CheckDef* c : spec.checks)
        for (const WriterDef* w : spec.writers) {
            // A release's table judges each check against the paths its locks allow
            // (kernel_racing_writers(), the same list `release --kernel` uses).
            if (kernel && !spec.what_if) {
                const std::vector<const WriterDef*> racing = kernel_racing_writers(*kernel, c);
                if (std::find(racing.begin(), racing.end(), w) == racing.end()) {
                    skip(
                        "a writer the check's locks exclude or the release does not run (checks/concurrency.cpp; "
                        "--what-if runs it)");
                    continue;
                }
            }
            for (const std::string& range : spec.ranges)
                for (int pages : spec.pages)
                    for (MapcountDesign d : spec.mapcounts) {
                        if (range == "first" && pages == 1) {
                            skip("--ranges first at 1 page: the whole folio, the same scenario as all");
                            continue;
                        }
                        if (range == "first" && w->kind == WriterKind::pin) {
                            skip("--ranges first with gup-fast: it pins page 0 either way, the same scenario as all");
                            continue;
                        }
                        if (pages == 1 && d == MapcountDesign::large && both_designs) {
                            skip(
                                "--mapcount large at 1 page: a one-page folio is small, the same scenario as per-page");
                            continue;
                        }
                        for (const std::string& o : spec.orders) {
                            std::vector<ReadOrder> orders;
                            if (o == "kernel") {
                                if (c->kernel_order == ReadOrder::either)
                                    orders = {ReadOrder::ref_first, ReadOrder::map_first};
                                else orders = {c->kernel_order};
                            } else {
                                ReadOrder ro;
                                parse_read_order(o, ro);
                                orders = {ro};
                            }
                            for (ReadOrder ro : orders)
                                for (ReaderBarrier b : spec.barriers)
                                    for (Memory m : spec.memories) {
                                        if (m == Memory::sc && b != ReaderBarrier::none && has_none) {
                                            skip(
                                                "a reader barrier under sc: no weak behaviour to order, the same as "
                                                "none");
                                            continue;
                                        }
                                        RunRequest r;
                                        r.check = c;
                                        r.writer = w;
                                        r.pages = pages;
                                        r.mapcount = d;
                                        r.order = ro;
                                        r.barrier = b;
                                        r.memory = m;
                                        r.swapcache = spec.swapcache;
                                        r.pins = spec.pins;
                                        r.search = spec.search;
                                        r.kernel = spec.kernel;
                                        r.own_ref_taken = !spec.kernel.empty();
                                        r.what_if = spec.what_if;
                                        if (range == "first") r.range = PageRange{0, 0};
                                        const std::string why = validate_config(scenario_config(r, ro));
                                        if (!why.empty()) {
                                            skip(why);
                                            continue;
                                        }
                                        out.push_back(r);
                                    }
                        }
                    }
        }
    for (const auto& [why, n] : reasons) {
        skipped.count += n;
        skipped.reasons.push_back(std::to_string(n) + " x " + why);
    }
    return out;
}

nlohmann::json input_error_row(const RunRequest& req, const std::string& why) {
    RunResult empty;
    empty.request = req;
    nlohmann::json j = result_json(empty);
    j["verdict"] = outcome_name(Outcome::error);
    j["error"] = escape_controls(why.substr(0, 300));
    j["error_kind"] = "input";
    j["exhaustive"] = false;
    return j;
}

std::vector<SweepRow> run_matrix(const std::vector<RunRequest>& reqs, unsigned jobs, bool show_progress) {
    const auto start = std::chrono::steady_clock::now();
    auto progress = [&](size_t done, size_t total) {
        if (!show_progress) return;
        const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double est = done ? el / static_cast<double>(done) * static_cast<double>(total - done) : 0;
        std::fprintf(stderr, "\r  %zu/%zu configurations, %.1f s elapsed, about %.0f s left   ", done, total, el, est);
        if (done == total) std::fprintf(stderr, "\n");
        std::fflush(stderr);
    };
    const auto task = [&](size_t i) {
        try {
            return result_json(run_config(reqs[i])).dump();
        } catch (const lang::LangError& e) {  // a writer file that cannot describe this folio
            return input_error_row(reqs[i], e.what()).dump();
        } catch (const UsageError& e) {
            return input_error_row(reqs[i], e.what()).dump();
        }
    };
    const std::vector<TaskOutput> outs = run_in_children(reqs.size(), jobs, task, progress);
    std::vector<SweepRow> results;
    for (size_t i = 0; i < reqs.size(); i++) {
        const TaskOutput& o = outs[i];
        nlohmann::json j;
        if (o.exit_status == 0 && !o.text.empty()) {
            j = nlohmann::json::parse(o.text, nullptr, false);
            if (j.is_discarded()) j = nullptr;
        }
        if (o.interrupted) {  // SIGINT/SIGTERM/SIGHUP stopped it, or it never started
            RunResult empty;
            empty.request = reqs[i];
            j = result_json(empty);
            j["verdict"] = outcome_name(Outcome::interrupted);
            j["error"] = std::string("did not complete: interrupted by ") + interrupt_signal_name();
            j["exhaustive"] = false;
            j["executions"] = nullptr;
            j["seconds"] = nullptr;
            j["spurious"] = nullptr;
        } else if (j.is_null()) {  // the child crashed or failed
            RunResult empty;
            empty.request = reqs[i];
            j = result_json(empty);
            j["verdict"] = outcome_name(Outcome::error);
            j["error"] = o.text.empty() ? (o.crashed ? "the child process crashed" : "not run") : o.text.substr(0, 300);
            j["error_kind"] = "internal";
            j["exhaustive"] = false;
        }
        j["sweep_index"] = i;  // position in the whole sweep (before --shard): merge restores it
        results.push_back(sweep_row(std::move(j)));
    }
    return results;
}

namespace {

struct Column {
    const char* title;
    std::string (*get)(const nlohmann::json&);
};

std::string s_of(const nlohmann::json& j, const char* k) {
    if (!j.contains(k) || j[k].is_null()) return "-";
    if (j[k].is_string()) return j[k].get<std::string>();
    if (j[k].is_boolean()) return j[k].get<bool>() ? "yes" : "no";
    if (j[k].is_number_float()) {
        char b[32];
        std::snprintf(b, sizeof b, "%.3f", j[k].get<double>());
        return b;
    }
    return j[k].dump();
}

std::string verdict_cell(const nlohmann::json& j) {
    std::string v = s_of(j, "verdict");
    if (v == "violation" && j.contains("counterexample") && j["counterexample"].is_object())
        v += " (" + std::to_string(j["counterexample"]["preemptions"].get<unsigned>()) + "p)";
    if (j.value("what_if", false)) v += " [what-if]";
    return v;
}

// The writer, and its pages when it acts on part of the folio: "zap-v6.9 (pages 0)".
std::string writer_cell(const nlohmann::json& j) {
    std::string w = s_of(j, "writer");
    const std::string range = j.contains("range") && j["range"].is_string() ? j["range"].get<std::string>() : "all";
    if (range != "all") w += " (pages " + range + ")";
    return w;
}

const std::vector<Column>& columns() {
    static const std::vector<Column> cols = {
        {"pages", [](const nlohmann::json& j) { return s_of(j, "pages"); }},
        {"mapcount", [](const nlohmann::json& j) { return s_of(j, "mapcount"); }},
        {"reader", [](const nlohmann::json& j) { return s_of(j, "reader_order"); }},
        {"barrier", [](const nlohmann::json& j) { return s_of(j, "reader_barrier"); }},
        {"memory", [](const nlohmann::json& j) { return s_of(j, "memory"); }},
        {"verdict", verdict_cell},
        {"executions", [](const nlohmann::json& j) { return s_of(j, "executions"); }},
        {"seconds", [](const nlohmann::json& j) { return s_of(j, "seconds"); }},
        {"spurious", [](const nlohmann::json& j) { return s_of(j, "spurious"); }},
    };
    return cols;
}

}  // namespace

std::string config_key(const nlohmann::json& r) {
    auto rank = [](const std::string& name, bool check) {
        if (check) {
            const auto& v = all_checks();
            for (size_t i = 0; i < v.size(); i++)
                if (name == v[i]->name) return i;
        } else {
            const auto& v = all_writers();
            for (size_t i = 0; i < v.size(); i++)
                if (name == v[i]->name) return i;
        }
        return size_t(99);
    };
    char b[256];
    std::snprintf(b, sizeof b, "%02zu %02zu %02d %s %s %s %s", rank(s_of(r, "check"), true),
                  rank(s_of(r, "writer"), false), r.value("pages", 0), s_of(r, "mapcount").c_str(),
                  s_of(r, "reader_order").c_str(), s_of(r, "reader_barrier").c_str(), s_of(r, "memory").c_str());
    return b;
}

std::string matrix_text(const std::vector<nlohmann::json>& results) {
    std::ostringstream s;
    if (!results.empty() && results[0].contains("kernel") && results[0]["kernel"].is_string()) {
        const KernelRelease* k = find_kernel(results[0]["kernel"].get<std::string>());
        if (k) s << "kernel " << k->name << ": " << k->summary << "\n\n";
    }
    std::string check, writer;
    std::vector<size_t> w(columns().size());
    for (size_t c = 0; c < columns().size(); c++) {
        w[c] = std::string(columns()[c].title).size();
        for (const auto& r : results) w[c] = std::max(w[c], columns()[c].get(r).size());
    }
    for (const auto& r : results) {
        if (s_of(r, "check") != check) {
            check = s_of(r, "check");
            writer.clear();
            s << (s.tellp() > 0 ? "\n" : "") << check << "\n";
        }
        if (writer_cell(r) != writer) {
            writer = writer_cell(r);
            s << "  " << writer << "\n    ";
            for (size_t c = 0; c < columns().size(); c++)
                s << std::left << std::setw(static_cast<int>(w[c] + 2)) << columns()[c].title;
            s << "\n";
        }
        s << "    ";
        for (size_t c = 0; c < columns().size(); c++)
            s << std::left << std::setw(static_cast<int>(w[c] + 2)) << columns()[c].get(r);
        s << "\n";
    }
    // An error row has no verdict: its reason, under the table.
    for (const auto& r : results)
        if (r.value("verdict", "") == "error")
            s << "error: " << s_of(r, "check") << " vs " << writer_cell(r) << ", " << s_of(r, "pages") << " pages, "
              << s_of(r, "mapcount") << ", " << s_of(r, "reader_order") << ": " << s_of(r, "error") << "\n";
    return s.str();
}

// Markdown leaves out the seconds: a committed table must regenerate without a diff.
std::string matrix_markdown(const std::vector<nlohmann::json>& results) {
    std::ostringstream s;
    std::string check;
    auto shown = [](const Column& c) { return std::string(c.title) != "seconds"; };
    for (const auto& r : results) {
        if (s_of(r, "check") != check) {
            check = s_of(r, "check");
            s << (s.tellp() > 0 ? "\n" : "") << "### " << check << "\n\n| writer |";
            for (const Column& c : columns())
                if (shown(c)) s << " " << c.title << " |";
            s << "\n|---|";
            for (const Column& c : columns())
                if (shown(c)) s << "---|";
            s << "\n";
        }
        s << "| " << writer_cell(r) << " |";
        for (const Column& c : columns())
            if (shown(c)) s << " " << c.get(r) << " |";
        s << "\n";
    }
    return s.str();
}

// One CSV field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break,
// a quote inside doubled. (merge takes hand-edited files: any text can reach a field.)
std::string csv_field(const std::string& f) {
    if (f.find_first_of(",\"\r\n") == std::string::npos) return f;
    std::string q = "\"";
    for (char c : f) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

std::string matrix_csv(const std::vector<nlohmann::json>& results) {
    std::ostringstream s;
    s << "check,writer";
    for (const Column& c : columns()) s << "," << c.title;
    s << ",exhaustive\n";
    for (const auto& r : results) {
        s << csv_field(s_of(r, "check")) << "," << csv_field(writer_cell(r));
        for (const Column& c : columns()) s << "," << csv_field(c.get(r));
        s << "," << csv_field(s_of(r, "exhaustive")) << "\n";
    }
    return s.str();
}

bool sweep_interrupted(const std::vector<SweepRow>& results) {
    if (g_interrupt) return true;
    for (const SweepRow& r : results)
        if (r.is(Outcome::interrupted)) return true;
    return false;
}

std::string completion_summary(const std::vector<SweepRow>& results) {
    size_t v = 0, h = 0, n = 0, stopped = 0, other = 0;
    for (const SweepRow& r : results) {
        switch (r.outcome) {
        case Outcome::violation: v++; break;
        case Outcome::holds: h++; break;
        case Outcome::no_violation_found: n++; break;
        case Outcome::interrupted: stopped++; break;
        case Outcome::error: other++; break;
        }
    }
    std::ostringstream o;
    o << (results.size() - stopped) << " of " << results.size() << " configurations completed (" << h << " hold, " << v
      << " violation(s), " << n << " not exhaustive";
    if (other) o << ", " << other << " error(s)";
    o << "); " << stopped << " interrupted";
    return o.str();
}

int report_error_rows(const char* command, const std::vector<SweepRow>& results, std::ostream& out, std::ostream& err,
                      bool json, bool print) {
    size_t errors = 0, internal = 0;
    std::string first;
    for (const auto& r : results)
        if (r.is(Outcome::error)) {
            errors++;
            if (r.json.value("error_kind", "internal") != "input") internal++;
            if (first.empty()) first = s_of(r.json, "error");
        }
    if (!errors) return -1;
    if (print) {
        if (json)
            out << nlohmann::json{{"conclusion", nullptr}, {"errors", errors}, {"results", rows_json(results)}}.dump(2)
                << "\n";
        else
            out << "foliocheck " << command << ": " << errors << " configuration(s) have no verdict (error rows): "
                << "no conclusion is drawn. The rows:\n\n"
                << matrix_text(rows_json(results));
    }
    err << "foliocheck: " << errors << " of " << results.size()
        << " configurations have no verdict, no conclusion drawn: " << first.substr(0, 240) << "\n";
    return internal ? EXIT_INTERNAL : EXIT_USAGE;
}

int report_interrupted(const char* command, const std::vector<SweepRow>& results, std::ostream& out, std::ostream& err,
                       bool json) {
    if (json) {
        out << nlohmann::json{{"interrupted", interrupt_signal_name()},
                              {"conclusion", nullptr},
                              {"completed", completion_summary(results)},
                              {"results", rows_json(results)}}
                   .dump(2)
            << "\n";
    } else {
        out << "foliocheck " << command << ": INTERRUPTED by " << interrupt_signal_name()
            << " before every configuration completed: no conclusion is drawn. What completed (rows marked"
            << " 'interrupted' did not):\n\n"
            << matrix_text(rows_json(results)) << "\n"
            << completion_summary(results) << "\n";
    }
    err << "foliocheck: interrupted by " << interrupt_signal_name() << "; " << completion_summary(results)
        << ", no conclusion drawn\n";
    return interrupted_exit_code();
}

}  // namespace fc
