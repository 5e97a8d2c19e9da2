// harness/search/engine_choice.cpp: see engine_choice.hpp.
#include "harness/search/engine_choice.hpp"

#include <stdexcept>

#include "harness/search/input.hpp"

namespace fc {

SearchOutcome run_engine(const EngineScenario& s, const SearchSpec& spec) {
    if (spec.engine == EngineKind::relacy) return explore(s, spec);
    try {
        return explore(s, spec);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--engine exact: ") + e.what());
    }
}

bool parse_engine(const std::string& name, EngineKind& out) {
    if (name == "relacy") out = EngineKind::relacy;
    else if (name == "exact") out = EngineKind::exact;
    else return false;
    return true;
}

}  // namespace fc
