// tests/verdict_support.hpp: building RunRequests tersely for the verdict tests.
#pragma once

#include <optional>
#include <string>

#include <doctest/doctest.h>

#include "checks/check.hpp"
#include "checks/writers/writer.hpp"
#include "harness/search/runner.hpp"

namespace fc::test {

struct Req {
    const char* check;
    const char* writer;
    int pages;
    std::optional<ReadOrder> order;  // unset: the check's kernel order
    Memory memory;
    ReaderBarrier barrier;
    bool pin;
    bool swapcache;
    MapcountDesign mapcount = MapcountDesign::per_page;

    Req(const char* check_, const char* writer_, int pages_ = 1, std::optional<ReadOrder> order_ = std::nullopt,
        Memory memory_ = Memory::sc, ReaderBarrier barrier_ = ReaderBarrier::none, bool pin_ = true,
        bool swapcache_ = false)
        : check(check_),
          writer(writer_),
          pages(pages_),
          order(order_),
          memory(memory_),
          barrier(barrier_),
          pin(pin_),
          swapcache(swapcache_) {}
};

inline RunRequest request(const Req& r, SearchSpec search = SearchSpec{}) {
    RunRequest q;
    q.check = find_check(r.check);
    q.writer = find_writer(r.writer);
    REQUIRE(q.check != nullptr);
    REQUIRE(q.writer != nullptr);
    q.pages = r.pages;
    q.order = r.order;
    q.memory = r.memory;
    q.barrier = r.barrier;
    q.pin = r.pin;
    q.swapcache = r.swapcache;
    q.mapcount = r.mapcount;
    q.search = search;
    // A combination the kernel never runs (split of a one-page folio,
    // batch-zap-v4 on a small folio) needs --what-if; the tests that pin down its verdicts
    // (derived before the refusal existed) run it that way.
    q.what_if = !what_if_reason(scenario_config(q, ReadOrder::ref_first)).empty();
    return q;
}

inline SearchSpec bound_search(unsigned context_bound) {
    SearchSpec s;
    s.mode = SearchMode::bound;
    s.context_bound = context_bound;
    return s;
}

inline SearchSpec random_search(uint64_t iterations) {
    SearchSpec s;
    s.mode = SearchMode::random;
    s.iterations = iterations;
    return s;
}

inline std::string describe(const Req& r) {
    std::string s = std::string(r.check) + "/" + r.writer + "/" + std::to_string(r.pages) + "p/" +
                    (r.order ? read_order_name(*r.order) : "kernel-order") + "/" + memory_name(r.memory);
    if (r.barrier != ReaderBarrier::none) s += std::string("/") + reader_barrier_name(r.barrier);
    if (!r.pin) s += "/no-pin";
    if (r.swapcache) s += "/swapcache";
    if (r.mapcount == MapcountDesign::large) s += "/large";
    return s;
}

// A full search that ran to its end, without an internal error.
inline void check_full_and_clean(const RunResult& r) {
    CHECK(r.internal_error == "");
    CHECK(r.exhaustive);
    CHECK(r.stopped_by == "");
    CHECK(r.executions > 0);
}

// Smallest context bound at which bound search finds a violation, or -1 up to `max_bound`.
inline int smallest_violating_bound(const Req& r, unsigned max_bound) {
    for (unsigned b = 0; b <= max_bound; b++) {
        const RunResult res = run_config(request(r, bound_search(b)));
        REQUIRE(res.internal_error == "");
        if (res.verdict == Verdict::violation) return static_cast<int>(b);
        CHECK(res.verdict == Verdict::no_violation_found);
    }
    return -1;
}

}  // namespace fc::test
