// checks/scenario.hpp: the canonical snapshot scenario.
//
// A folio of N pages, PTE-mapped once per page by the writer's mm, and once more per page by
// the checker's own mm for KSM and khugepaged. One pin (an extra reference) is held for the
// whole run; the checker's own reference is already taken; no swapcache unless asked.
// CPU 0 runs the writer's path over all N pages; CPU 1 reads the two counters and evaluates
// the check's predicate.
//
// violation: the check concludes "no extra reference" while the pin is held.
// spurious:  in the same scenario without the pin, the check sees an extra reference that
//            does not exist (reported, not a violation).
#pragma once

#include <string>

#include "checks/check.hpp"
#include "checks/writers/writer.hpp"
#include "model/engine.hpp"

namespace fc {

// A further writer on a CPU of its own (CPUs 2 and 3): --also NAME[:RANGE]. An unmap or map
// path acts in an mm of its own that maps the whole folio (added to the initial state); a
// GUP-fast pin reads a PTE nobody else clears (the checker's, for KSM and lazyfree) and is
// then the scenario's pin.
struct ExtraWriter {
    const WriterDef* writer = nullptr;
    PageRange range{-1, -1};  // first < 0: the whole folio
};

struct ScenarioConfig {
    const CheckDef* check = nullptr;
    const WriterDef* writer = nullptr;
    FolioShape folio;
    ReadOrder order = ReadOrder::ref_first;  // resolved: ref_first or map_first
    ReaderBarrier barrier = ReaderBarrier::none;
    Memory memory = Memory::sc;
    bool pin = true;
    bool swapcache = false;
    bool writer_mb = false;  // proposal tweak: smp_mb__{before,after}_atomic around the writer's refcount RMWs
    int writer_prefix = 0;   // >0: the writer runs only its first N kernel calls (--minimize)
    // Ranges and pins. range: the pages the writer acts on (first < 0: the whole
    // folio). other_mms: further mms mapping the folio, each over its range (the writer's mm
    // maps the whole folio; the checker's mm, for KSM, khugepaged and lazyfree, too).
    // pins: pins held for the whole run (when `pin`), of kind pin_kind; with --writer
    // gup-fast, pin_kind is the kind GUP-fast takes.
    PageRange range{-1, -1};
    std::vector<PageRange> other_mms;
    int pins = 1;
    // >pins: the judge also judges every pin count pins+1..judge_pins_to from the same
    // execution, as the refcount read shifted by the further pins' references. Exact only when
    // no path observes the pin count (pin_count_observer() below; harness/runner.cpp checks it
    // and replays a counterexample at its own pin count). 0: the held count only.
    int judge_pins_to = 0;
    PinKind pin_kind = PinKind::foll_get;
    // ptep_clear_flush() before KSM's check: a full barrier (true) or a plain store (the
    // kernel's own doubt: __folio_try_share_anon_rmap() "We assume that there might not be a
    // memory barrier after clearing/invalidating the PTE").
    bool ptep_flush_mb = true;
    bool what_if = false;           // run a combination the kernel never runs (marked in every output)
    std::vector<ExtraWriter> also;  // writers on CPUs 2 and 3
    bool own_ref_taken = false;     // compaction: model its folio_try_get() before the reads

