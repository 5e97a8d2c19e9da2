// harness/report/review_report.cpp: see review_report.hpp.
#include "harness/report/review_report.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "harness/report/report.hpp"
#include "harness/report/tables.hpp"
#include "harness/search/engine_choice.hpp"
#include "lang/writer_file.hpp"

namespace fc {

nlohmann::json review_record(const RunResult& r) {
    nlohmann::json j = result_json(r);
    if (r.counterexample) j["counterexample_text"] = counterexample_text(r);
    return j;
}

namespace {

// "1-4, 16" from a sorted set of numbers.
std::string ranges_text(const std::set<int>& v) {
    std::string s;
    for (auto it = v.begin(); it != v.end();) {
        const int lo = *it;
        int hi = lo;
        auto next = std::next(it);
        while (next != v.end() && *next == hi + 1) hi = *next++;
        s += (s.empty() ? "" : ", ") + std::to_string(lo) + (hi > lo ? "-" + std::to_string(hi) : "");
        it = next;
    }
    return s;
}

std::string engine_text(Memory m) {
    return engine_for(m, std::nullopt) == EngineKind::exact ? "the exact LKMM engine" : "Relacy";
}

// Rows of one change, grouped by check and folio size: "khugepaged-expected at 4 pages with
// 1-3 pins (map-first; sc)"; the orders and models are named only when not all of them are.
std::vector<std::string> items(const ReviewSpec& spec, const std::vector<const ReviewRow*>& rows) {
    struct Group {
        std::set<int> pins;
        std::set<std::string> orders;
        std::set<Memory> memories;
    };
    std::vector<std::pair<std::pair<std::string, int>, Group>> groups;
    std::set<std::string> all_orders;
    for (const ReviewRow* r : rows) all_orders.insert(r->order);
    for (const ReviewRow* r : rows) {
        const std::pair<std::string, int> key{r->check->name, r->pages};
        auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == key; });
        if (it == groups.end()) {
            groups.push_back({key, Group{}});
            it = groups.end() - 1;
        }
        it->second.pins.insert(r->pins);
        it->second.orders.insert(r->order);
        it->second.memories.insert(r->memory);
    }
    std::vector<std::string> out;
    for (const auto& [key, g] : groups) {
        std::string s = key.first + " at " + std::to_string(key.second) + (key.second == 1 ? " page" : " pages") +
                        " with " + ranges_text(g.pins) +
                        (g.pins.size() == 1 && *g.pins.begin() == 1 ? " pin" : " pins");
        // The reader order is named when only one order fails this way.
        const std::string where = g.orders.size() == 1 ? *g.orders.begin() : "";
        std::string mems;
        for (Memory m : g.memories) mems += (mems.empty() ? "" : ", ") + std::string(memory_name(m));
        if (g.memories.size() == spec.memories.size()) mems.clear();
        const std::string note = where + (where.empty() || mems.empty() ? "" : "; ") + mems;
        if (!note.empty()) s += " (" + note + ")";
        out.push_back(s);
    }
    return out;
}

std::string joined(const std::vector<std::string>& v, size_t most) {
    std::string s;
    for (size_t i = 0; i < v.size() && i < most; i++) s += (i ? ", " : "") + v[i];
    if (v.size() > most) s += ", and " + std::to_string(v.size() - most) + " more";
    return s;
}

std::vector<const ReviewRow*> rows_of(const Review& rv, Change c) {
    std::vector<const ReviewRow*> out;
    for (const ReviewRow& r : rv.rows)
        if (r.change == c) out.push_back(&r);
    return out;
}

size_t count_of(const Review& rv, Change c) { return rv.counts.count(c) ? rv.counts.at(c) : 0; }

std::string side_name(const ReviewSide& s) { return s.writer->name; }

