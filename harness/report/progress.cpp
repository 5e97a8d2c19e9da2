// harness/report/progress.cpp: see progress.hpp.
#include "harness/report/progress.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
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

}  // namespace

// The display's text is built in fixed buffers with snprintf: the thread that rewrites the
// line must not call operator new, which Relacy takes over during a search in this process
// (model/alloc.cpp: relacy_dispatch_alloc()) and would count as the search's own allocation.
struct ProgressText {
    char text[512];
    size_t len = 0;
    ProgressText() { text[0] = 0; }
    template <typename... A>
    void add(const char* fmt, A... a) {
        if (len >= sizeof text - 1) return;
        const int n = std::snprintf(text + len, sizeof text - len, fmt, a...);
        if (n > 0) len = std::min(sizeof text - 1, len + static_cast<size_t>(n));
    }
    // 1234567 -> "1.23M": a line that stays short.
    void count(double n) {
        if (n >= 1e9) add("%.2fG", n / 1e9);
        else if (n >= 1e6) add("%.2fM", n / 1e6);
        else if (n >= 1e4) add("%.1fk", n / 1e3);
        else add("%.0f", n);
    }
    void work(double seconds, const LiveFigures& f) {
        if (f.executions) {
            add(", ");
            count(static_cast<double>(f.executions));
            add(" executions");
            if (seconds > 0) {
                add(" (");
                count(static_cast<double>(f.executions) / seconds);
                add("/s)");
            }
        }
        if (f.candidates) {
            add(", exact engine: ");
            count(static_cast<double>(f.candidates));
            add(" candidates, ");
            count(static_cast<double>(f.refinements));
            add(" refinements");
        }
    }
};

namespace {

void run_line(ProgressText& l, double seconds, const LiveFigures& now) {
    l.add("searching: %.1f s", seconds);
    l.work(seconds, now);
}

void sweep_line(ProgressText& l, const char* phase, size_t done, size_t total, double seconds, const LiveFigures& now,
                double budget_left) {
    if (*phase) l.add("%s: ", phase);
    l.add("%zu/%zu configurations, %.1f s", done, total, seconds);
    if (done && done < total) l.add(", about %.0f s left", seconds / static_cast<double>(done) * (total - done));
    l.work(seconds, now);
    if (std::isfinite(budget_left)) l.add("; --timeout: %.0f s left", budget_left);
}

void write_stderr(const char* s, size_t n) {
    size_t off = 0;
    while (off < n) {
        const ssize_t k = ::write(STDERR_FILENO, s + off, n - off);
        if (k <= 0) return;  // a display: nothing to recover
        off += static_cast<size_t>(k);
    }
}

const char kClear[] = "\r\033[K";  // carriage return, erase to the end of the line

}  // namespace

std::string run_progress_text(double seconds, const LiveFigures& now) {
    ProgressText l;
    run_line(l, seconds, now);
    return std::string(l.text, l.len);
}

std::string sweep_progress_text(const std::string& phase, size_t done, size_t total, double seconds,
                                const LiveFigures& now, double budget_left) {
    ProgressText l;
    sweep_line(l, phase.c_str(), done, total, seconds, now, budget_left);
    return std::string(l.text, l.len);
}

void share_live_counters() {
    static bool shared = false;
    if (shared) return;
    void* p = ::mmap(nullptr, sizeof(LiveCounters), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return;  // the display then counts this process only
    g_live = new (p) LiveCounters();
    shared = true;
}

namespace {
std::atomic<uint64_t> g_display_threads_started{0};
}  // namespace

uint64_t display_threads_started() { return g_display_threads_started.load(std::memory_order_relaxed); }

// The thread that rewrites the line: the first time after 1 s, then every 0.5 s. It loads
// atomics, formats into a ProgressText on its stack and writes; it allocates nothing.
struct ProgressTicker {
    std::function<void(double, ProgressText&)> text;  // the line, given the seconds elapsed
    std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
    std::mutex m;
    std::condition_variable cv;
    bool stop = false, shown = false, running = false;
    std::thread thread;

    // Returns once the thread runs its own code. A thread's start-up is the C library's and
    // the sanitizer's (under ASan it frees and allocates under the allocator's locks), and the
    // sweeps fork their children right after starting the display: a child forked mid-start-up
    // inherited such a lock held and hung at its first allocation that needed it (seen under
    // ASan: `fixes --jobs 2` on a terminal stalled at 13 of 14 configurations). Once loop()
    // runs, the thread takes no lock but `m` and allocates nothing, so a fork at any later
    // moment is safe.
    explicit ProgressTicker(std::function<void(double, ProgressText&)> t) : text(std::move(t)) {
        thread = std::thread([this] { loop(); });
        std::unique_lock<std::mutex> lock(m);
        cv.wait(lock, [this] { return running; });
    }
    ~ProgressTicker() { finish(false); }  // never a joinable thread destroyed (std::terminate)
    ProgressTicker(const ProgressTicker&) = delete;
    ProgressTicker& operator=(const ProgressTicker&) = delete;

    double elapsed() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); }
    void show() {
        ProgressText l;
        l.add("%s", kClear);
        text(elapsed(), l);
        write_stderr(l.text, l.len);
    }
    void loop() {
        std::unique_lock<std::mutex> lock(m);
        running = true;
        g_display_threads_started.fetch_add(1, std::memory_order_relaxed);
        cv.notify_all();
        auto wait = std::chrono::milliseconds(1000);
        while (!cv.wait_for(lock, wait, [this] { return stop; })) {
            show();
            shown = true;
            wait = std::chrono::milliseconds(500);
        }
    }
    // Stops the thread. keep: if a line was shown, it is rewritten one last time and stays;
    // otherwise the line is cleared.
    void finish(bool keep) {
        if (!thread.joinable()) return;  // finished already
        {
            std::lock_guard<std::mutex> lock(m);
            stop = true;
        }
        cv.notify_all();
        thread.join();
        if (!shown) return;
        if (keep) {
            show();
            write_stderr("\n", 1);
        } else {
            write_stderr(kClear, sizeof kClear - 1);
        }
    }
};

RunProgress::RunProgress(bool show) {
    if (!show) return;
    share_live_counters();
    const LiveFigures start = live_now();
    try {
        ticker_ =
            std::make_unique<ProgressTicker>([start](double s, ProgressText& l) { run_line(l, s, since(start)); });
    } catch (const std::system_error&) {  // no thread to spare: the search runs without a display
    }
}

RunProgress::~RunProgress() {
    if (ticker_) ticker_->finish(false);
}

namespace {

struct SweepState {
    std::atomic<size_t> done{0}, total{0};
    std::string phase;  // set before the thread starts, read-only after
    LiveFigures start;
    std::unique_ptr<ProgressTicker> ticker;
    void line(double s, ProgressText& l) const {
        sweep_line(l, phase.c_str(), done.load(), total.load(), s, since(start), command_seconds_left());
    }
    ~SweepState() {
        // The phase's last line stays: phases read as a log of what ran.
        if (ticker) ticker->finish(total.load() > 0);
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
        st->ticker = std::make_unique<ProgressTicker>([raw](double s, ProgressText& l) { raw->line(s, l); });
    } catch (const std::system_error&) {  // no thread to spare: the sweep runs without a display
        return nullptr;
    }
    return [st](size_t done, size_t total) {
        st->done = done;
        st->total = total;
    };
}

}  // namespace fc
