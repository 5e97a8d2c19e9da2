// harness/report/sweep_tables.cpp: a sweep's rows as tables (text, Markdown, CSV), and the
// reports of sweeps that reached no conclusion (see sweep_tables.hpp).
#include "harness/report/sweep_tables.hpp"

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include "checks/kernels.hpp"
#include "harness/search/pool.hpp"
#include "harness/search/verdict.hpp"

namespace fc {

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

// The writer as the text and Markdown tables head it: a release's table runs the patches
// posted against it too (checks/kernels.cpp kOrigins), and says which rows are not merged.
std::string writer_heading(const nlohmann::json& j) {
    std::string w = writer_cell(j);
    if (j.contains("kernel") && j["kernel"].is_string()) {
        const WriterDef* d = find_writer(s_of(j, "writer"));
        const WriterOrigin* o = d ? writer_origin(d) : nullptr;
        if (o && o->posted_against && j["kernel"].get<std::string>() == o->posted_against)
            w += " (proposal, not merged)";
    }
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
        if (writer_heading(r) != writer) {
            writer = writer_heading(r);
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
        s << "| " << writer_heading(r) << " |";
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

std::string completion_summary(const std::vector<SweepRow>& results) {
    size_t v = 0, h = 0, n = 0, stopped = 0, other = 0, not_run = 0;
    for (const SweepRow& r : results) {
        switch (r.outcome) {
        case Outcome::violation: v++; break;
        case Outcome::holds: h++; break;
        case Outcome::no_violation_found: n++; break;
        case Outcome::interrupted: stopped++; break;
        case Outcome::not_run: not_run++; break;
        case Outcome::error: other++; break;
        }
    }
    std::ostringstream o;
    o << (results.size() - stopped - not_run) << " of " << results.size() << " configurations completed (" << h
      << " hold, " << v << " violation(s), " << n << " not exhaustive";
    if (other) o << ", " << other << " error(s)";
    o << "); " << stopped << " interrupted";
    if (not_run) o << ", " << not_run << " not run (command timeout)";
    return o.str();
}

size_t count_not_run(const std::vector<SweepRow>& results) {
    size_t n = 0;
    for (const SweepRow& r : results) n += r.is(Outcome::not_run);
    return n;
}

std::string not_run_note(const std::vector<SweepRow>& results) {
    const size_t n = count_not_run(results);
    if (!n) return "";
    return std::to_string(n) + " of " + std::to_string(results.size()) +
           " configurations not run (command timeout): no verdict for them, and none drawn from them; a larger "
           "--timeout answers them";
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
