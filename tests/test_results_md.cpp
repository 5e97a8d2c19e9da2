// tests/test_results_md.cpp: docs/results.md, the generated tables, is what the binary prints
// today (scripts/gen-results.sh). Five to ten minutes on 2 cores: the slow tier runs it; CI runs
// the default matrix's table alone (tests/test_harness_sweeps.cpp).
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace {

std::string sh(const std::string& cmd, int& status) {
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    status = pclose(p);
    status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

TEST_CASE("docs/results.md is what scripts/gen-results.sh produces") {
    int s = 0;
    const std::string generated =
        sh(std::string(FOLIOCHECK_SOURCE_DIR) + "/scripts/gen-results.sh " + FOLIOCHECK_BIN, s);
    REQUIRE(s == 0);
    std::ifstream in(std::string(FOLIOCHECK_SOURCE_DIR) + "/docs/results.md");
    std::stringstream committed;
    committed << in.rdbuf();
    CHECK_MESSAGE(generated == committed.str(),
                  "docs/results.md is stale: run scripts/gen-results.sh build/harness/foliocheck > docs/results.md");
}

}  // namespace
