// tests/test_verdicts_exhaustive.cpp: properties every configuration must have, checked over
// the whole registry (every check x every writer x 1..2 pages x sc/lkmm/relaxed, reader
// order `either`) with full search. Label `exhaustive`: each case takes 10-40 s.
//
// For every configuration:
//   - the full search completes without an internal error (verdict holds or violation);
//   - a violation has a counterexample whose snapshot the check misread (no extra seen);
//   - the counterexample's preemption count is minimal: bound search with that bound finds
//     a violation and (if it is above 0) bound search with one less does not;
//   - the one-pass spurious count equals the spurious count of the same run without the pin,
//     and the pinless run has no violation (checks/scenario.cpp judge_snapshot's argument);
//   - --search reduced reaches the same verdict, exhaustively, in no more executions.
#include <string>

#include <doctest/doctest.h>

#include "harness/search/runner.hpp"
#include "tests/verdict_support.hpp"

using namespace fc;
using namespace fc::test;

namespace {

void sweep(const char* check) {
    const CheckDef* c = find_check(check);
    REQUIRE(c != nullptr);
    int configs = 0, violations = 0, what_if = 0;
    for (const WriterDef* w : all_writers()) {
        for (int pages = 1; pages <= 2; pages++) {
            if (c->small_only && pages > 1) continue;
            // Combinations the kernel never runs (batch-zap-v4 on a small folio) are refused
            // without --what-if; they are counted, not run.
            if (!what_if_reason(scenario_config(request(Req{check, w->name, pages, ReadOrder::either, Memory::sc}),
                                                ReadOrder::ref_first))
                     .empty()) {
                what_if++;
                continue;
            }
            for (Memory m : {Memory::sc, Memory::c11, Memory::relaxed}) {
                const Req req{check, w->name, pages, ReadOrder::either, m};
                CAPTURE(describe(req));
                configs++;
                const RunResult r = run_config(request(req));
                check_full_and_clean(r);
                REQUIRE(r.runs.size() == 2);
                if (r.verdict == Verdict::violation) {
                    violations++;
                    REQUIRE(r.counterexample.has_value());
                    const Counterexample& cx = *r.counterexample;
                    CHECK_FALSE(cx.snapshot.sees_extra);
                    CHECK(cx.snapshot.violation);
                    // Shown: a violating execution without stale reads if one exists (then sc fails
                    // too), the fewest preemptions among those of its kind.
                    Req under_sc = req;
                    under_sc.memory = Memory::sc;
                    const bool sc_fails =
                        m == Memory::sc || run_config(request(under_sc)).verdict == Verdict::violation;
                    CHECK(cx.stale == !sc_fails);
                    const unsigned p = cx.preemptions;
                    CHECK(run_config(request(req, bound_search(p))).verdict == Verdict::violation);
                    if (p > 0) {
                        const RunResult fewer = run_config(request(req, bound_search(p - 1)));
                        if (cx.stale) CHECK(fewer.verdict == Verdict::no_violation_found);
                        else CHECK((fewer.verdict == Verdict::no_violation_found || fewer.counterexample->stale));
                    }
                } else {
                    CHECK(r.verdict == Verdict::holds);
                    CHECK_FALSE(r.counterexample.has_value());
                }
                // The reduced search (fence merging, quiet accesses) must reach the same verdict
                // with no more executions, and still be exhaustive.
                SearchSpec reduced;
                reduced.mode = SearchMode::reduced;
                const RunResult rr = run_config(request(req, reduced));
                CHECK(rr.verdict == r.verdict);
                CHECK(rr.exhaustive);
                CHECK(rr.executions <= r.executions);
                CHECK(rr.counterexample.has_value() == r.counterexample.has_value());
                if (r.counterexample && rr.counterexample) CHECK(rr.counterexample->stale == r.counterexample->stale);
                // Spurious detections per reads-from class do not depend on the search mode.
                CHECK(rr.spurious_classes.has_value() == r.spurious_classes.has_value());
                if (r.spurious_classes && rr.spurious_classes) {
                    CHECK(rr.spurious_classes->writer_transient == r.spurious_classes->writer_transient);
                    CHECK(rr.spurious_classes->torn == r.spurious_classes->torn);
                }
                if (w->kind == WriterKind::pin) {
                    CHECK_FALSE(r.spurious.has_value());
                    continue;
                }
                Req pinless = req;
                pinless.pin = false;
                const RunResult np = run_config(request(pinless));
                check_full_and_clean(np);
                CHECK(np.verdict == Verdict::holds);
                CHECK(np.executions == r.executions);
                REQUIRE(r.spurious.has_value());
                REQUIRE(np.spurious.has_value());
                CHECK(*r.spurious == *np.spurious);
                REQUIRE(np.spurious_classes.has_value());
                CHECK(np.spurious_classes->writer_transient == r.spurious_classes->writer_transient);
                CHECK(np.spurious_classes->torn == r.spurious_classes->torn);
            }
        }
    }
    MESSAGE(std::string(check) << ": " << configs << " configurations, " << violations << " violations");
    // What the sweep must have skipped: the one-page what-ifs (split of a small folio, the
    // large-only writers) and the swapcache addition against a check holding the folio lock.
    int expected_what_if = 0;
    for (const WriterDef* w : all_writers())
        for (int pages = 1; pages <= (c->small_only ? 1 : 2); pages++)
            expected_what_if +=
                (pages == 1 && (c->small_refusal || w->large_only)) || (w->sets_swapcache && c->swapcache_add_refusal);
    CHECK(what_if == expected_what_if);
    CHECK(configs == (static_cast<int>(all_writers().size()) * (c->small_only ? 1 : 2) - what_if) * 3);
    CHECK(violations > 0);
}

}  // namespace

TEST_SUITE("harness/verdicts-exhaustive") {
    TEST_CASE(
        "every ksm configuration completes, with minimal counterexamples, pinless-equal spurious counts and the same "
        "verdict under reduced search") {
        sweep("ksm");
    }

    TEST_CASE(
        "every compaction configuration completes, with minimal counterexamples, pinless-equal spurious counts and the "
        "same verdict under reduced search") {
        sweep("compaction");
    }

    TEST_CASE(
        "every khugepaged configuration completes, with minimal counterexamples, pinless-equal spurious counts and the "
        "same verdict under reduced search") {
        sweep("khugepaged");
    }

    TEST_CASE(
        "every split configuration completes, with minimal counterexamples, pinless-equal spurious counts and the same "
        "verdict under reduced search") {
        sweep("split");
    }

}  // TEST_SUITE("harness/verdicts-exhaustive")