// `foliocheck run` for one side of a row: how to see it again on its own, with its search
// (a writer the release does not run needs --what-if).
std::string rerun_line(const ReviewSpec& spec, const ReviewSide& side, const ReviewRow& r) {
    std::ostringstream s;
    s << "foliocheck run --kernel " << spec.release->name << " --check " << r.check->name;
    const std::string path = lang::writer_file_path(side.writer);
    if (path.empty()) s << " --writer " << side.writer->name;
    else s << " --writer-file " << path;
    if (!release_runs(*spec.release, side.writer)) s << " --what-if";
    s << " --pages " << r.pages << " --pins " << r.pins << " --reader-order " << r.order << " --memory "
      << memory_name(r.memory);
    return s.str();
}

std::vector<std::string> table_row(const ReviewRow& r, const std::vector<SweepRow>& results) {
    auto side = [&](int s) -> std::string {
        if (r.side[s] < 0) return "not raced";
        return outcome_name(results[static_cast<size_t>(r.side[s])].outcome);
    };
    return {r.check->name,
            std::to_string(r.pages),
            std::to_string(r.pins),
            r.order,
            memory_name(r.memory),
            engine_name(engine_for(r.memory, std::nullopt)),
            side(0),
            side(1),
            miss_cost_phrase(r.cost)};
}

// A field of a child's record, or `fallback` when it is absent or null (a record read back is
// never trusted to have every field typed).
std::string text_field(const nlohmann::json& j, const char* key, const std::string& fallback) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : fallback;
}

nlohmann::json side_json(const ReviewRow& r, int s, const std::vector<SweepRow>& results) {
    if (r.side[s] < 0) return nullptr;
    const nlohmann::json& j = results[static_cast<size_t>(r.side[s])].json;
    nlohmann::json out = {
        {"verdict", outcome_name(results[static_cast<size_t>(r.side[s])].outcome)},
        {"exhaustive", j.contains("exhaustive") && j["exhaustive"].is_boolean() && j["exhaustive"]},
        {"explored", text_field(j, "explored", "")},
        {"seconds", j.contains("seconds") && j["seconds"].is_number() ? j["seconds"] : nlohmann::json(nullptr)},
        {"counterexample_text", nullptr},
        {"replay_token", nullptr}};
    if (j.contains("counterexample_text")) out["counterexample_text"] = j["counterexample_text"];
    // Null without a counterexample (or for a run that asked for the non-default engine).
    if (j.contains("counterexample") && j["counterexample"].is_object() &&
        j["counterexample"].contains("replay_token") && j["counterexample"]["replay_token"].is_string() &&
        !j["counterexample"]["replay_token"].get<std::string>().empty())
        out["replay_token"] = j["counterexample"]["replay_token"];
    return out;
}

}  // namespace

std::string review_quote(const ReviewSpec& spec, const Review& rv) {
    std::ostringstream s;
    s << side_name(spec.patch) << " against " << side_name(spec.baseline) << " on " << spec.release->name << ": ";
    const std::vector<const ReviewRow*> added = rows_of(rv, Change::added);
    s << "adds " << added.size() << (added.size() == 1 ? " failure" : " failures");
    std::vector<std::string> by_cost;
    for (MissCost c : {MissCost::data_corruption, MissCost::data_loss, MissCost::wasted_work}) {
        std::vector<const ReviewRow*> these;
        for (const ReviewRow* r : added)
            if (r->cost == c) these.push_back(r);
        if (these.empty()) continue;
        by_cost.push_back(std::to_string(these.size()) + " that " + miss_cost_phrase(c) + " (" +
                          joined(items(spec, these), 4) + ")");
    }
    if (by_cost.size() == 1) s << by_cost[0].substr(by_cost[0].find(' '));
    else if (!by_cost.empty()) s << ": " << joined(by_cost, by_cost.size());
    const std::vector<const ReviewRow*> removed = rows_of(rv, Change::removed);
    s << ", removes " << removed.size();
    if (!removed.empty()) s << " (" << joined(items(spec, removed), 4) << ")";
    s << ", both " << count_of(rv, Change::both);
    if (const size_t u = count_of(rv, Change::undecided))
        s << "; " << u << " undecided (a search that did not complete: not counted as no new failure)";
    return s.str();
}

