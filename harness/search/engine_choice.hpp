// harness/search/engine_choice.hpp: which search engine answers a memory setting, and the
// combinations of --memory and --engine that are refused.
//
// The engine follows the memory setting, so that a verdict's semantics are the ones it names:
//   --memory lkmm       -> the exact engine (LKMM as tools/memory-model defines it)
//   --memory sc         -> Relacy (every interleaving); --engine exact decides sc too
//   --memory c11|relaxed -> Relacy (C++11 approximations; docs/limitations.md)
// --engine only chooses where a setting has two engines (sc); asking Relacy for lkmm or the
// exact engine for c11/relaxed is refused with the setting that does run there.
#pragma once

#include <optional>
#include <string>

#include "model/engine.hpp"

namespace fc {

// The engine for `memory`, `asked` being --engine if given. Throws UsageError for a
// combination that would answer under semantics other than the ones the setting names.
EngineKind engine_for(Memory memory, std::optional<EngineKind> asked);

// explore() on the engine spec.engine names (model/engine.hpp). What the
// exact engine refuses (a search mode it has no use for, relaxed memory) is a UsageError.
SearchOutcome run_engine(const EngineScenario& s, const SearchSpec& spec);

bool parse_engine(const std::string& name, EngineKind& out);

// The most CPUs engine `e` runs (model/engine.hpp): the limit a scenario file is held to.
int engine_max_cpus(EngineKind e);

// "" when a replay token can run under `memory`; else why not, in one line. A token records
// the memory setting and replays on its default engine (Relacy's schedule for sc, c11 and
// relaxed; the exact engine's execution state for lkmm, model/lkmm/replay.hpp), so a run
// that asked for the other engine (--engine exact --memory sc) gets no token: `what` is what
// to re-run instead.
std::string replay_refusal(Memory memory, std::optional<EngineKind> asked, const std::string& what);

// A token of this memory setting carries the exact engine's state, not a Relacy schedule.
bool exact_replay(Memory memory);

}  // namespace fc
