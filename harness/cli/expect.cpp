// harness/cli/expect.cpp: see expect.hpp.
#include "harness/cli/expect.hpp"

#include "harness/cli/options.hpp"
#include "harness/search/verdict.hpp"
#include "model/names.hpp"

namespace fc {

namespace {
const NameRow<Expect> kExpectNames[] = {{Expect::holds, "holds"}, {Expect::violation, "violation"}};
}  // namespace

Expect parse_expect(const std::string& value) {
    Expect e = Expect::none;
    if (!parse_in(kExpectNames, value, e))
        throw UsageError("unknown --expect '" + value + "'; valid: " + names_in(kExpectNames));
    return e;
}

const char* expect_help() {
    return "holds or violation: exit 0 if the outcome is that, 1 if it is the other, 4 if not exhaustive (without "
           "--expect: exit 0 after the report)";
}

int results_exit_code(const std::vector<SweepRow>& results, Expect expect) {
    bool violation = false, inexhaustive = false, error = false, not_run = false;
    for (const SweepRow& r : results) {
        if (r.is(Outcome::violation)) violation = true;
        else if (r.is(Outcome::no_violation_found)) inexhaustive = true;
        else if (r.is(Outcome::not_run)) not_run = true;
        else if (!r.is(Outcome::holds)) error = true;
    }
    if (error) return EXIT_INTERNAL;
    // The command's --timeout left rows without an answer: exit 4, unless a violation found
    // already settles what --expect asked.
    if (not_run && !(violation && expect != Expect::none)) return EXIT_NOT_EXHAUSTIVE;
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
