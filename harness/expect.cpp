// harness/expect.cpp: see expect.hpp.
#include "harness/expect.hpp"

#include "harness/options.hpp"
#include "harness/verdict.hpp"

namespace fc {

Expect parse_expect(const std::string& value) {
    if (value == "holds") return Expect::holds;
    if (value == "violation") return Expect::violation;
    throw UsageError("unknown --expect '" + value + "'; valid: holds, violation");
}

const char* expect_help() {
    return "holds or violation: exit 0 if the outcome is that, 1 if it is the other, 4 if not exhaustive (without "
           "--expect: exit 0 after the report)";
}

int results_exit_code(const std::vector<nlohmann::json>& results, Expect expect) {
    bool violation = false, inexhaustive = false, error = false;
    for (const auto& r : results) {
        const std::string v = r.value("verdict", "error");
        if (v == "violation") violation = true;
        else if (v == "no-violation-found") inexhaustive = true;
        else if (v != "holds") error = true;
    }
    if (error) return EXIT_INTERNAL;
    switch (expect) {
    case Expect::none: return EXIT_HOLDS;
    case Expect::holds:
        if (violation) return EXIT_VIOLATION;
        return inexhaustive ? EXIT_NOT_EXHAUSTIVE : EXIT_HOLDS;
    case Expect::violation:
        if (violation) return EXIT_HOLDS;
        return inexhaustive ? EXIT_NOT_EXHAUSTIVE : EXIT_VIOLATION;
    }
    return EXIT_INTERNAL;
}

}  // namespace fc
