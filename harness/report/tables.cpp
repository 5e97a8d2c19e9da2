// harness/report/tables.cpp: see tables.hpp.
#include "harness/report/tables.hpp"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace fc {

std::string table_text(const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows,
                       bool markdown) {
    std::ostringstream s;
    if (markdown) {
        s << "|";
        for (const auto& h : head) s << " " << h << " |";
        s << "\n|";
        for (size_t i = 0; i < head.size(); i++) s << "---|";
        s << "\n";
        for (const auto& row : rows) {
            s << "|";
            for (const auto& c : row) s << " " << c << " |";
            s << "\n";
        }
        return s.str();
    }
    std::vector<size_t> w(head.size());
    for (size_t i = 0; i < head.size(); i++) {
        w[i] = head[i].size();
        for (const auto& row : rows) w[i] = std::max(w[i], i < row.size() ? row[i].size() : 0);
    }
    auto line = [&](const std::vector<std::string>& cells) {
        std::ostringstream l;
        l << "  ";
        for (size_t i = 0; i < cells.size(); i++)
            l << std::left << std::setw(static_cast<int>(i + 1 < cells.size() ? w[i] + 2 : 0)) << cells[i];
        std::string t = l.str();
        while (!t.empty() && t.back() == ' ') t.pop_back();
        return t + "\n";
    };
    s << line(head);
    for (const auto& row : rows) s << line(row);
    return s.str();
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
