// harness/search/engine_choice.cpp: see engine_choice.hpp.
#include "harness/search/engine_choice.hpp"

#include <stdexcept>

#include "harness/search/input.hpp"

namespace fc {

EngineKind engine_for(Memory memory, std::optional<EngineKind> asked) {
    const EngineKind natural = memory == Memory::lkmm ? EngineKind::exact : EngineKind::relacy;
    if (!asked || *asked == natural) return natural;
    if (memory == Memory::sc) return *asked;  // both engines decide sc exactly
    if (memory == Memory::lkmm)
        throw UsageError(
            "--engine relacy cannot decide --memory lkmm (Relacy's C++11 model differs from LKMM); "
            "drop --engine for LKMM itself, or use --memory c11 for Relacy's approximation");
    throw UsageError(std::string("--engine exact decides lkmm and sc; --memory ") + memory_name(memory) +
                     " is Relacy's C++11 setting: drop --engine, or use --memory lkmm");
}

SearchOutcome run_engine(const EngineScenario& s, const SearchSpec& spec) {
    if (spec.engine == EngineKind::relacy) return explore(s, spec);
    try {
        return explore(s, spec);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--memory ") + memory_name(s.memory) + " (the exact engine): " + e.what());
    }
}

std::string replay_refusal(Memory memory, std::optional<EngineKind> asked, const std::string& what) {
    // A token records the memory setting, not --engine: it replays on the engine that setting
    // runs by default (Relacy for sc, c11 and relaxed; the exact engine for lkmm).
    if (engine_for(memory, asked) == engine_for(memory, std::nullopt)) return "";
    return std::string("replay tokens replay on the default engine of their memory setting; --engine ") +
           engine_name(engine_for(memory, asked)) + " with --memory " + memory_name(memory) +
           " prints its counterexample as an execution graph: re-run the " + what + " instead";
}

bool exact_replay(Memory memory) { return engine_for(memory, std::nullopt) == EngineKind::exact; }

bool parse_engine(const std::string& name, EngineKind& out) {
    if (name == "relacy") out = EngineKind::relacy;
    else if (name == "exact") out = EngineKind::exact;
    else return false;
    return true;
}

int engine_max_cpus(EngineKind e) { return e == EngineKind::exact ? kMaxCpus : kRelacyMaxCpus; }

}  // namespace fc
