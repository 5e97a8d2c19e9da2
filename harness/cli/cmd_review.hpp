// harness/cli/cmd_review.hpp: `foliocheck review`'s options, parsed without searching (tests
// drive parse_review_options()).
#pragma once

#include <string>
#include <vector>

#include "harness/cli/commands.hpp"
#include "harness/search/review.hpp"

namespace fc {

struct ReviewOptions {
    std::string help;  // set for --help: nothing else is
    ReviewSpec spec;
    // Why lkmm runs fewer folio sizes than sc by default ("" when --pages was given).
    std::string lkmm_note;
    bool expect_no_new_failures = false;
    unsigned jobs = 1;
    OutputFormat format = OutputFormat::text;
};

// Throws UsageError (one line, exit 2) for every bad input: no --kernel, an unknown writer, a
// patch or baseline file that does not parse, a baseline the release does not run, ...
ReviewOptions parse_review_options(const std::vector<std::string>& args);

}  // namespace fc
