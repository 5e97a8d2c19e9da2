// harness/search/validate_rows.cpp: see validate_rows.hpp.
#include "harness/search/validate_rows.hpp"

#include <sstream>

#include "checks/concurrency.hpp"
#include "harness/cli/sweep_cli.hpp"

namespace fc {

namespace {

const Memory kMemories[] = {Memory::sc, Memory::lkmm, Memory::relaxed};

// Two results of one row and model (the reader orders of `either`): the one that says most.
Outcome merge_verdict(Outcome a, Outcome b) {
    auto rank = [](Outcome v) {
        switch (v) {
        case Outcome::error: return 3;
        case Outcome::violation: return 2;
        case Outcome::no_violation_found: return 1;
        case Outcome::holds:
        case Outcome::interrupted: return 0;
        }
        return 0;
    };
    return rank(a) >= rank(b) ? a : b;
}

std::string range_of(const nlohmann::json& r) {
    return r.contains("range") && r["range"].is_string() ? r["range"].get<std::string>() : "all";
}

}  // namespace

std::vector<Row> group_rows(const std::vector<SweepRow>& results) {
    std::vector<Row> rows;
    std::map<std::string, size_t> index;
    for (const SweepRow& row : results) {
        const nlohmann::json& r = row.json;
        const std::string key = r.value("check", "") + "|" + r.value("writer", "") + "|" +
                                std::to_string(r.value("pages", 0)) + "|" + r.value("reader_order", "") + "|" +
                                r.value("mapcount", "") + "|" + range_of(r);
        if (!index.count(key)) {
            index[key] = rows.size();
            Row g;
            g.check = r.value("check", "");
            g.writer = r.value("writer", "");
            g.pages = r.value("pages", 0);
            g.order = r.value("reader_order", "");
            g.mapcount = r.value("mapcount", "");
            g.range = range_of(r);
            const CheckDef* c = find_check(g.check);
            const WriterDef* w = find_writer(g.writer);
            if (c && w) g.what_if = what_if_reason(c, w, g.pages);
            // Run with --what-if (a batched zap at 1 page, ...: checks/scenario.cpp).
            if (g.what_if.empty() && r.value("what_if", false))
                g.what_if =
                    "what-if: a combination the kernel never runs (a size or path it refuses without --what-if; "
                    "limitations L20)";
            rows.push_back(g);
        }
        Row& g = rows[index[key]];
        const Memory m = row.memory;
        const Outcome v = row.outcome;
        g.verdict[m] = g.verdict.count(m) ? merge_verdict(g.verdict[m], v) : v;
        if (r.contains("vacuous") && r["vacuous"].is_string()) g.vacuous[m] = r["vacuous"].get<std::string>();
        if (v == Outcome::violation && row.has_counterexample()) {
            const auto& cx = r["counterexample"];
            g.token[m] = cx["replay_token"].is_string() ? cx["replay_token"].get<std::string>() : "";
            g.stale[m] = cx.value("stale_reads", false);
        }
    }
    return rows;
}

std::string fails_from(const Row& g) {
    for (Memory m : kMemories)
        if (g.verdict.count(m) && g.verdict.at(m) == Outcome::violation) {
            if (m == Memory::sc) return "sc: interleaving bug";
            if (m == Memory::lkmm) return "lkmm: barrier bug";
            return "relaxed: relies on the kernel's implied ordering";
        }
    return "-";
}

std::string row_note(const Row& g) {
    if (!g.what_if.empty()) return "what-if";
    std::string mems;
    size_t holds = 0;
    for (const auto& [m, v] : g.verdict)
        if (v == Outcome::holds) {
            holds++;
            if (g.vacuous.count(m)) mems += (mems.empty() ? "" : ",") + std::string(memory_name(m));
        }
    if (mems.empty()) return "";
    return g.vacuous.size() == holds ? "vacuous" : "vacuous under " + mems;
}

std::string rows_text(const std::vector<Row>& rows, const std::vector<Memory>& mems, bool markdown,
                      const std::pair<std::string, std::vector<std::string>>* extra) {
    std::vector<std::string> head = {"check", "writer", "pages", "reader"};
    for (Memory m : mems) head.push_back(memory_name(m));
    head.push_back("fails from");
    if (extra) head.push_back(extra->first);
    head.push_back("note");
    std::vector<std::vector<std::string>> cells;
    std::vector<std::string> reasons;  // distinct notes, numbered below the table
    for (const Row& g : rows) {
        // A writer acting on part of the folio: WRITER:RANGE, as --also spells it.
        const std::string writer = g.range == "all" ? g.writer : g.writer + ":" + g.range;
        std::vector<std::string> row = {g.check, writer, std::to_string(g.pages), g.order};
        for (Memory m : mems) row.push_back(g.verdict.count(m) ? outcome_name(g.verdict.at(m)) : "-");
        row.push_back(fails_from(g));
        if (extra) row.push_back(extra->second[cells.size()]);
        std::string note = row_note(g);
        if (!note.empty()) {
            std::string why = !g.what_if.empty() ? g.what_if : g.vacuous.begin()->second;
            if (g.what_if.empty()) {  // the value sets differ by size: name the reason, not the numbers
                const size_t semi = why.rfind("; ");
                why =
                    "vacuous: no value the two counters take in this scenario (torn sums included) lets the check "
                    "miss the pin" +
                    (semi == std::string::npos ? std::string() : why.substr(semi));
            }
            size_t k = 0;
            while (k < reasons.size() && reasons[k] != why) k++;
            if (k == reasons.size()) reasons.push_back(why);
            note += " [" + std::to_string(k + 1) + "]";
        }
        row.push_back(note);
        cells.push_back(row);
    }
    std::ostringstream s;
    s << table_text(head, cells, markdown);
    if (!reasons.empty()) s << "\n";
    for (size_t k = 0; k < reasons.size(); k++)
        s << (markdown ? "- " : "  ") << "[" << k + 1 << "] " << reasons[k] << "\n";
    return s.str();
}

nlohmann::json row_json(const Row& g) {
    nlohmann::json j = {{"check", g.check},        {"writer", g.writer},     {"pages", g.pages},
                        {"reader_order", g.order}, {"mapcount", g.mapcount}, {"fails_from", fails_from(g)},
                        {"range", g.range}};
    for (const auto& [m, v] : g.verdict) j["verdict"][memory_name(m)] = outcome_name(v);
    for (const auto& [m, t] : g.token) j["replay_token"][memory_name(m)] = t;
    for (const auto& [m, v] : g.vacuous) j["vacuous"][memory_name(m)] = v;
    j["what_if"] = g.what_if.empty() ? nlohmann::json(nullptr) : nlohmann::json(g.what_if);
    j["note"] = row_note(g);
    return j;
}

}  // namespace fc
