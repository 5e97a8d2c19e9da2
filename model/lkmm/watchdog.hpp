// model/lkmm/watchdog.hpp: stops a Z3 check that runs past the search's deadline or a signal.
//
// The refinement loop (search.cpp) tests --timeout and g_interrupt (SIGINT/SIGTERM/SIGHUP,
// harness/cli/main.cpp) between solver calls, as Relacy's search does between executions. One
// Z3 check can run for minutes at large sizes (the first check of a folio check at 256 pages
// bit-blasts the whole formula), so a thread beside it polls the same two inputs and calls
// z3::context::interrupt(), Z3's documented way to cancel a running check from another
// thread: the check returns unknown and the search ends as not exhaustive, stopped by what
// fired.
#pragma once

#include <z3++.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace fc::lkmm {

class Watchdog {
public:
    // timeout_seconds <= 0: no deadline (signals only). The deadline counts from `start`.
    Watchdog(z3::context& ctx, double timeout_seconds, std::chrono::steady_clock::time_point start);
    ~Watchdog();
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;
    // What stopped the search: "timeout", "interrupted", or nullptr while nothing has.
    const char* fired() const;

private:
    void run();
    z3::context& ctx_;
    const bool has_deadline_;
    const std::chrono::steady_clock::time_point deadline_;
    std::atomic<int> why_{0};  // 0 nothing, 1 timeout, 2 interrupted
    std::mutex mu_;
    std::condition_variable cv_;
    bool done_ = false;
    std::thread thread_;
};

}  // namespace fc::lkmm
