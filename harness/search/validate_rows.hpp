// harness/search/validate_rows.hpp: sweep results as the rows validate and release print: a check
// against a writer at one folio size and one reader order, one verdict per memory model, the
// weakest model at which it fails, and notes for rows that mean nothing (vacuous, what-if).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/search/sweep_row.hpp"
#include "model/kernel_atomics.hpp"

namespace fc {

struct Row {
    std::string check, writer, order, mapcount;
    std::string range = "all";  // the writer's pages: "all", or "FIRST[-LAST]" (--range)
    int pages = 0;
    std::map<Memory, Outcome> verdict;
    std::map<Memory, std::string> token;  // replay token of the counterexample shown for that model
    std::map<Memory, bool> stale;         // that counterexample reads a stale value
    std::map<Memory, std::string> vacuous;
    std::string what_if;  // "" if the kernel runs this combination
};

std::vector<Row> group_rows(const std::vector<SweepRow>& results);
std::string fails_from(const Row& r);
// The row's note: what-if, vacuous (with the models where the hold is vacuous), or "".
std::string row_note(const Row& r);
}  // namespace fc
