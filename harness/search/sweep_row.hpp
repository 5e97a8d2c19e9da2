// harness/search/sweep_row.hpp: one configuration's result in a sweep (matrix, validate, compare,
// fixes, release), typed. Sweeps decide on the typed fields; the object `run --json` prints
// travels along for the reports and exports, and for `merge` (the printing edge).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/search/verdict.hpp"
#include "model/kernel_atomics.hpp"

namespace fc {

// A run's verdict, or what kept a configuration from having one.
enum class Outcome : uint8_t {
    holds,
    violation,
    no_violation_found,
    interrupted,  // a signal stopped the sweep before this configuration completed
    not_run,      // the command's --timeout ran out before this configuration started or ended
    error,        // its child crashed or failed, or a merged row says nothing readable
};
const char* outcome_name(Outcome o);  // the row's "verdict" in JSON
bool parse_outcome(const std::string& s, Outcome& out);
Outcome outcome_of(Verdict v);
// Of two results of one cell (the reader orders of `either`, a cell's writers): the one that
// says most. error > violation > no answer (not exhaustive, not run, interrupted) > holds, so
// a merged cell is "holds" only when every result in it is.
Outcome says_most(Outcome a, Outcome b);

struct SweepRow {
    Outcome outcome = Outcome::error;
    std::string check, writer;  // as the row names them
    int pages = 0;
    Memory memory = Memory::sc;
    bool what_if = false;
    nlohmann::json json;  // the row as `run --json` prints it

    bool is(Outcome o) const { return outcome == o; }
    bool has_counterexample() const { return json.contains("counterexample") && json["counterexample"].is_object(); }
};

// The one reading of a row (from a child, or from a shard file `merge` was given): a verdict
// it does not name is an error row.
SweepRow sweep_row(nlohmann::json j);
std::vector<nlohmann::json> rows_json(const std::vector<SweepRow>& rows);

// Over several rows: violation if any is, else no-violation-found if any is not holds, else holds.
Outcome overall_outcome(const std::vector<SweepRow>& rows);

}  // namespace fc
