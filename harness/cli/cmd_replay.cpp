// harness/cli/cmd_replay.cpp: `foliocheck replay TOKEN`: re-executes the one execution a
// replay token names, a run's (harness/search/token.hpp) or a scenario file's
// (harness/search/litmus_token.hpp).
#include <iostream>

#include "harness/cli/commands.hpp"
#include "harness/cli/options.hpp"
#include "harness/report/report.hpp"
#include "harness/search/litmus_token.hpp"
#include "harness/search/token.hpp"
#include "harness/search/verdict.hpp"

namespace fc {

namespace {
const char* const kReplayHelp =
    "foliocheck replay TOKEN [--trace story|raw] [--json]\n"
    "  Re-executes the one execution a 'replay:' line names (from run, matrix, fixes or litmus),\n"
    "  without searching. The token is checked: a schedule of its scenario, and an execution that\n"
    "  violates the check (run) or is a witness of the condition (litmus); otherwise exit 2.\n"
    "  --trace raw   also print Relacy's own history of the execution\n"
    "  --json        the result as JSON\n";
}  // namespace

ReplayArgs parse_replay_args(const std::vector<std::string>& args) {
    ReplayArgs r;
    std::string trace = "story";
    for (size_t i = 0; i < args.size(); i++) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") {
            r.help = true;
            return r;
        }
        if (a == "--json") r.json = true;
        else if (a == "--trace") {
            if (i + 1 >= args.size()) throw UsageError("--trace needs a value: story or raw");
            trace = args[++i];
            if (trace != "story" && trace != "raw")
                throw UsageError("unknown --trace '" + trace + "'; valid: story, raw");
        } else if (a.rfind("--trace=", 0) == 0) {
            trace = a.substr(8);
            if (trace != "story" && trace != "raw")
                throw UsageError("unknown --trace '" + trace + "'; valid: story, raw");
        } else if (!a.empty() && a[0] == '-') {
            throw UsageError("unknown option '" + a + "' for replay; valid: --trace story|raw, --json");
        } else if (r.token.empty()) {
            r.token = a;
        } else {
            throw UsageError("replay takes one token; got a second argument '" + a.substr(0, 40) + "'");
        }
    }
    if (r.token.empty())
        throw UsageError("replay needs a token: foliocheck replay TOKEN (from the 'replay:' line of a run)");
    r.raw = trace == "raw";
    return r;
}

ReplayPlan parse_replay_options(const std::vector<std::string>& args) {
    const ReplayArgs a = parse_replay_args(args);
    ReplayPlan plan;
    try {
        plan.token = decode_token(a.token, FOLIOCHECK_VERSION);
    } catch (const TokenError& e) {
        throw UsageError(e.what());
    }
    plan.raw = a.raw;
    plan.json = a.json;
    return plan;
}

int cmd_replay(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const ReplayArgs a = parse_replay_args(args);
    if (a.help) {
        out << kReplayHelp;
        return EXIT_HOLDS;
    }
    // A scenario file's token (harness/search/litmus_token.*): the same options, the same checks.
    if (is_litmus_token(a.token)) return cmd_litmus_replay(a, out, err);
    const ReplayPlan plan = parse_replay_options(args);
    const ReplayToken& t = plan.token;
    const bool json = plan.json;
    RunResult r;
    try {
        r = replay_run(t.request, t.state, plan.raw);
    } catch (const TokenError& e) {
        throw UsageError(e.what());
    }
    if (!r.internal_error.empty()) {
        err << "[foliocheck internal error] " << r.internal_error << "\n";
        return EXIT_INTERNAL;
    }
    if (json) {
        out << result_json(r).dump(2) << "\n";
    } else {
        out << "foliocheck replay: " << title_text(r.request) << "\n";
        out << "check: " << r.request.check->predicate << "   [" << r.request.check->kernel << "]\n\n";
        out << counterexample_text(r);
        if (plan.raw) out << "\nRelacy history:\n" << r.raw_history;
    }
    return r.verdict == Verdict::violation ? EXIT_VIOLATION : EXIT_HOLDS;
}

}  // namespace fc
