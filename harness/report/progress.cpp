// harness/report/progress.cpp: see progress.hpp.
#include "harness/report/progress.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <new>
#include <system_error>
#include <thread>

#include "model/engine.hpp"

namespace fc {

bool progress_wanted(bool json) {
    if (!::isatty(STDERR_FILENO)) return false;
    return !(json && !::isatty(STDOUT_FILENO));
}

namespace {

LiveFigures live_now() {
    LiveFigures f;
    f.executions = g_live->executions.load(std::memory_order_relaxed);
    f.candidates = g_live->candidates.load(std::memory_order_relaxed);
    f.refinements = g_live->refinements.load(std::memory_order_relaxed);
    return f;
}

LiveFigures since(const LiveFigures& start) {
    LiveFigures f = live_now();
    f.executions -= start.executions;
    f.candidates -= start.candidates;
    f.refinements -= start.refinements;
    return f;
}

// 1234567 -> "1.23M": a line that stays short.
std::string count_text(double n) {
    char b[32];
    if (n >= 1e9) std::snprintf(b, sizeof b, "%.2fG", n / 1e9);
    else if (n >= 1e6) std::snprintf(b, sizeof b, "%.2fM", n / 1e6);
    else if (n >= 1e4) std::snprintf(b, sizeof b, "%.1fk", n / 1e3);
    else std::snprintf(b, sizeof b, "%.0f", n);
    return b;
}

std::string work_text(double seconds, const LiveFigures& f) {
    std::string s;
    if (f.executions) {
        s += count_text(static_cast<double>(f.executions)) + " executions";
        if (seconds > 0) s += " (" + count_text(static_cast<double>(f.executions) / seconds) + "/s)";
    }
    if (f.candidates) {
        if (!s.empty()) s += ", ";
        s += "exact engine: " + count_text(static_cast<double>(f.candidates)) + " candidates, " +
             count_text(static_cast<double>(f.refinements)) + " refinements";
    }
    return s;
}

void write_stderr(const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
        const ssize_t n = ::write(STDERR_FILENO, s.data() + off, s.size() - off);
        if (n <= 0) return;  // a display: nothing to recover
        off += static_cast<size_t>(n);
    }
}

const char kClear[] = "\r\033[K";  // carriage return, erase to the end of the line

}  // namespace

std::string run_progress_text(double seconds, const LiveFigures& now) {
    char head[48];
    std::snprintf(head, sizeof head, "searching: %.1f s", seconds);
    const std::string work = work_text(seconds, now);
    return std::string(head) + (work.empty() ? "" : ", " + work);
}

std::string sweep_progress_text(const std::string& phase, size_t done, size_t total, double seconds,
                                const LiveFigures& now, double budget_left) {
    char b[160];
    std::snprintf(b, sizeof b, "%zu/%zu configurations, %.1f s", done, total, seconds);
    std::string s = (phase.empty() ? "" : phase + ": ") + b;
    if (done && done < total) {
        std::snprintf(b, sizeof b, ", about %.0f s left", seconds / static_cast<double>(done) * (total - done));
        s += b;
    }
    const std::string work = work_text(seconds, now);
    if (!work.empty()) s += ", " + work;
    if (std::isfinite(budget_left)) {
        std::snprintf(b, sizeof b, "; --timeout: %.0f s left", budget_left);
        s += b;
    }
    return s;
}

void share_live_counters() {
    static bool shared = false;
    if (shared) return;
    void* p = ::mmap(nullptr, sizeof(LiveCounters), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return;  // the display then counts this process only
    g_live = new (p) LiveCounters();
    shared = true;
}

// The thread that rewrites the line: the first time after 1 s, then every 0.5 s.
struct ProgressTicker {
    std::function<std::string(double)> text;  // the line, given the seconds elapsed
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    std::mutex m;
    std::condition_variable cv;
    bool stop = false, shown = false;
    std::thread thread;

    explicit ProgressTicker(std::function<std::string(double)> t) : text(std::move(t)) {
        thread = std::thread([this] { loop(); });
    }
    double elapsed() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); }
    void loop() {
        std::unique_lock<std::mutex> lock(m);
        auto wait = std::chrono::milliseconds(1000);
        while (!cv.wait_for(lock, wait, [this] { return stop; })) {
            write_stderr(kClear + text(elapsed()));
            shown = true;
            wait = std::chrono::milliseconds(500);
        }
    }
    // Stops the thread; `last` (if any, and if a line was shown) replaces the line and stays,
    // else the line is cleared.
    void finish(const std::string& last) {
        {
            std::lock_guard<std::mutex> lock(m);
            stop = true;
        }
        cv.notify_all();
        thread.join();
        if (!last.empty() && shown) write_stderr(kClear + last + "\n");  // only a line someone saw
        else if (shown) write_stderr(kClear);
    }
};

RunProgress::RunProgress(bool show) {
    if (!show) return;
    share_live_counters();
    const LiveFigures start = live_now();
    try {
        ticker_ = std::make_unique<ProgressTicker>([start](double s) { return run_progress_text(s, since(start)); });
    } catch (const std::system_error&) {  // no thread to spare: the search runs without a display
    }
}

RunProgress::~RunProgress() {
    if (ticker_) ticker_->finish("");
}

namespace {

struct SweepState {
    std::atomic<size_t> done{0}, total{0};
    std::string phase;
    LiveFigures start;
    std::unique_ptr<ProgressTicker> ticker;
    std::string line(double s) const {
        return sweep_progress_text(phase, done.load(), total.load(), s, since(start), command_seconds_left());
    }
    ~SweepState() {
        // The phase's last line stays: phases read as a log of what ran.
        if (ticker) ticker->finish(total.load() ? line(ticker->elapsed()) : "");
    }
};

}  // namespace

Progress progress_line(bool show, const std::string& phase) {
    if (!show) return nullptr;
    share_live_counters();
    auto st = std::make_shared<SweepState>();
    st->phase = phase;
    st->start = live_now();
    SweepState* raw = st.get();
    try {
        st->ticker = std::make_unique<ProgressTicker>([raw](double s) { return raw->line(s); });
    } catch (const std::system_error&) {  // no thread to spare: the sweep runs without a display
        return nullptr;
    }
    return [st](size_t done, size_t total) {
        st->done = done;
        st->total = total;
    };
}

}  // namespace fc
