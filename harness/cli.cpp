// harness/cli.cpp: foliocheck list | run (see docs/usage.md).
#include "harness/cli.hpp"

#include <iomanip>
#include <iostream>

#include "harness/commands.hpp"
#include "harness/options.hpp"
#include "harness/proposals.hpp"
#include "harness/report.hpp"
#include "harness/token.hpp"

namespace fc {

namespace {

const char* kUsage =
    "usage: foliocheck list\n"
    "       foliocheck run --check CHECK --writer WRITER [options]   (foliocheck run --help)\n"
    "       foliocheck replay TOKEN [--trace story|raw] [--json]\n"
    "       foliocheck matrix [options]                            (foliocheck matrix --help)\n"
    "       foliocheck merge SHARD.json... [--markdown|--csv|--json]\n"
    "       foliocheck validate --proposal P [options]             (foliocheck validate --help)\n"
    "       foliocheck compare P1 P2 [options]\n"
    "       foliocheck fixes --check C --writer W [run options]    try the fix catalogue\n";

int cmd_list(std::ostream& out) {
    out << "checks:\n";
    for (const CheckDef* c : all_checks()) out << "  " << std::left << std::setw(20) << c->name << c->summary << "\n";
    out << "writers:\n";
    for (const WriterDef* w : all_writers()) out << "  " << std::left << std::setw(20) << w->name << w->summary << "\n";
    out << "memory settings:\n";
    out << "  " << std::setw(20) << "sc" << "every access sequentially consistent: interleavings only\n";
    out << "  " << std::setw(20) << "lkmm"
        << "the kernel's ordering classes (Documentation/atomic_t.txt) on C++11 orders\n";
    out << "  " << std::setw(20) << "relaxed" << "every atomic access relaxed, explicit smp_* barriers kept (worst case)\n";
    out << "proposals (foliocheck validate --proposal P):\n";
    for (const Proposal& p : all_proposals()) out << "  " << std::setw(20) << p.name << p.summary << "\n";
    out << "fixes (foliocheck fixes):\n";
    for (const Fix& f : all_fixes()) out << "  " << std::setw(24) << f.name << f.summary << "\n";
    out << "mapcount designs:\n";
    out << "  " << std::setw(20) << "per-page" << "v6.5: per-page _mapcount, folio_total_mapcount() loops over pages\n";
    out << "  " << std::setw(20) << "large" << "v6.10: one atomic folio->_large_mapcount\n";
    return EXIT_HOLDS;
}

int cmd_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    RunOptions o;
    try {
        o = parse_run_options(args);
    } catch (const UsageError& e) {
        if (std::string(e.what()) == "help") {
            out << run_help();
            return EXIT_HOLDS;
        }
        throw;
    }
    const RunResult r = run_config(o.request);
    if (!r.internal_error.empty()) {
        err << "[foliocheck internal error] " << r.internal_error << "\n";
        return EXIT_INTERNAL;
    }
    if (o.json) out << result_json(r).dump(2) << "\n";
    else out << result_text(r);
    if (r.stopped_by == "interrupted") return EXIT_INTERRUPTED;
    return exit_code_for(r.verdict);
}

}  // namespace

ReplayPlan parse_replay_options(const std::vector<std::string>& args) {
    std::string token;
    std::string trace = "story";
    bool json = false;
    for (size_t i = 0; i < args.size(); i++) {
        const std::string& a = args[i];
        if (a == "--json") json = true;
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
        } else if (token.empty()) {
            token = a;
        } else {
            throw UsageError("replay takes one token; got a second argument '" + a.substr(0, 40) + "'");
        }
    }
    if (token.empty()) throw UsageError("replay needs a token: foliocheck replay TOKEN (from the 'replay:' line of a run)");
    ReplayPlan plan;
    try {
        plan.token = decode_token(token, FOLIOCHECK_VERSION);
    } catch (const TokenError& e) {
        throw UsageError(e.what());
    }
    plan.raw = trace == "raw";
    plan.json = json;
    return plan;
}

namespace {

int cmd_replay(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const ReplayPlan plan = parse_replay_options(args);
    const ReplayToken& t = plan.token;
    const bool json = plan.json;
    const RunResult r = replay_run(t.request, t.state, plan.raw);
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

}  // namespace

OutputFormat output_format(bool json, bool csv, bool markdown) {
    if (int(json) + int(csv) + int(markdown) > 1) throw UsageError("choose one output format: --json, --csv or --markdown");
    if (json) return OutputFormat::json;
    if (csv) return OutputFormat::csv;
    if (markdown) return OutputFormat::markdown;
    return OutputFormat::text;
}

int cli_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    try {
        if (args.empty()) throw UsageError("no command; run 'foliocheck list' or 'foliocheck run --help'");
        const std::string& cmd = args[0];
        const std::vector<std::string> rest(args.begin() + 1, args.end());
        if (cmd == "--help" || cmd == "-h" || cmd == "help") {
            out << kUsage;
            return EXIT_HOLDS;
        }
        if (cmd == "list") {
            if (!rest.empty()) throw UsageError("list takes no arguments, got '" + rest[0] + "'");
            return cmd_list(out);
        }
        if (cmd == "run") return cmd_run(rest, out, err);
        if (cmd == "replay") return cmd_replay(rest, out, err);
        if (cmd == "matrix") return cmd_matrix(rest, out, err);
        if (cmd == "merge") return cmd_merge(rest, out, err);
        if (cmd == "validate") return cmd_validate(rest, out, err);
        if (cmd == "compare") return cmd_compare(rest, out, err);
        if (cmd == "fixes") return cmd_fixes(rest, out, err);
        throw UsageError("unknown command '" + cmd + "'; valid: list, run, replay, matrix, merge, validate, compare, fixes");
    } catch (const UsageError& e) {
        err << "foliocheck: " << e.what() << "\n";
        return EXIT_USAGE;
    } catch (const std::exception& e) {
        err << "[foliocheck internal error] " << e.what() << "\n";
        return EXIT_INTERNAL;
    }
}

}  // namespace fc
