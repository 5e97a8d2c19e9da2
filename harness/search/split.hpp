// harness/search/split.hpp: one exhaustive search split into parts (docs/usage.md, "One search on
// many cores or machines").
//
// The engine numbers the subtrees below the first decisions of Relacy's decision tree in the
// order the search meets them (model/engine.hpp, SearchSpec::split_parts). `run --split I/N`
// explores part I: subtree k when k % N == I - 1. `run --jobs N` forks N children on this
// machine that share a claim table, so a child takes whichever subtree no other child has
// taken yet (they finish together however unequal the subtrees are). `merge` combines the
// parts' JSON into one verdict: holds only if every part completed and none found a
// violation.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/search/record.hpp"
#include "harness/search/runner.hpp"

namespace fc {

// Runs `req` as `jobs` parts in forked children and combines them (jobs >= 2). The
// counterexample, if any, is the part's with the fewest preemptions, replayed here. Each part
// comes back as `record` writes it (harness/search/record.hpp).
RunResult run_jobs(const RunRequest& req, unsigned jobs, ResultRecord record);

// The JSON of one part carries "split": {"part": I, "parts": N, "completed": bool}; its own
// verdict is never "holds".
bool is_split_part(const nlohmann::json& r);

// Combines the parts of one configuration into one result object. Throws UsageError when a
// part is missing, doubled or from another configuration.
nlohmann::json combine_parts(const std::vector<nlohmann::json>& parts);

// Replaces every group of split parts in `all` by its combined result (in place of the first).
void combine_split_entries(std::vector<nlohmann::json>& all);

}  // namespace fc
