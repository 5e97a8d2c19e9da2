// harness/report/litmus_report.cpp: see litmus_report.hpp.
#include "harness/report/litmus_report.hpp"

#include <sstream>

#include "harness/report/report.hpp"

namespace fc {

std::string litmus_verdict(const LitmusResult& r) {
    if (r.qualifier.empty()) return r.observation;
    std::string s = r.observation + " (" + r.qualifier;
    if (r.qualifier == "bounded" || r.qualifier == "may exceed LKMM") {
        const bool hides = r.qualifier == "bounded";
        std::string kinds;
        for (const lang::Blindspot& b : r.blindspots)
            if (b.hides == hides && kinds.find(b.kind) == std::string::npos)
                kinds += (kinds.empty() ? "" : ", ") + b.kind;
        s += ": " + kinds;
    }
    return s + ")";
}

namespace {
std::string state_line(const std::vector<std::string>& labels, const std::vector<int>& values) {
    std::string s;
    for (size_t i = 0; i < labels.size() && i < values.size(); i++)
        s += labels[i] + "=" + std::to_string(values[i]) + "; ";
    return s;
}
}  // namespace

std::string litmus_text(const LitmusResult& r, bool with_trace) {
    std::ostringstream s;
    s << "Test " << r.name << (r.quantifier == lang::Condition::forall ? " Required" : " Allowed") << "\n";
    s << "States " << r.states.size() << (r.states_truncated ? " (more not listed)" : "") << "\n";
    for (const LitmusState& st : r.states) s << state_line(r.var_labels, st.values) << "\n";
    s << (r.ok ? "Ok" : "No") << "\n";
    s << "Witnesses\n";
    s << "Positive: " << r.positive << " Negative: " << r.negative << "\n";
    for (const std::string& f : r.flags) s << "Flag " << f << "\n";
    s << "Condition " << r.condition_text << "\n";
    s << "Observation " << r.name << " " << r.observation << " " << r.positive << " " << r.negative << "\n";
    s << "verdict: " << litmus_verdict(r) << "\n";
    if (!r.expected.empty()) {
        s << "Result: " << r.expected << " expected (the file's Result: comment): ";
        if (r.result_match == "matches") s << "matches\n";
        else if (r.result_match == "differs") s << "DIFFERS (foliocheck: " << litmus_verdict(r) << ")\n";
        else s << "undecided (foliocheck: " << litmus_verdict(r) << ")\n";
    }
    s << "explored: " << r.explored
      << "; Positive/Negative count explored executions, not herd7's candidate "
         "executions";
    if (r.filtered) s << "; " << r.filtered << " executions filtered out";
    s << "\n";
    for (const lang::Blindspot& b : r.blindspots) {
        const bool applies = (b.hides && r.qualifier == "bounded") || (!b.hides && r.qualifier == "may exceed LKMM");
        s << (applies ? (b.hides ? "bounded: " : "may exceed LKMM: ") : "note: ") << b.reason << "\n";
    }
    if (!r.notes.empty()) s << "note: " << r.notes.substr(0, r.notes.size() - 2) << "\n";
    if (!r.has_condition)
        s << "note: no exists/~exists/forall clause: herd7 reads that as forall (true), which every execution "
             "satisfies; a writer or check part runs composed with another (--with PART) or, for a writer, with "
             "run --writer-file\n";
    if (with_trace && r.has_witness && r.observation == "Sometimes") {
        s << "\nwitness (" << (r.quantifier == lang::Condition::forall ? "the condition fails" : "the condition holds")
          << "; the execution with the fewest preemptions, " << r.witness_preemptions << "):\n";
        s << "  final state: " << state_line(r.var_labels, r.witness_values) << "\n\n";
        s << interleaving_text(r.witness_trace, r.cpus, r.memory, &r.names);
        if (!r.replay_token.empty()) s << "\nreplay: foliocheck replay " << r.replay_token << "\n";
    }
    return s.str();
}

nlohmann::json litmus_json(const LitmusResult& r, const SearchSpec& search) {
    using nlohmann::json;
    json j;
    j["test"] = r.name;
    j["file"] = r.path;
    j["memory"] = memory_name(r.memory);
    j["search"] = search_name(search.mode);
    j["condition"] = r.has_condition ? json(r.condition_text) : json(nullptr);
    j["expected"] = r.expected.empty() ? json(nullptr) : json(r.expected);
    json states = json::array();
    for (const LitmusState& st : r.states) {
        json v = json::object();
        for (size_t i = 0; i < r.var_labels.size() && i < st.values.size(); i++) v[r.var_labels[i]] = st.values[i];
        states.push_back({{"values", v}, {"executions", st.count}, {"condition_holds", st.satisfies}});
    }
    j["states"] = states;
    j["states_truncated"] = r.states_truncated;
    j["ok"] = r.ok;
    j["positive"] = r.positive;
    j["negative"] = r.negative;
    j["observation"] = r.observation;
    if (r.flags_known) j["flags"] = r.flags;
    j["qualifier"] = r.qualifier.empty() ? json(nullptr) : json(r.qualifier);
    j["verdict"] = litmus_verdict(r);
    j["result_match"] = r.result_match.empty() ? json(nullptr) : json(r.result_match);
    j["exhaustive"] = r.exhaustive;
    j["executions"] = r.executions;
    j["filtered_out"] = r.filtered;
    j["stopped_by"] = r.stopped_by.empty() ? json(nullptr) : json(r.stopped_by);
    j["explored"] = r.explored;
    json spots = json::array();
    for (const lang::Blindspot& b : r.blindspots)
        spots.push_back({{"kind", b.kind}, {"reason", b.reason}, {"hides_outcomes", b.hides}});
    j["blindspots"] = spots;
    if (r.has_witness && r.observation == "Sometimes") {
        json w;
        json fin = json::object();
        for (size_t i = 0; i < r.var_labels.size() && i < r.witness_values.size(); i++)
            fin[r.var_labels[i]] = r.witness_values[i];
        w["final"] = fin;
        w["preemptions"] = r.witness_preemptions;
        const std::vector<int> numbers = display_numbers(r.witness_trace);
        json steps = json::array();
        for (size_t i = 0; i < r.witness_trace.events.size(); i++) {
            if (numbers[i] == 0) continue;
            const TraceEvent& e = r.witness_trace.events[i];
            steps.push_back({{"step", numbers[i]}, {"cpu", e.cpu}, {"text", event_text(e, &numbers, &r.names)}});
        }
        w["steps"] = steps;
        w["replay"] = r.replay_token.empty() ? json(nullptr) : json(r.replay_token);
        j["witness"] = w;
    } else {
        j["witness"] = nullptr;
    }
    return j;
}

}  // namespace fc
