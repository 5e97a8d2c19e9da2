// harness/report/progress.hpp: a sweep's progress line on stderr.
#pragma once

#include "harness/search/pool.hpp"

namespace fc {

// "\r  N/M configurations, S s elapsed, about T s left" after each configuration, for a sweep
// (run_matrix) started now; an empty function when `show` is false (stderr not a terminal).
Progress progress_line(bool show);

}  // namespace fc
