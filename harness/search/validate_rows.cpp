// harness/search/validate_rows.cpp: see validate_rows.hpp.
#include "harness/search/validate_rows.hpp"

#include <sstream>

#include "checks/concurrency.hpp"

namespace fc {

namespace {

const Memory kMemories[] = {Memory::sc, Memory::lkmm, Memory::c11, Memory::relaxed};

// Two results of one row and model (the reader orders of `either`): the one that says most.
Outcome merge_verdict(Outcome a, Outcome b) { return says_most(a, b); }

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
    // A stronger model without an answer (a limit or the command's --timeout cut it) may fail
    // already: the label then says so, never that the row holds there.
    std::string unanswered;
    for (Memory m : kMemories) {
        if (!g.verdict.count(m)) continue;
        const Outcome v = g.verdict.at(m);
        if (v == Outcome::violation) {
            const std::string also =
                unanswered.empty() ? "" : " (" + unanswered + " not answered: it may fail there already)";
            if (m == Memory::sc) return "sc: interleaving bug";
            if (m == Memory::lkmm) return "lkmm: barrier bug" + also;
            if (m == Memory::c11) return "c11: barrier bug" + also;
            return "relaxed: relies on the kernel's implied ordering" + also;
        }
        if (v != Outcome::holds) unanswered += (unanswered.empty() ? "" : ", ") + std::string(memory_name(m));
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

}  // namespace fc
