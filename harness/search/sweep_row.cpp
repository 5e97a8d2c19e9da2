// harness/search/sweep_row.cpp: see sweep_row.hpp.
#include "harness/search/sweep_row.hpp"

#include "model/names.hpp"

namespace fc {

namespace {
const NameRow<Outcome> kOutcomeNames[] = {
    {Outcome::holds, "holds"},
    {Outcome::violation, "violation"},
    {Outcome::no_violation_found, "no-violation-found"},
    {Outcome::interrupted, "interrupted"},
    {Outcome::not_run, "not-run"},
    {Outcome::error, "error"},
};
}  // namespace

const char* outcome_name(Outcome o) { return name_in(kOutcomeNames, o); }
bool parse_outcome(const std::string& s, Outcome& out) { return parse_in(kOutcomeNames, s, out); }

Outcome outcome_of(Verdict v) {
    switch (v) {
    case Verdict::holds: return Outcome::holds;
    case Verdict::violation: return Outcome::violation;
    case Verdict::no_violation_found: return Outcome::no_violation_found;
    }
    return Outcome::error;
}

SweepRow sweep_row(nlohmann::json j) {
    SweepRow r;
    if (j.is_object()) {
        const nlohmann::json& v = j.contains("verdict") ? j["verdict"] : nlohmann::json();
        if (!v.is_string() || !parse_outcome(v.get<std::string>(), r.outcome)) r.outcome = Outcome::error;
        if (j.contains("check") && j["check"].is_string()) r.check = j["check"].get<std::string>();
        if (j.contains("writer") && j["writer"].is_string()) r.writer = j["writer"].get<std::string>();
        if (j.contains("pages") && j["pages"].is_number_integer()) r.pages = j["pages"].get<int>();
        if (j.contains("memory") && j["memory"].is_string()) parse_memory(j["memory"].get<std::string>(), r.memory);
        r.what_if = j.contains("what_if") && j["what_if"].is_boolean() && j["what_if"].get<bool>();
    }
    r.json = std::move(j);
    return r;
}

std::vector<nlohmann::json> rows_json(const std::vector<SweepRow>& rows) {
    std::vector<nlohmann::json> out;
    out.reserve(rows.size());
    for (const SweepRow& r : rows) out.push_back(r.json);
    return out;
}

Outcome says_most(Outcome a, Outcome b) {
    auto rank = [](Outcome v) {
        switch (v) {
        case Outcome::error: return 3;
        case Outcome::violation: return 2;
        case Outcome::no_violation_found:
        case Outcome::not_run:
        case Outcome::interrupted: return 1;  // no answer: never shown as holds
        case Outcome::holds: return 0;
        }
        return 3;
    };
    return rank(a) >= rank(b) ? a : b;
}

Outcome overall_outcome(const std::vector<SweepRow>& rows) {
    bool violation = false, inexhaustive = false;
    for (const SweepRow& r : rows) {
        if (r.is(Outcome::violation)) violation = true;
        else if (!r.is(Outcome::holds)) inexhaustive = true;
    }
    return violation ? Outcome::violation : inexhaustive ? Outcome::no_violation_found : Outcome::holds;
}

}  // namespace fc
