// harness/search/trace_names.hpp: a scenario file's own names, which its traces use.
#pragma once

#include <string>
#include <vector>

namespace fc {

// A scenario file's names for its own locations (index = location; the folio's fixed slots
// keep their kernel names) and spinlocks (index = lock), for traces.
struct TraceNames {
    std::vector<std::string> locs;
    std::vector<std::string> locks;
};

}  // namespace fc
