// tests/test_results_md.cpp: docs/results.md, the generated tables, is what the binary prints
// today (scripts/gen-results.sh). Five to ten minutes on 2 cores: the slow tier runs it; CI runs
// the default matrix's table alone (tests/test_harness_sweeps.cpp).
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "tests/cli_support.hpp"

namespace {

TEST_CASE("docs/results.md is what scripts/gen-results.sh produces") {
    int s = 0;
    const std::string generated =
        fc::test::shell_output(std::string(FOLIOCHECK_SOURCE_DIR) + "/scripts/gen-results.sh " + FOLIOCHECK_BIN, s);
    REQUIRE(s == 0);
    std::ifstream in(std::string(FOLIOCHECK_SOURCE_DIR) + "/docs/results.md");
    std::stringstream committed;
    committed << in.rdbuf();
    CHECK_MESSAGE(generated == committed.str(),
                  "docs/results.md is stale: run scripts/gen-results.sh build/harness/foliocheck > docs/results.md");
}

}  // namespace
