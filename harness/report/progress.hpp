// harness/report/progress.hpp: progress on stderr while a search or a sweep runs.
//
// Shown only where someone watches: stderr is a terminal, and the command does not print JSON
// to a pipe (progress_wanted()). A line appears within 1 s, is rewritten every 0.5 s by a
// thread of its own (so that a long configuration or a long solver call does not silence
// it), and is cleared when the work ends. The thread writes with write(2) from a buffer on
// its stack and takes no lock a forked child could inherit held; its start-up, which does,
// is over before the display's constructor returns.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "harness/search/pool.hpp"

namespace fc {

// stderr is a terminal, and not (--json and stdout is not a terminal).
bool progress_wanted(bool json);

// What the engines counted so far (model/engine.hpp: LiveCounters), read by the display.
struct LiveFigures {
    uint64_t executions = 0, candidates = 0, refinements = 0;
};

// The line of one search: elapsed time, executions and executions per second (Relacy), and
// the exact engine's candidates and refinements. Neither engine sizes its search tree
// before it ends, so no share explored is claimed.
std::string run_progress_text(double seconds, const LiveFigures& now);

// The line of a sweep: its phase ("" for none), configurations done of all, elapsed time, an
// estimate of the time left, executions per second, and the command's budget left
// (budget_left: +infinity without --timeout).
std::string sweep_progress_text(const std::string& phase, size_t done, size_t total, double seconds,
                                const LiveFigures& now, double budget_left);

// Point the engines' counters at memory shared with the children forked from now on (the
// sweeps' configurations, run --jobs's parts), so that their work shows in the parent.
void share_live_counters();

// How many display threads have begun running their own code in this process. A display's
// constructor returns only after its thread has, so that a fork right after it (a sweep's
// first children) never copies the thread mid-start-up (progress.cpp: ProgressTicker).
uint64_t display_threads_started();

struct ProgressTicker;  // the thread that rewrites the line (progress.cpp)
struct ProgressText;    // the text it writes, in a fixed buffer (progress.cpp)

// A single search's line for as long as the object lives (nothing when `show` is false).
class RunProgress {
public:
    explicit RunProgress(bool show);
    ~RunProgress();
    RunProgress(const RunProgress&) = delete;
    RunProgress& operator=(const RunProgress&) = delete;

private:
    std::unique_ptr<ProgressTicker> ticker_;
};

// A sweep's progress: the callback run_matrix() tells after each configuration, keeping the
// line alive (and labelled with `phase`) until the last copy of it is gone; nullptr when
// `show` is false.
Progress progress_line(bool show, const std::string& phase = "");

}  // namespace fc
