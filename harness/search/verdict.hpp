// harness/search/verdict.hpp: what a run concluded, and the exit code that says it.
#pragma once

namespace fc {

enum class Verdict {
    holds,               // full search completed, no violation
    violation,           // at least one violating execution (a counterexample exists)
    no_violation_found,  // bounded, random, or cut short by a limit: not exhaustive
};

inline const char* verdict_name(Verdict v) {
    switch (v) {
    case Verdict::holds: return "holds";
    case Verdict::violation: return "violation";
    case Verdict::no_violation_found: return "no-violation-found";
    }
    return "?";
}

// Exit codes: one meaning each.
enum ExitCode : int {
    EXIT_HOLDS = 0,
    EXIT_VIOLATION = 1,
    EXIT_USAGE = 2,
    EXIT_INTERNAL = 3,
    EXIT_NOT_EXHAUSTIVE = 4,
    EXIT_INTERRUPTED = 130,
};

inline int exit_code_for(Verdict v) {
    switch (v) {
    case Verdict::holds: return EXIT_HOLDS;
    case Verdict::violation: return EXIT_VIOLATION;
    case Verdict::no_violation_found: return EXIT_NOT_EXHAUSTIVE;
    }
    return EXIT_INTERNAL;
}

}  // namespace fc
