// harness/search/fixes_search.hpp: the fix search behind `foliocheck fixes` and `release`. A set of
// catalogue fixes is judged against every writer the check's locks allow, at every folio
// size asked for; sets are tried smallest first up to the whole catalogue, and a superset of
// a set that already holds against every writer is not tried.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/search/pool.hpp"
#include "harness/search/proposals.hpp"
#include "harness/search/record.hpp"
#include "harness/search/runner.hpp"
#include "harness/search/sweep_row.hpp"

namespace fc {

// The question: a check's configuration as given, the writers to judge it against and the folio
// sizes. (`foliocheck fixes` and `release` fill it from their options: FixesPlan.)
struct FixQuery {
    RunRequest base;                        // check, memory, reader order and barrier, search...
    std::vector<const WriterDef*> writers;  // judged against: every writer the check's locks allow
    const WriterDef* named = nullptr;       // --writer, if given: the writer the question is about
    std::vector<int> pages = {1, 2, 3};
    size_t max_fixes = 0;  // largest set size tried (0: the whole catalogue)
    unsigned jobs = 1;
};

struct SetResult {
    std::vector<const Fix*> fixes;          // empty: the configuration as given
    std::vector<const WriterDef*> writers;  // per configuration: the writer as the user named it
    std::vector<int> pages;                 // per configuration
    std::vector<SweepRow> results;          // per configuration
    Outcome verdict = Outcome::holds;       // holds / violation / no-violation-found over all of them
    std::vector<std::string> breaks;        // writers (as named) with a violation, in catalogue order
    bool holds_for(const WriterDef* w) const;
    // Spurious detections per reads-from class, summed over the configurations that measure them.
    uint64_t transient = 0, torn = 0;
    bool classes_counted = true;  // false when a configuration's search could not count them
    // The first violating configuration of `writer` (or of any writer if null), or -1.
    int first_violation(const WriterDef* writer = nullptr) const;
    std::string name() const;  // "reader-map-first + reader-rmb", or "(as given)"
};

struct FixSearch {
    std::vector<const Fix*> catalogue;  // the fixes that change at least one configuration
    SetResult as_given;
    std::vector<SetResult> sets;  // every set tried, smallest first, catalogue order within a size
    size_t largest = 0;           // the largest set size tried
    size_t pruned = 0;            // sets left out as supersets of a set that holds
};

// Each sweep runs as run_matrix() does (harness/search/matrix.hpp): `progress` and `record` go to it.
FixSearch search_fixes(const FixQuery& query, const Progress& progress, ResultRecord record);

// The sets that hold against every writer (each minimal: no subset holds).
std::vector<const SetResult*> holding_sets(const FixSearch& s);
// The set closest to holding: fewest violating configurations, then the smallest.
const SetResult* best_failing_set(const FixSearch& s);

}  // namespace fc
