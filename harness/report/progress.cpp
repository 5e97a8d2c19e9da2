// harness/report/progress.cpp: see progress.hpp.
#include "harness/report/progress.hpp"

#include <chrono>
#include <cstdio>

namespace fc {

Progress progress_line(bool show) {
    if (!show) return nullptr;
    const auto start = std::chrono::steady_clock::now();
    return [start](size_t done, size_t total) {
        const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const double est = done ? el / static_cast<double>(done) * static_cast<double>(total - done) : 0;
        std::fprintf(stderr, "\r  %zu/%zu configurations, %.1f s elapsed, about %.0f s left   ", done, total, el, est);
        if (done == total) std::fprintf(stderr, "\n");
        std::fflush(stderr);
    };
}

}  // namespace fc
