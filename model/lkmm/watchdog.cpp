// model/lkmm/watchdog.cpp: see watchdog.hpp.
#include "model/lkmm/watchdog.hpp"

#include "model/engine.hpp"

namespace fc::lkmm {

namespace {
// How often the thread looks at the signal flag: a signal handler can only set a flag, so
// it is polled; 10 ms keeps Ctrl-C prompt and costs nothing next to a solver call.
constexpr std::chrono::milliseconds kPoll{10};
}  // namespace

Watchdog::Watchdog(z3::context& ctx, double timeout_seconds, std::chrono::steady_clock::time_point start)
    : ctx_(ctx),
      has_deadline_(timeout_seconds > 0),
      deadline_(start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(timeout_seconds > 0 ? timeout_seconds : 0))),
      thread_([this] { run(); }) {}

Watchdog::~Watchdog() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        done_ = true;
    }
    cv_.notify_all();
    thread_.join();
}

const char* Watchdog::fired() const {
    switch (why_.load()) {
    case 1: return "timeout";
    case 2: return "interrupted";
    default: return nullptr;
    }
}

void Watchdog::run() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!done_) {
        int why = 0;
        if (g_interrupt) why = 2;
        else if (has_deadline_ && std::chrono::steady_clock::now() >= deadline_) why = 1;
        if (why != 0) {
            why_.store(why);
            // Once set, Z3's cancel flag makes the running check (and any later one) return
            // unknown; the loop stops at its next look at fired() anyway.
            ctx_.interrupt();
            return;
        }
        cv_.wait_for(lock, kPoll);
    }
}

}  // namespace fc::lkmm
