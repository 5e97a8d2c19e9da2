// harness/cmd_litmus.cpp: `foliocheck litmus [options] FILE...`: run scenario files and print
// what herd7 prints for each, with foliocheck's honesty about what was explored.
//
// Every file (and every --with part) is read, parsed and compiled before anything runs: a
// malformed file gets one line "foliocheck: FILE:LINE:COL: problem" and exit 2, and no
// result is printed for any file.
//
// Exit: 0 every file answered and agreed with its Result: comment (or --expect), if any; 1
// some file's answer differs from it; 4 some answer is bounded or not exhaustive (and none
// differs); 2 bad input; 3 internal error.
#include <cctype>
#include <iostream>
#include <sstream>

#include "harness/commands.hpp"
#include "harness/engine_choice.hpp"
#include "harness/litmus_run.hpp"
#include "harness/litmus_token.hpp"
#include "harness/options.hpp"
#include "harness/pool.hpp"
#include "harness/verdict.hpp"

namespace fc {

std::string litmus_help() {
    return "usage: foliocheck litmus [options] FILE...\n"
           "  Runs scenario files (the kernel's C litmus dialect, tools/memory-model, plus folio built-ins;\n"
           "  docs/scenarios.md) and prints for each what herd7 prints: the final states, Ok/No, Positive/\n"
           "  Negative, Observation NAME Never|Sometimes|Always; whether the file's Result: comment matched;\n"
           "  what was explored; and for a Sometimes the witness execution with a replay token.\n"
           "options:\n"
           "  --memory sc|lkmm|relaxed   memory setting (default lkmm: the Result: comments are LKMM's)\n"
           "  --engine relacy|exact      exact: the exact LKMM engine (Z3; lkmm or sc, exhaustive)\n"
           "  --search reduced|full|bound|random   (default reduced; bound/random are never exhaustive)\n"
           "  --context-bound N          bound search: preemptions (default 2)\n"
           "  --iterations N             random search: executions to run\n"
           "  --max-executions N, --timeout SECONDS   stop early (the answer is then not exhaustive)\n"
           "  --set NAME=V               override the file's 'const int NAME' (repeatable)\n"
           "  --pages N, --mapcount per-page|large, --pins N, --swapcache 0|1   override the folio\n"
           "  --with PART                compose a part file (a writer or check file) with each FILE\n"
           "  --expect never|sometimes|always   the answer expected of every FILE (instead of its Result:)\n"
           "  --quiet                    no witness traces\n"
           "  --json                     one JSON object per file (an array): states, observation, verdict,\n"
           "                             blind spots, the witness's steps and replay token\n";
}

namespace {

struct LitmusOptions {
    std::vector<LitmusRequest> requests;
    bool quiet = false;
    bool json = false;
};

LitmusOptions parse_litmus_options(const std::vector<std::string>& args) {
    LitmusOptions o;
    LitmusRequest base;
    base.search.mode = SearchMode::reduced;
    std::vector<std::string> files;
    bool iterations = false;
    for (size_t i = 0; i < args.size(); i++) {
        std::string a = args[i];
        std::string v;
        const size_t eq = a.find('=');
        const bool has_eq = a.rfind("--", 0) == 0 && eq != std::string::npos;
        if (has_eq) {
            v = a.substr(eq + 1);
            a = a.substr(0, eq);
        }
        auto value = [&]() -> std::string {
            if (has_eq) return v;
            if (i + 1 >= args.size()) throw UsageError(a + " needs a value (foliocheck litmus --help)");
            return args[++i];
        };
        if (a == "--help" || a == "-h") throw UsageError("help");
        else if (a == "--quiet") o.quiet = true;
        else if (a == "--json") o.json = true;
        else if (a == "--memory") {
            const std::string m = value();
            if (!parse_memory(m, base.memory))
                throw UsageError("unknown --memory '" + m + "'; valid: " + memory_names());
        } else if (a == "--engine") {
            const std::string m = value();
            if (!parse_engine(m, base.search.engine))
                throw UsageError("unknown --engine '" + m + "'; valid: relacy, exact");
        } else if (a == "--search") {
            const std::string m = value();
            // The cached search keys states on the registers the built-in judge reads; a
            // scenario file's condition may read any register, so files never use it.
            if (!parse_search_mode(m, base.search.mode) || base.search.mode == SearchMode::cached)
                throw UsageError("unknown --search '" + m +
                                 "' for scenario files; valid: reduced, full, bound, random");
        } else if (a == "--context-bound") {
            base.search.context_bound = static_cast<unsigned>(parse_integer(a, value(), 0, 1000));
        } else if (a == "--iterations") {
            base.search.iterations = static_cast<uint64_t>(parse_integer(a, value(), 1, 1000000000000LL));
            iterations = true;
        } else if (a == "--max-executions") {
            base.search.max_executions = static_cast<uint64_t>(parse_integer(a, value(), 1, 1000000000000LL));
        } else if (a == "--timeout") {
            base.search.timeout_seconds = parse_seconds(a, value());
        } else if (a == "--set") {
            const std::string s = value();
            const size_t e2 = s.find('=');
            if (e2 == std::string::npos || e2 == 0) throw UsageError("--set takes NAME=VALUE, got '" + s + "'");
            base.overrides.set[s.substr(0, e2)] =
                static_cast<int>(parse_integer("--set " + s.substr(0, e2), s.substr(e2 + 1), -1000000, 1000000));
        } else if (a == "--pages") {
            base.overrides.pages = static_cast<int>(parse_integer(a, value(), 1, kMaxPages));
        } else if (a == "--mapcount") {
            const std::string m = value();
            MapcountDesign d;
            if (!parse_mapcount(m, d)) throw UsageError("unknown --mapcount '" + m + "'; valid: " + mapcount_names());
            base.overrides.design = d;
        } else if (a == "--pins") {
            base.overrides.pins = static_cast<int>(parse_integer(a, value(), 0, 64));
        } else if (a == "--swapcache") {
            base.overrides.swapcache = parse_integer(a, value(), 0, 1) != 0;
        } else if (a == "--expect") {
            std::string e = value();
            for (char& c : e) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (e == "never") base.expect = "Never";
            else if (e == "sometimes") base.expect = "Sometimes";
            else if (e == "always") base.expect = "Always";
            else throw UsageError("unknown --expect '" + e + "'; valid: never, sometimes, always");
        } else if (a == "--with") {
            base.with.push_back(value());
        } else if (!a.empty() && a[0] == '-' && a != "-") {
            throw UsageError("unknown option '" + a + "' for litmus (foliocheck litmus --help)");
        } else {
            files.push_back(args[i]);
        }
    }
    if (files.empty()) throw UsageError("litmus needs at least one scenario file: foliocheck litmus FILE...");
    if (base.search.mode == SearchMode::random && !iterations) throw UsageError("--search random needs --iterations N");
    if (iterations && base.search.mode != SearchMode::random)
        throw UsageError("--iterations applies to --search random only");
    for (const std::string& f : files) {
        LitmusRequest r = base;
        r.file = f;
        o.requests.push_back(r);
    }
    return o;
}

std::unique_ptr<LoadedLitmus> load_or_usage(const LitmusRequest& r) {
    try {
        return load_litmus(r);
    } catch (const lang::LangError& e) {
        throw UsageError(e.what());
    } catch (const lang::FileError& e) {
        throw UsageError(std::string(e.what()) + "; check the path");
    }
}

}  // namespace

LitmusPlan parse_litmus_plan(const std::vector<std::string>& args) {
    LitmusPlan p;
    try {
        p.files = parse_litmus_options(args).requests.size();
    } catch (const UsageError& e) {
        if (std::string(e.what()) != "help") throw;
        p.help = litmus_help();
    }
    return p;
}

int cmd_litmus(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    LitmusOptions o;
    try {
        o = parse_litmus_options(args);
    } catch (const UsageError& e) {
        if (std::string(e.what()) == "help") {
            out << litmus_help();
            return EXIT_HOLDS;
        }
        throw;
    }
    std::vector<std::unique_ptr<LoadedLitmus>> loaded;
    for (const LitmusRequest& r : o.requests) loaded.push_back(load_or_usage(r));
    bool differs = false, undecided = false;
    nlohmann::json all = nlohmann::json::array();
    for (size_t i = 0; i < loaded.size(); i++) {
        const LitmusResult r = run_litmus(*loaded[i]);
        if (!r.internal_error.empty()) {
            err << "[foliocheck internal error] " << r.path << ": " << r.internal_error << "\n";
            return EXIT_INTERNAL;
        }
        if (o.json) {
            all.push_back(litmus_json(r, loaded[i]->request.search));
        } else {
            if (i) out << "\n";
            out << litmus_text(r, !o.quiet);
        }
        if (r.stopped_by == "interrupted" || g_interrupt) {
            if (o.json) out << all.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
            // As run: 128 + the signal, and one line saying what the result above is.
            err << "foliocheck: interrupted by " << interrupt_signal_name()
                << "; the search did not complete, the result above is what it explored\n";
            return interrupted_exit_code();
        }
        if (r.result_match == "differs") differs = true;
        if (!r.qualifier.empty()) undecided = true;
    }
    // replace: a path typed on the command line need not be UTF-8 (test names are escaped).
    if (o.json) out << all.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    if (differs) return EXIT_VIOLATION;
    if (undecided) return EXIT_NOT_EXHAUSTIVE;
    return EXIT_HOLDS;
}

int cmd_litmus_replay(const ReplayArgs& args, std::ostream& out, std::ostream& err) {
    LitmusReplay rep;
    try {
        rep = decode_litmus_token(args.token);
    } catch (const TokenError& e) {
        throw UsageError(e.what());
    }
    rep.request.search.raw_history = args.raw;
    auto l = load_or_usage(rep.request);
    LitmusResult r;
    try {
        r = replay_litmus(*l, rep.state);
    } catch (const TokenError& e) {
        throw UsageError(e.what());
    }
    if (!r.internal_error.empty()) {
        err << "[foliocheck internal error] " << r.internal_error << "\n";
        return EXIT_INTERNAL;
    }
    if (args.json) {
        // The witness as litmus --json shows it (for a Sometimes answer), alone: a replay
        // runs one execution, so it has no answer of its own.
        LitmusResult shown = r;
        shown.observation = "Sometimes";
        nlohmann::json j = {{"test", r.name},
                            {"file", r.path},
                            {"memory", memory_name(r.memory)},
                            {"replay", true},
                            {"witness", litmus_json(shown, l->request.search)["witness"]}};
        if (args.raw) j["relacy_history"] = r.raw_history;
        out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return EXIT_HOLDS;
    }
    out << "foliocheck replay: " << r.name << " (" << r.path << "), memory " << memory_name(r.memory) << "\n";
    out << "final state: ";
    for (size_t i = 0; i < r.var_labels.size() && i < r.witness_values.size(); i++)
        out << r.var_labels[i] << "=" << r.witness_values[i] << "; ";
    out << "\n\n" << interleaving_text(r.witness_trace, r.cpus, r.memory, &r.names);
    out << "\nreplay: foliocheck replay " << r.replay_token << "\n";
    if (args.raw) out << "\nRelacy history:\n" << r.raw_history;
    return EXIT_HOLDS;
}

}  // namespace fc
