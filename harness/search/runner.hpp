// harness/search/runner.hpp: one configuration from request to verdict. Expands the reader order
// `either` into its two orders, runs a search for each, and merges them into one result.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checks/scenario.hpp"
#include "harness/search/verdict.hpp"
#include "model/engine.hpp"

namespace fc {

// RunRequest::pins: every pin count from 1 to the folio's pages. A single pin hides what a
// whole-batch writer does: it moves mapcount and refcount by N at once, so that only N pins
// land on "no extra reference" (one pin per page, as an O_DIRECT read takes them).
constexpr int kEveryPinCount = 0;

struct RunRequest {
    const CheckDef* check = nullptr;
    const WriterDef* writer = nullptr;
    int pages = 1;
    MapcountDesign mapcount = MapcountDesign::per_page;
    std::optional<ReadOrder> order;  // unset: the kernel's order for this check
    ReaderBarrier barrier = ReaderBarrier::none;
    Memory memory = Memory::sc;
    bool pin = true;
    bool swapcache = false;
    bool writer_mb = false;  // smp_mb__{before,after}_atomic around the writer's refcount RMWs
    int writer_prefix = 0;   // >0: the writer runs only its first N kernel calls (--minimize)
    // --first: hunt for a violation with context bound 0, 1, 2 before the exhaustive search,
    // and stop at the first violation found; a violation found this way has the fewest
    // preemptions possible (the smallest bound that reaches one).
    bool first = false;
    // The cached search under sc hunts the same way (context bounds 0 and 1) before its exhaustive search (a violation
    // at 512 pages in milliseconds, the fewest preemptions by construction), but runs the
    // exhaustive search to its end when the hunt finds nothing. --count turns the hunt off:
    // every violating execution is then counted (run_config).
    bool count_all = false;
    // Ranges, mms, pins, the ptep_clear_flush() switch, what-if, the release.
    PageRange range{-1, -1};           // the writer's pages (first < 0: the whole folio)
    std::vector<PageRange> other_mms;  // further mms mapping the folio (--mms)
    // Pins held (when `pin`): kEveryPinCount (the default) explores every count from 1 to the
    // folio's pages, K (`--pins K`) that count only (runner.cpp, run_config).
    int pins = kEveryPinCount;
    PinKind pin_kind = PinKind::foll_get;
    bool ptep_flush_mb = true;      // --ptep-clear-flush mb (default) or plain
    bool what_if = false;           // a combination the kernel never runs, run anyway (marked)
    std::string kernel;             // --kernel VERSION ("" if not given)
    std::vector<ExtraWriter> also;  // --also: writers on CPUs 2 and 3
    bool own_ref_taken = false;     // --own-ref taken: compaction's folio_try_get() modelled
    // --engine if given. The engine that runs is engine_for(memory, engine_asked)
    // (harness/search/engine_choice.hpp): run_config() and replay_run() set search.engine from it.
    std::optional<EngineKind> engine_asked;
    SearchSpec search;