std::string review_explored(const ReviewSpec& spec, const ReviewPlan& plan, const std::string& lkmm_note) {
    std::ostringstream s;
    for (size_t i = 0; i < spec.memories.size(); i++) {
        const Memory m = spec.memories[i];
        const std::vector<int>& p = spec.pages.at(m);
        s << (i ? "; " : "") << memory_name(m) << " on " << engine_text(m)
          << (engine_for(m, std::nullopt) == EngineKind::relacy
                  ? std::string(" (") + search_name(spec.search.mode) + " search)"
                  : std::string())
          << " at " << ranges_text(std::set<int>(p.begin(), p.end())) << " pages";
        if (m == Memory::lkmm && !lkmm_note.empty()) s << " (" << lkmm_note << ")";
    }
    s << "; "
      << (spec.pins == kEveryPinCount ? "every pin count 1..pages, one search each"
                                      : "pin count " + std::to_string(spec.pins) + " only")
      << "; each check in its own read order in " << spec.release->name << "; " << plan.reqs.size()
      << " configurations";
    return s.str();
}

std::string review_text(const ReviewSpec& spec, const ReviewPlan& plan, const Review& rv,
                        const std::vector<SweepRow>& results, const std::string& lkmm_note, bool md) {
    std::ostringstream s;
    const KernelRelease& k = *spec.release;
    s << (md ? "### " : "") << "foliocheck review: " << side_name(spec.patch) << " against " << side_name(spec.baseline)
      << " on " << k.name << " (mapcount " << mapcount_name(k.design) << ")\n";
    for (const ReviewSide* side : {&spec.patch, &spec.baseline}) {
        const std::string path = lang::writer_file_path(side->writer);
        s << (md ? "\n" : "") << (side == &spec.patch ? "patch:    " : "baseline: ") << side->writer->name
          << (path.empty() ? "" : " (file " + path + ", hash " + lang::writer_file_hash(side->writer) + ")") << ": "
          << side->writer->kernel << "\n";
    }
    for (const ReviewSide* side : {&spec.patch, &spec.baseline})
        if (side->context_from)
            s << (md ? "\n" : "") << "context: a writer file declares no locks; " << side->writer->name
              << " runs where " << side->context_from->name << " runs ("
              << (side->context.folio_locked ? "with the folio locked" : "without the folio lock") << ")\n";
    s << (md ? "\n" : "") << "explored: " << review_explored(spec, plan, lkmm_note) << "\n";
    // Checks a side does not race, grouped by the sides they exclude.
    std::map<std::string, std::vector<std::string>> excl;  // check -> the sides its locks exclude
    for (const ReviewExclusion& e : plan.excluded) excl[e.check].push_back(e.writer);
    std::map<std::vector<std::string>, std::vector<std::string>> by_sides;
    for (const auto& [check, sides] : excl) by_sides[sides].push_back(check);
    for (const auto& [sides, checks] : by_sides)
        s << (md ? "\n" : "") << "not raced: " << joined(checks, checks.size()) << " (the check's locks exclude "
          << joined(sides, sides.size()) << ": checks/concurrency.cpp, folio lock and folio sizes)\n";
    if (plan.skipped.count)
        for (const std::string& why : plan.skipped.reasons) s << (md ? "\n" : "") << "left out: " << why << "\n";
    s << "\n" << (md ? "**quote:** " : "quote: ") << review_quote(spec, rv) << "\n";
    const std::vector<std::string> head = {"check",  "pages", "pins",     "reader",        "memory",
                                           "engine", "patch", "baseline", "cost of a miss"};
    const std::pair<Change, const char*> parts[] = {{Change::added, "added by the patch"},
                                                    {Change::removed, "removed by the patch"},
                                                    {Change::both, "failing on both sides"},
                                                    {Change::undecided, "undecided (not counted as no new failure)"},
                                                    {Change::neither, "holding on both sides"}};
    for (const auto& [change, title] : parts) {
        const std::vector<const ReviewRow*> rows = rows_of(rv, change);
        s << "\n" << (md ? "#### " : "") << title << " (" << rows.size() << ")" << (md ? "\n" : ":\n");
        if (rows.empty()) continue;
        std::vector<std::vector<std::string>> cells;
        for (const ReviewRow* r : rows) {
            cells.push_back(table_row(*r, results));
            if (change == Change::undecided) cells.back().back() += "; " + r->undecided_why;
        }
        s << (md ? "\n" : "") << table_text(head, cells, md);
    }
    const std::vector<const ReviewRow*> added = rows_of(rv, Change::added);
    if (!added.empty()) s << "\n" << (md ? "#### " : "") << "counterexamples of the added failures\n";
    for (const ReviewRow* r : added) {
        const nlohmann::json& j = results[static_cast<size_t>(r->side[0])].json;
        s << "\n"
          << (md ? "```\n" : "") << "-- " << r->check->name << ", " << r->pages << " pages, " << r->pins
          << (r->pins == 1 ? " pin" : " pins") << ", reader " << r->order << ", " << memory_name(r->memory)
          << " (cost of a miss: " << r->cost_text << ") --\n"
          << text_field(j, "counterexample_text", "  (no counterexample text)\n")
          << "rerun: " << rerun_line(spec, spec.patch, *r) << "\n"
          << (md ? "```\n" : "");
    }
    return s.str();
}