    PageRange writer_range() const { return range.first < 0 ? PageRange{0, folio.pages - 1} : range; }
    bool has_gup() const {
        if (writer->kind == WriterKind::pin) return true;
        for (const ExtraWriter& x : also)
            if (x.writer->kind == WriterKind::pin) return true;
        return false;
    }
    int held_pins() const { return pin && !has_gup() ? pins : 0; }
};

// References and _pincount that `pins` pins of `kind` hold on the folio (mm/gup.c).
int pin_references(PinKind kind, int pins, bool large);
int pin_pincount(PinKind kind, int pins, bool large);

// The writer's kernel calls in program order (innermost call instances that issue a
// primitive), for --minimize and for its report.
std::vector<std::string> writer_calls(const Program& writer);
// Cuts a program after its first `calls` kernel calls (see writer_calls).
void truncate_program(Program& p, int calls);

// What the judge needs, by register number. Lives as long as the EngineScenario.
struct JudgeContext {
    const CheckDef* check = nullptr;
    int pages = 1;
    bool swapcache = false;
    bool pin = true;   // a pin is held for the whole run
    int pin_refs = 1;  // the references the held pins account for
    // Further pin counts judged from the same execution (ScenarioConfig::judge_pins_to): the
    // k-th adds k * refs_per_pin to the refcount the check read.
    int extra_pin_counts = 0;
    int refs_per_pin = 1;
    bool measure_spurious = true;  // the pin is a constant: judge "without the pin" as R - pin_refs
    int reg_pinned = -1;           // KSM with FOLL_PIN: folio_maybe_dma_pinned() after the count check
    int reg_shared = -1;           // the COW reuse check: "maybe mapped shared", tested under the mapcount lock
    int reg_swapcache = -1;        // with --writer swapcache-add: the PG_swapcache the check read
    int reader_cpu = 1, writer_cpu = 0;
    int reg_refcount = -1, reg_mapcount = -1;
    int reg_refcount_rf = -1;  // position in _refcount's modification order of the write the check read
    WriterRegs writer;
};

// The snapshot the check saw and what it concluded, from the final registers.
struct Snapshot {
    int refcount = 0;        // the value the check read
    int mapcount = 0;        // the value the check computed
    bool swapcache = false;  // the PG_swapcache the check used (read, with --writer swapcache-add)
    bool sees_extra = false;
    bool violation = false;
    bool spurious = false;
    // With JudgeContext::extra_pin_counts: the fewest further pins (0: the held count) with
    // which this execution violates, or -1. sees_extra is the held count's.
    int extra_pins = -1;
};
Snapshot judge_snapshot(const JudgeContext& ctx, const int* const* regs);

// engine.judge_ctx points at judge: build in place, never copy.
struct BuiltScenario {
    BuiltScenario() = default;
    BuiltScenario(const BuiltScenario&) = delete;
    BuiltScenario& operator=(const BuiltScenario&) = delete;
    EngineScenario engine;
    JudgeContext judge;
    int true_refcount = 0;  // the folio's refcount before the writer runs
    int true_mapcount = 0;
    // With judge_pins_to: "" if no path but the judge observes the pin count, else why
    // (pin_count_observer()); zero_tests: some path tests a pin-shifted counter against zero
    // (folio_put()'s atomic_dec_and_test(), get_page_unless_zero()), which comes out the same
    // at every pin count only if the counter never fell below 1 in the search.
    std::string pin_observer;
    bool pin_zero_tests = false;
};

// Does any path of the scenario observe the pin count, that is, read a value that depends on
// it other than the check's refcount read the judge evaluates? The pins only shift the initial
// _refcount (and a large folio's _pincount with FOLL_PIN) by the same amount per pin. If
// every access to those two locations is a load or an add of a constant whose result is
// either unused, or the judge's refcount register, or a test against zero (zero_tests), then
// the executions of the scenario with K pins are those with one pin, step for step, with the
// two counters and the loaded values shifted, provided no zero test comes out differently
// (none does if the counter never fell below 1). Relacy's scheduling and stale-read choices
// do not depend on values, and the cached search's state graph is the same up to the shift.
// Returns "" or the first path that observes it (then the pin counts need a search each).
std::string pin_count_observer(const EngineScenario& s, int reader_cpu, int judged_refcount_reg, bool& zero_tests);

// Builds the scenario; the order must be resolved (not `either`). Throws std::invalid_argument
// for impossible combinations (use validate_config first for a user-facing message).
void build_scenario(const ScenarioConfig& cfg, BuiltScenario& out);

// One line naming why this combination is impossible, or "" if it is fine.
std::string validate_config(const ScenarioConfig& cfg);
// Combinations the kernel never runs (a small folio split, batch-zap-v4 on a small folio, ...):
// refused unless --what-if, which runs them and marks every output. "" if the kernel runs it.
std::string what_if_reason(const ScenarioConfig& cfg);

}  // namespace fc