    ReadOrder effective_order() const { return order ? *order : check->kernel_order; }
    // Whether the request explores several pin counts: every count (the default) of a folio
    // of more than one page, with a pin held and no GUP-fast writer (whose own reference is
    // the pin, one).
    bool sweeps_pins() const;
    bool has_gup() const;  // a GUP-fast writer (--writer or --also): its reference is the pin
    // The pin counts the request explores: [first_pins(), last_pins()] (0, 0 without a pin).
    int first_pins() const;
    int last_pins() const;
};

// The counterexample, in kernel terms: a violating execution without stale reads if the
// search found one (an interleaving: sc allows it too, so no barrier can forbid it), else the
// one with the fewest preemptions.
struct Counterexample {
    ReadOrder order = ReadOrder::ref_first;  // the reader order of the search that found it
    uint64_t execution = 0;                  // its number within that search
    unsigned preemptions = 0;
    bool stale = false;  // some load read a value older than the latest: needs weak memory
    Snapshot snapshot;
    int true_refcount_at_read = 0;  // the counters when the check read the refcount
    int true_mapcount_at_read = 0;
    int expected_refcount = 0;  // what the check needed to see to notice the pin
    Trace trace;
    std::vector<Program> cpus;  // the programs, for call names and CPU labels
    std::string replay_token;   // `foliocheck replay TOKEN` re-executes it ("" if unavailable)
    int pins = 0;               // the pins held in it (its token replays that count)
    uint64_t subtree = 0;       // split searches: its subtree (SearchOutcome::cx_subtree)
};

struct OrderRun {
    ReadOrder order;
    SearchOutcome outcome;
};

struct RunResult {
    RunRequest request;
    // --engine exact: what the exact LKMM engine explored (per reader order), and whether the
    // counterexample is also an interleaving (fails already under sc).
    std::string exact_summary;
    bool exact_cx_sc = false;
    Verdict verdict = Verdict::no_violation_found;
    bool exhaustive = false;
    uint64_t executions = 0, violations = 0;
    std::optional<uint64_t> spurious;
    // Cached search under sc: distinct states cached, and executions cut at a cached state
    // (counted in `executions`, not judged: violations and spurious count judged ones only).
    std::optional<uint64_t> states;
    uint64_t cut = 0;
    // The preemption-bounded hunt before the exhaustive search (--first, or the cached search's
    // default): its executions (counted in `executions` too) and, when it found the
    // violation, the context bound it found it at (-1: not found by the hunt).
    uint64_t hunted = 0;
    int hunt_bound = -1;
    // The hunt found nothing and the cached search stopped at its first violation with one
    // preemption more than the hunt's bound: the fewest of any violating execution.
    bool found_after_hunt = false;
    // run --split I/N: this result is one part (never "holds" on its own); part_completed
    // says whether it explored all its subtrees. run --jobs N: `parts` = N, combined.
    bool part_completed = false;
    uint32_t parts = 0;
    std::vector<std::pair<uint64_t, double>> part_results;  // --jobs: each part's executions, seconds
    // Spurious detections per reads-from class (engine.hpp), the same in every exhaustive mode:
    // set when `spurious` is, and the classes fit in the engine's table.
    struct SpuriousClasses {
        uint64_t writer_transient = 0, torn = 0;
    };
    std::optional<SpuriousClasses> spurious_classes;
    // A hold the numbers of the scenario force, whatever the order of the reads (vacuity.hpp):
    // the reason, or "" (set only for an exhaustive hold).
    std::string vacuous;
    // Why vacuity could not be judged (an engine without value sets): a hold that is neither
    // known vacuous nor known not to be. Never counted as vacuous.
    std::string vacuity_unchecked;
    // How the pin counts first_pins()..last_pins() were explored when there are several:
    // "derived" (one search, every execution judged at each count: no path observes the
    // count), "searched" (one search per count, because pins_why), or "" (one count).
    std::string pins_how;
    std::string pins_why;
    // Set by run_orders when the one-search derivation cannot be trusted for this run (a zero
    // test on a counter that fell below 1; a counterexample whose replay at its own pin count
    // does not violate): run_config then searches each count.
    std::string pins_underived;
    double seconds = 0;
    std::string stopped_by;      // why the search did not complete, if it did not
    std::string internal_error;  // Relacy reported a failure of its own
    std::vector<OrderRun> runs;
    std::optional<Counterexample> counterexample;
    bool replay = false;  // produced by replay_run
    std::string raw_history;
};

RunResult run_config(const RunRequest& req);

// Re-executes the one execution a replay token names (req.order must be resolved). The
// result has executions == 1, its verdict is violation, and raw_history holds Relacy's own
// history when asked. Throws TokenError (token.hpp) when the state is not a schedule of the
// scenario (an entry Relacy did not ask for, too few or too many entries) or the execution
// it names does not violate: a token reproduces its counterexample or is refused.
RunResult replay_run(const RunRequest& req, const std::string& state, bool raw_history);

// The scenario a request describes, for one resolved order (used by run_config and tests).
ScenarioConfig scenario_config(const RunRequest& req, ReadOrder resolved);

// --minimize: the smallest folio, then the shortest prefix of the writer's path, that still
// violates (each candidate verified by the same search mode). `removed` says what went.
struct Minimized {
    RunRequest request;  // the minimized configuration
    RunResult result;    // its run
    int pages_before = 0;
    int calls_before = 0, calls_after = 0;
    std::vector<std::string> removed_calls;
    uint64_t searches = 0;  // configurations tried
};
Minimized minimize(const RunRequest& violating);

// Executions that ran to the end and were judged (executions minus those cut).
inline uint64_t judged_executions(const RunResult& r) { return r.executions - r.cut; }

// Human-readable description of what a search explored and what it cannot see.
std::string explored_text(const RunResult& r);

// A counterexample is preferred to another: no stale read first, then fewer preemptions.
bool better_counterexample(const Counterexample& a, const Counterexample& b);

}  // namespace fc
