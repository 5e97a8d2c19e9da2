// harness/search/litmus_run.hpp: one scenario file from text to herd7's answer: compile (lang/),
// explore (model/engine), and summarise as herd7 does (final states, Positive/Negative,
// Observation Never|Sometimes|Always), with what was explored and what Relacy cannot see.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/search/trace_names.hpp"
#include "lang/scenario.hpp"
#include "model/engine.hpp"

namespace fc {

struct LitmusRequest {
    std::string file;
    std::vector<std::string> with;  // parts composed with the file (--with: a writer part, a check part)
    lang::Overrides overrides;
    std::string expect;  // --expect Never|Sometimes|Always: replaces the files' Result: comments
    Memory memory = Memory::lkmm;
    SearchSpec search;
};

// A request compiled and ready to run (files read and checked).
struct LoadedLitmus {
    LitmusRequest request;
    std::vector<lang::ScenarioFile> parts;  // the file itself last
    lang::File file;                        // the composed file (or the file itself)
    lang::CompiledScenario compiled;
};
// Throws lang::LangError (FILE:LINE:COL) or lang::FileError.
std::unique_ptr<LoadedLitmus> load_litmus(const LitmusRequest& r);

struct LitmusState {
    std::vector<int> values;
    uint64_t count = 0;
    bool satisfies = false;  // the condition holds in this state
};

struct LitmusResult {
    std::string raw_history;  // replay with --trace raw: Relacy's own history
    std::string name, path;
    Memory memory = Memory::lkmm;
    std::string expected;  // the file's "Result:" comment, or ""
    std::string condition_text;
    lang::Condition::Quantifier quantifier = lang::Condition::exists;
    bool has_condition = false;
    std::vector<std::string> var_labels;
    std::vector<LitmusState> states;  // sorted by values
    bool states_truncated = false;
    uint64_t executions = 0, filtered = 0, positive = 0, negative = 0;
    double seconds = 0;
    bool exhaustive = false;
    std::string stopped_by;
    std::string observation;  // Never, Sometimes, Always
    std::string qualifier;    // "", "not exhaustive", "bounded"
    std::vector<lang::Blindspot> blindspots;
    bool ok = false;           // herd7's Ok / No
    std::string result_match;  // "" (no Result: comment), "matches", "differs", "undecided"
    std::string explored;      // the same sentence as `run`'s "explored:" line
    std::string internal_error;
    std::string notes;  // plain accesses etc.
    // herd7's flags ("data-race", "mixed-accesses") raised by some allowed execution; known
    // only from the exact engine (Relacy does not compute them).
    bool flags_known = false;
    std::vector<std::string> flags;
    // The witness: an execution the observation is about (exists: the condition holds;
    // forall: it fails), the one with the fewest preemptions.
    bool has_witness = false;
    unsigned witness_preemptions = 0;
    Trace witness_trace;
    std::vector<Program> cpus;
    TraceNames names;
    std::vector<int> witness_values;  // the condition's variables in the witness
    std::string replay_token;
};

LitmusResult run_litmus(LoadedLitmus& l);
// Replays one execution (the token's Relacy state) of a loaded request.
LitmusResult replay_litmus(LoadedLitmus& l, const std::string& state);

}  // namespace fc
