// harness/search/proposals.hpp: named orderings a kernel developer may propose, and the catalogue of
// candidate fixes foliocheck tries on a failing configuration.
#pragma once

#include <string>
#include <vector>

#include "harness/search/runner.hpp"

namespace fc {

struct Proposal {
    const char* name;
    const char* summary;
    std::vector<const char*> writers;  // the kernel paths that exist under this proposal
    MapcountDesign mapcount;
    const char* order;  // "kernel" (what C allows) or a forced order
    ReaderBarrier barrier;
    bool writer_mb;
};

const std::vector<Proposal>& all_proposals();
const Proposal* find_proposal(const std::string& name);
// One line per proposal that names a writer or reader order that does not exist, and per
// duplicate name; empty when the table is whole. main() refuses to start otherwise.
std::vector<std::string> proposal_problems();

// A candidate fix: a change to one configuration. apply() returns false when the fix does
// not apply (already so, or nothing to change).
struct Fix {
    const char* name;
    const char* summary;
    bool (*apply)(RunRequest& r);
    const char* conflicts_with;  // a fix that changes the same choice, or nullptr
};

const std::vector<Fix>& all_fixes();

}  // namespace fc