nlohmann::json review_json(const ReviewSpec& spec, const ReviewPlan& plan, const Review& rv,
                           const std::vector<SweepRow>& results, const std::string& lkmm_note) {
    auto side_desc = [](const ReviewSide& s) {
        const std::string path = lang::writer_file_path(s.writer);
        return nlohmann::json{
            {"name", s.writer->name},
            {"kernel", s.writer->kernel},
            {"file", path.empty() ? nlohmann::json(nullptr) : nlohmann::json(path)},
            {"hash", path.empty() ? nlohmann::json(nullptr) : nlohmann::json(lang::writer_file_hash(s.writer))},
            {"folio_locked", s.context.folio_locked},
            {"context_from", s.context_from ? nlohmann::json(s.context_from->name) : nlohmann::json(nullptr)}};
    };
    nlohmann::json j;
    j["kernel"] = spec.release->name;
    j["mapcount"] = mapcount_name(spec.release->design);
    j["patch"] = side_desc(spec.patch);
    j["baseline"] = side_desc(spec.baseline);
    j["quote"] = review_quote(spec, rv);
    j["explored"] = review_explored(spec, plan, lkmm_note);
    nlohmann::json pages = nlohmann::json::object(), engines = nlohmann::json::object();
    for (Memory m : spec.memories) {
        pages[memory_name(m)] = spec.pages.at(m);
        engines[memory_name(m)] = engine_name(engine_for(m, std::nullopt));
    }
    j["pages"] = pages;
    j["engines"] = engines;
    j["pins"] = spec.pins == kEveryPinCount ? nlohmann::json("every") : nlohmann::json(spec.pins);
    j["counts"] = nlohmann::json::object();
    for (Change c : {Change::added, Change::removed, Change::both, Change::undecided, Change::neither})
        j["counts"][change_name(c)] = count_of(rv, c);
    j["not_raced"] = nlohmann::json::array();
    for (const ReviewExclusion& e : plan.excluded)
        j["not_raced"].push_back({{"check", e.check}, {"writer", e.writer}, {"why", e.why}});
    j["left_out"] = plan.skipped.reasons;
    j["rows"] = nlohmann::json::array();
    for (const ReviewRow& r : rv.rows) {
        nlohmann::json row = {
            {"check", r.check->name},
            {"pages", r.pages},
            {"pins", r.pins},
            {"reader_order", r.order},
            {"memory", memory_name(r.memory)},
            {"engine", engine_name(engine_for(r.memory, std::nullopt))},
            {"change", change_name(r.change)},
            {"cost", miss_cost_key(r.cost)},
            {"cost_text", r.cost_text},
            {"undecided_why", r.undecided_why.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.undecided_why)},
            {"patch", side_json(r, 0, results)},
            {"baseline", side_json(r, 1, results)}};
        row["rerun"] = r.side[0] < 0 ? nlohmann::json(nullptr) : nlohmann::json(rerun_line(spec, spec.patch, r));
        j["rows"].push_back(row);
    }
    return j;
}

}  // namespace fc
