// harness/search/engine_choice.hpp: the search engine a run asked for (--engine relacy|exact).
#pragma once

#include <string>

#include "model/engine.hpp"

namespace fc {

// explore() on the engine spec.engine names (model/engine.hpp). What the
// exact engine refuses (a search mode it has no use for, relaxed memory) is a UsageError.
SearchOutcome run_engine(const EngineScenario& s, const SearchSpec& spec);

bool parse_engine(const std::string& name, EngineKind& out);

}  // namespace fc
