// model/engine.cpp: the Relacy side of foliocheck. An interpreter runs each CPU's Program
// inside a Relacy test suite; every primitive becomes the Relacy operations that
// model/kernel_atomics.cpp's lower() names. While Relacy enumerates executions we count
// violations and spurious detections (per execution and per reads-from class), and keep as
// the counterexample a violating execution without stale reads if there is one, then the one
// with the fewest preemptions.
//
// Rules this file keeps (relacy-notes.md): no heap inside the simulation (Relacy tracks it),
// no mutable state that changes control flow across executions, small fiber stacks.
#include "model/engine.hpp"

#include <cstring>

#include "model/out_of_memory.hpp"
#include "model/relacy.hpp"  // last: Relacy #defines new/delete
#include "model/relacy_cached_scheduler.hpp"
#include "model/replay_scheduler.hpp"
#include "model/state_cache.hpp"

namespace fc {

volatile std::sig_atomic_t g_interrupt = 0;

const char* search_name(SearchMode m) {
    switch (m) {
    case SearchMode::full: return "full";
    case SearchMode::reduced: return "reduced";
    case SearchMode::bound: return "bound";
    case SearchMode::random: return "random";
    case SearchMode::cached: return "cached";
    }
    return "?";
}

std::vector<TraceEvent> accesses_of(const Trace& t) {
    std::vector<TraceEvent> out;
    for (const TraceEvent& e : t.events)
        if (e.kind == EventKind::access) out.push_back(e);
    return out;
}

std::string scenario_loc_name(const EngineScenario& s, int loc) {
    if (loc >= 0 && static_cast<size_t>(loc) < s.loc_names.size() && !s.loc_names[static_cast<size_t>(loc)].empty())
        return s.loc_names[static_cast<size_t>(loc)];
    return loc_name(loc);
}

unsigned count_preemptions(const TraceEvent* ev, size_t n) {
    unsigned pre = 0;
    bool exited[kMaxCpus] = {};
    int prev = -1;
    for (size_t i = 0; i < n; i++) {
        if (ev[i].no_op) continue;  // not a scheduling point
        const int cpu = ev[i].cpu;
        if (prev >= 0 && cpu != prev && !exited[prev]) pre++;
        if (ev[i].kind == EventKind::exit) exited[cpu] = true;
        prev = cpu;
    }
    return pre;
}

namespace {

constexpr size_t kMaxEvents = 16384;  // a 512-page zap and a check reading 512 mapcounts
constexpr int kMaxHist = 256;
constexpr size_t kMaxState = 262144;
constexpr int kNoCounterValue = 0x7fffffff;
constexpr size_t kClassSlots = size_t(1) << 15;  // open-addressing set of reads-from classes
// Relacy atomics exist only for the locations some instruction touches ("slots"): a folio
// of 512 pages has over a thousand locations, and constructing every one in every execution
// would dominate small searches.
constexpr int kMaxSlots = 2048;
constexpr int kMaxOutcomes = 4096;  // distinct outcomes kept (the rest are counted, not kept)

struct OutcomeSlot {
    int n = 0;
    int values[kMaxOutcome] = {};
    uint64_t count = 0;
    bool violation = false;
    uint64_t first_execution = 0;
};

// All search state lives here, outside Relacy's heap. One search runs at a time per process.
struct RunState {
    const EngineScenario* scenario = nullptr;
    const SearchSpec* spec = nullptr;
    Lowering low[static_cast<size_t>(Prim::count_)];
    std::chrono::steady_clock::time_point start;

    uint64_t executions = 0, violations = 0, spurious = 0;
    const char* stopped_by = "";
    // Reduced search (SearchMode::reduced): steps that need no scheduling point of their own.
    bool reduce = false;
    // For each CPU and pc: the locations its remaining instructions (pc and after) may read or
    // write. Branches only jump forward, so "after pc" over-approximates what can still run.
    // Bit s of word (pc * mask_words + s / 64) is slot s.
    const uint64_t* rem_read[kMaxCpus];
    const uint64_t* rem_write[kMaxCpus];
    size_t mask_words = 1;
    size_t pc[kMaxCpus];
    // Location <-> slot (see kMaxSlots), and every location's final value for the judge.
    int nslots = 0;
    const int* slot_of = nullptr;  // location -> slot, -1 = never touched
    int slot_loc[kMaxSlots];
    int* final_values = nullptr;  // indexed by location
    // Distinct outcomes (Judgement::outcome), open addressing on their hash.
    OutcomeSlot* outcomes = nullptr;  // kMaxOutcomes entries
    int outcome_order[kMaxOutcomes];  // indices into outcomes, in the order first seen
    int noutcomes = 0;
    bool outcomes_truncated = false;
    uint64_t filtered_out = 0;
    bool replay_done = false;
    bool matched = false;
    char match_state[kMaxState];

    // The current execution.
    TraceEvent ev[kMaxEvents];
    size_t nev = 0;
    bool truncated = false;
    int regs[kMaxCpus][kMaxRegs];
    // Shadow modification order per slot: (event index, value), oldest first.
    int hist_ev[kMaxSlots][kMaxHist];
    int hist_val[kMaxSlots][kMaxHist];
    int hist_n[kMaxSlots];
    int mo_count[kMaxSlots];  // writes to each location so far (the initial value is 0)
    int hist_mo[kMaxSlots][kMaxHist];
    int last_write_mo[kMaxCpus];  // Op::stamp_write
    int last_rf_mo[kMaxCpus];     // Op::stamp_rf

    // Distinct reads-from classes of spurious detections (hash of the checker's loads; 0 = empty).
    uint64_t class_key[kClassSlots];
    uint64_t classes_used = 0;
    uint64_t classes_transient = 0, classes_torn = 0;
    bool classes_overflow = false;
    uint64_t value_set[LOC_COUNT];  // every value each location held in the search: bit v+1
    bool value_set_overflow[LOC_COUNT];

    // The best counterexample so far.
    bool has_best = false;
    bool best_stale = false;
    TraceEvent best_ev[kMaxEvents];
    size_t best_n = 0;
    bool best_truncated = false;
    int best_regs[kMaxCpus][kMaxRegs];
    int* best_final = nullptr;  // indexed by location
    size_t nlocs = 0;
    uint64_t best_exec = 0;
    unsigned best_pre = 0;
    char best_state[kMaxState];  // Relacy's scheduler state of the best execution ("" = too long)
    void (*capture_state)(char* out, size_t cap) = nullptr;

    // Cached search (state_cache.hpp). The key of the shared memory is kept up to date on
    // every write (shadow_store); the rest of the state is hashed at each decision.
    bool caching = false;
    bool keying = false;  // keep mem_key up to date (caching, or the guided run)
    bool guided = false;  // the run that rebuilds the best counterexample from the cache
    bool uses_stamps = false;
    // Per CPU and pc: the registers that may be read again (by an instruction at pc or later,
    // or by the judge), and whether a stamp instruction may still run.
    const uint64_t* live[kMaxCpus];
    const uint8_t* stamps_ahead[kMaxCpus];
    StateCache cache;
    StateKey mem_key;
    size_t pre_upto = 0;  // events already counted into `pre`
    unsigned pre = 0;     // preemptions so far (count_preemptions, incrementally)
    int prev_cpu = -1;
    bool exited[kMaxCpus] = {};
    int lock_owner[kMaxLocks];          // CPU + 1, 0 = free
    bool waiting[kMaxCpus] = {};        // inside spin_lock on a lock another CPU holds
    unsigned exec_vpre = kNoViolation;  // this execution's preemptions if it leads to a violation
    uint64_t cut = 0;
    // A cut execution that promises a counterexample with fewer preemptions than the best
    // judged one: Relacy's state up to the cut; the guided run completes it from the cache.
    unsigned virtual_pre = kNoViolation;
    uint64_t virtual_exec = 0;
    char virtual_state[kMaxState];
    size_t virtual_depth = 0;
    // Relacy never frees its fiber stacks (delete_fiber in relacy/platform.hpp is empty):
    // 64 KB per CPU per search. Each CPU records its stack; explore() frees them after the
    // search, when Relacy's context is gone.
    void* fiber_stack[kMaxCpus] = {};
    // The first local arithmetic C leaves undefined (alu_apply) in any execution, and its CPU.
    const char* undefined_op = nullptr;
    int undefined_cpu = 0;
};

RunState g;

rl::memory_order to_rl(Order o) {
    switch (o) {
    case Order::relaxed: return rl::mo_relaxed;
    case Order::acquire: return rl::mo_acquire;
    case Order::release: return rl::mo_release;
    case Order::acq_rel: return rl::mo_acq_rel;
    case Order::seq_cst: return rl::mo_seq_cst;
    }
    return rl::mo_seq_cst;
}

// The signed amount an RMW adds, from the kernel operand as written.
int rmw_delta(Prim p, int operand) {
    // The inc/dec rows take no operand: their amount is in the name (atomic_inc*, atomic_dec*,
    // atomic_fetch_inc*, atomic_fetch_dec*); an operand passed with them is ignored.
    const PrimInfo& info = prim_info(p);
    if (info.operands == 0) return std::strstr(info.name, "dec") != nullptr ? -1 : 1;
    return info.operand_negated ? static_cast<int>(0u - static_cast<unsigned>(operand)) : operand;
}

// The addend of an RMW that adds: atomic_t arithmetic wraps (the kernel builds with
// -fno-strict-overflow; Documentation/atomic_t.txt), and Relacy's own fetch_add computes
// `value + op` in int, undefined on overflow. Relacy's rmw() applies perform_rmw(), found by
// argument-dependent lookup, so this type brings the wrapping add.
struct WrappingAdd {
    int delta;
};
std::ostream& operator<<(std::ostream& s, WrappingAdd w) { return s << w.delta; }  // Relacy's raw history
[[maybe_unused]] int perform_rmw(rl::rmw_type_t<rl::rmw_type_add>, int v, WrappingAdd op) {
    return static_cast<int>(static_cast<unsigned>(v) + static_cast<unsigned>(op.delta));
}

TraceEvent* new_event(unsigned cpu, EventKind kind) {
    if (g.nev >= kMaxEvents) {
        g.truncated = true;
        return nullptr;
    }
    TraceEvent* e = &g.ev[g.nev++];
    *e = TraceEvent{};
    e->kind = kind;
    e->cpu = static_cast<uint8_t>(cpu);
    return e;
}

StateKey location_key(int slot, int value, int mo) {
    const int64_t v = g.uses_stamps ? (int64_t(mo) << 32) ^ uint32_t(value) : int64_t(value);
    return component_key(KEY_LOCATION, static_cast<uint32_t>(slot), v);
}

int shadow_store(int slot, int event_index, int value) {
    const int loc = slot;  // the shadow history is kept per slot
    int& n = g.hist_n[loc];
    if (g.keying) {
        if (n > 0) g.mem_key ^= location_key(slot, g.hist_val[loc][n - 1], g.hist_mo[loc][n - 1]);
        g.mem_key ^= location_key(slot, value, event_index < 0 ? 0 : g.mo_count[loc] + 1);
    }
    if (n == kMaxHist) {  // keep the newest: shift one out
        std::memmove(g.hist_ev[loc], g.hist_ev[loc] + 1, sizeof(int) * (kMaxHist - 1));
        std::memmove(g.hist_val[loc], g.hist_val[loc] + 1, sizeof(int) * (kMaxHist - 1));
        std::memmove(g.hist_mo[loc], g.hist_mo[loc] + 1, sizeof(int) * (kMaxHist - 1));
        n--;
    }
    const int folio_loc = g.slot_loc[slot];  // the value sets are kept per folio location
    if (folio_loc < LOC_COUNT) {
        if (value >= -1 && value < 63) g.value_set[folio_loc] |= uint64_t(1) << (value + 1);
        else g.value_set_overflow[folio_loc] = true;
    }
    const int mo = event_index < 0 ? 0 : ++g.mo_count[loc];
    g.hist_ev[loc][n] = event_index;
    g.hist_val[loc][n] = value;
    g.hist_mo[loc][n] = mo;
    n++;
    return mo;
}

int shadow_latest(int slot) { return g.hist_val[slot][g.hist_n[slot] - 1]; }

// Which write a load of `value` read: the latest one if it holds that value, else the most
// recent older write of that value (Relacy reads at most 1 store back in full search, 2 in
// random search). A write of an equal value earlier still cannot be told apart by value.
// Returns the modification-order position of the write read (see Op::stamp_rf); when the
// value matches no write in the shadow history, the latest position (the conservative answer
// for the GUP-fast judge: "the check saw the pin").
int shadow_rf(int slot, int value, TraceEvent* e) {
    const int loc = slot;
    const int n = g.hist_n[loc];
    if (e) e->latest = g.hist_val[loc][n - 1];
    for (int i = n - 1; i >= 0; i--)
        if (g.hist_val[loc][i] == value) {
            if (e) {
                e->rf = g.hist_ev[loc][i];
                e->stale = (i != n - 1);
            }
            return g.hist_mo[loc][i];
        }
    if (e) {
        e->rf = -2;  // unknown: older than the shadow history
        e->stale = true;
    }
    return g.hist_mo[loc][n - 1];
}

// ---- Cached search: the state key and the scheduler hooks (relacy_cached_scheduler.hpp) ----

// Counts the preemptions of the events recorded since the last call (as count_preemptions).
void count_new_events() {
    for (; g.pre_upto < g.nev; g.pre_upto++) {
        const TraceEvent& e = g.ev[g.pre_upto];
        if (e.no_op) continue;
        if (g.prev_cpu >= 0 && e.cpu != g.prev_cpu && !g.exited[g.prev_cpu]) g.pre++;
        if (e.kind == EventKind::exit) g.exited[e.cpu] = true;
        g.prev_cpu = e.cpu;
    }
}

// The key of the whole state at a scheduling decision: every location's value (and its
// modification-order position when a program stamps positions), every CPU's pc and registers,
// the stamp registers, the spinlocks' owners and which CPUs wait for one, and the CPU that ran
// last (so that the preemptions still to come depend on the state alone). Every CPU is either
// not started (pc 0), waiting inside the primitive at its pc, or finished: nothing else of a
// CPU survives a scheduling point. Under sc Relacy holds no other state that changes what can
// happen next: every access is seq_cst and reads the latest value.
StateKey current_key() {
    count_new_events();
    StateKey k = g.mem_key;
    const size_t n = g.scenario->cpus.size();
    for (size_t c = 0; c < n; c++) {
        const uint32_t cpu = static_cast<uint32_t>(c);
        k ^= component_key(KEY_PC, cpu, static_cast<int64_t>(g.pc[c]));
        const uint64_t live = g.live[c][g.pc[c]];
        if (g.spec->broken_key != BrokenStateKey::registers)
            for (int r = 0; r < g.scenario->cpus[c].nregs; r++)
                if (live & (uint64_t(1) << r))
                    k ^= component_key(KEY_REG, cpu * 256 + static_cast<uint32_t>(r), g.regs[c][r]);
        if (g.stamps_ahead[c][g.pc[c]]) {
            k ^= component_key(KEY_STAMP, cpu * 2, g.last_write_mo[c]);
            k ^= component_key(KEY_STAMP, cpu * 2 + 1, g.last_rf_mo[c]);
        }
        if (g.waiting[c]) k ^= component_key(KEY_BLOCKED, cpu, 1);
    }
    for (int l = 0; l < g.scenario->nlocks; l++)
        if (g.lock_owner[l]) k ^= component_key(KEY_LOCK, static_cast<uint32_t>(l), g.lock_owner[l]);
    if (g.spec->broken_key != BrokenStateKey::last_cpu) k ^= component_key(KEY_LAST_CPU, 0, g.prev_cpu);
    return k;
}

bool hook_decision(size_t depth) {
    if (!g.caching) return false;
    const StateKey key = current_key();  // first: it brings g.pre up to date
    if (!g.cache.decision(depth, key, g.pre)) return false;
    const uint16_t m = g.cache.cut_min_pre();
    if (m != kNoViolation) {
        const unsigned promise = g.pre + m;
        g.exec_vpre = promise;
        const unsigned best = g.has_best ? g.best_pre : kNoViolation;
        if (promise < best && promise < g.virtual_pre) {
            g.virtual_pre = promise;
            g.virtual_exec = g.executions + 1;
            g.virtual_depth = depth;
            g.capture_state(g.virtual_state, kMaxState);
        }
    }
    return true;
}

void hook_chosen(size_t depth, unsigned thread) {
    if (g.caching) g.cache.chosen(depth, thread);
}

int hook_guide(size_t) {
    const StateCache::Done* d = g.cache.find(current_key());
    return d ? d->best_cpu : -1;
}

void hook_end(long advanced) {
    if (g.caching) g.cache.end_execution(g.exec_vpre, advanced);
}

bool hook_own(uint64_t subtree) {
    const SearchSpec& s = *g.spec;
    if (s.split_claims && subtree < s.split_claims_n) {
        const uint32_t me = s.split_part + 1;
        const uint32_t was = __sync_val_compare_and_swap(&s.split_claims[subtree], 0u, me);
        return was == 0 || was == me;
    }
    return subtree % s.split_parts == s.split_part;
}

// True if some load of the execution returned a value older than the latest write.
bool any_stale(const TraceEvent* ev, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (ev[i].kind == EventKind::access && ev[i].stale) return true;
    return false;
}

bool is_write(const TraceEvent& e) { return e.kind == EventKind::access && prim_info(e.prim).kind != PrimKind::load; }

// Records the reads-from class of a spurious execution: for each load of the checker, the
// location and the position in its modification order of the write it read (the n-th write
// to that location; the initial value is 0). The writer's path is fixed, so the n-th write to
// a location is the same write in every execution: the class does not depend on how the
// search reached it. "Transient" if the writes read were all current at one moment of the
// execution (some interval [write, next write to the location) common to every load), else
// "torn". Runs inside the simulation: no allocation.
void record_spurious_class() {
    const int reader = g.scenario->reader_cpu;
    uint64_t h = 1469598103934665603ull;  // FNV-1a over (loc, mo position, value)
    long start_max = -1, end_min = static_cast<long>(g.nev) + 1;
    for (size_t i = 0; i < g.nev; i++) {
        const TraceEvent& e = g.ev[i];
        if (e.kind != EventKind::access || e.cpu != reader || prim_info(e.prim).kind != PrimKind::load) continue;
        long mo = 0, end = static_cast<long>(g.nev) + 1;
        if (e.rf >= 0) {
            for (int k = 0; k <= e.rf; k++)
                if (is_write(g.ev[k]) && g.ev[k].loc == e.loc) mo++;
        } else if (e.rf == -2) {
            mo = -2;  // older than the shadow history: unknown write
        }
        for (size_t k = static_cast<size_t>(e.rf < 0 ? 0 : e.rf + 1); k < g.nev && e.rf != -2; k++)
            if (is_write(g.ev[k]) && g.ev[k].loc == e.loc) {
                end = static_cast<long>(k);
                break;
            }
        if (e.rf >= 0 && e.rf > start_max) start_max = e.rf;
        if (e.rf == -2) start_max = static_cast<long>(g.nev) + 2;  // cannot place it: torn
        if (end < end_min) end_min = end;
        for (long v : {static_cast<long>(e.loc), mo, static_cast<long>(e.before)}) {
            h ^= static_cast<uint64_t>(v) + 0x9e3779b97f4a7c15ull;
            h *= 1099511628211ull;
        }
    }
    const bool transient = start_max < end_min;
    h = (h << 1) | (transient ? 1 : 0);
    if (h == 0) h = 2;
    size_t slot = static_cast<size_t>(h) & (kClassSlots - 1);
    for (size_t probe = 0; probe < kClassSlots; probe++, slot = (slot + 1) & (kClassSlots - 1)) {
        if (g.class_key[slot] == h) return;
        if (g.class_key[slot] == 0) {
            if (g.classes_used * 2 >= kClassSlots) {
                g.classes_overflow = true;
                return;
            }
            g.class_key[slot] = h;
            g.classes_used++;
            (transient ? g.classes_transient : g.classes_torn)++;
            return;
        }
    }
}

template <unsigned N>
struct Suite;

// Replay needs Relacy's scheduler state of an execution *while it runs* (in after()), which
// Relacy keeps in private members of context_impl. An explicit instantiation may name private
// members ([temp.explicit]): these two templates hand us pointers to them. Read-only use.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-template-friend"
template <typename Tag, typename Tag::type Member>
struct Rob {
    friend typename Tag::type member(Tag) { return Member; }
};
template <typename Ctx, typename Sched>
struct SchedTag {
    using type = Sched Ctx::*;
    friend type member(SchedTag);
};
template <typename Ctx>
struct IterTag {
    using type = rl::iteration_t Ctx::*;
    friend type member(IterTag);
};
#pragma GCC diagnostic pop
#define FC_ROB_CONTEXT(N, SCHED)                                                  \
    template struct Rob<SchedTag<rl::context_impl<Suite<N>, SCHED<N>>, SCHED<N>>, \
                        &rl::context_impl<Suite<N>, SCHED<N>>::sched_>;           \
    template struct Rob<IterTag<rl::context_impl<Suite<N>, SCHED<N>>>,            \
                        &rl::context_impl<Suite<N>, SCHED<N>>::current_iter_>;

// "<iteration> <scheduler state>": what rl::test_params::initial_state accepts.
template <unsigned N, template <rl::thread_id_t> class Sched>
void capture_state_of(char* out, size_t cap) {
    using Ctx = rl::context_impl<Suite<N>, Sched<N>>;
    Ctx& c = (Ctx&)rl::ctx();  // C-style cast: the base class is private (context_impl : base)
    rl::ostringstream ss;
    ss << c.*member(IterTag<Ctx>()) << " ";
    (c.*member(SchedTag<Ctx, Sched<N>>())).get_state(ss);
    const rl::string str = ss.str();
    if (str.size() + 1 > cap) {
        out[0] = '\0';
        return;
    }
    std::memcpy(out, str.c_str(), str.size() + 1);
}

// spin_lock / spin_unlock / spin_trylock: a Relacy mutex whose trylock never fails
// spuriously (a kernel spin_trylock() fails only when the lock is held).
struct SpinTag;
struct SpinLock : rl::generic_mutex<SpinTag> {
    SpinLock() { init(false, false, false, false, $); }
    ~SpinLock() { deinit($); }
};

alignas(rl::atomic<int>) unsigned char g_atomic_mem[kMaxSlots * sizeof(rl::atomic<int>)];
alignas(SpinLock) unsigned char g_lock_mem[kMaxLocks * sizeof(SpinLock)];

template <unsigned N>
struct Suite : rl::test_suite<Suite<N>, N> {
    // Placement-constructed for the slots this scenario uses (see kMaxSlots); the same
    // lifetime as members: built with the suite at every execution's start, destroyed at its end.
    Suite() {
        for (int s = 0; s < g.nslots; s++) new (atom_ptr(s)) rl::atomic<int>();
        for (int l = 0; l < g.scenario->nlocks; l++) new (lock_ptr(l)) SpinLock();
    }
    ~Suite() {
        for (int l = g.scenario->nlocks; l-- > 0;) lock_ptr(l)->~SpinLock();
        for (int s = g.nslots; s-- > 0;) atom_ptr(s)->~atomic();
    }
    static rl::atomic<int>* atom_ptr(int s) { return reinterpret_cast<rl::atomic<int>*>(g_atomic_mem) + s; }
    static SpinLock* lock_ptr(int l) { return reinterpret_cast<SpinLock*>(g_lock_mem) + l; }

    void before() {
        if (limit_reached()) {
            RL_UNTIL(true);
            return;
        }
        g.nev = 0;
        g.truncated = false;
        g.mem_key = StateKey{};
        g.pre_upto = 0;
        g.pre = 0;
        g.prev_cpu = -1;
        std::memset(g.exited, 0, sizeof(g.exited));
        std::memset(g.waiting, 0, sizeof(g.waiting));
        std::memset(g.lock_owner, 0, sizeof(g.lock_owner));
        g.exec_vpre = kNoViolation;
        std::memset(g.regs, 0, sizeof(g.regs));
        const FolioInit& init = g.scenario->init;
        for (int c = 0; c < kMaxCpus; c++) {
            g.last_write_mo[c] = g.last_rf_mo[c] = -1;
            g.pc[c] = 0;
        }
        for (int s = 0; s < g.nslots; s++) {
            g.hist_n[s] = 0;
            g.mo_count[s] = 0;
            const int v = init.value[static_cast<size_t>(g.slot_loc[s])];
            atom_ptr(s)->store(v, rl::mo_seq_cst, $);
            shadow_store(s, -1, v);
        }
    }

    // Reduced search: a fence never needs a scheduling point of its own. Another CPU's step
    // between a fence and this CPU's neighbouring access commutes with the fence (a non-fence
    // step neither affects nor is affected by it; two fences keep their relative order), so
    // the fence runs as part of the neighbouring step (docs/performance.md, reduction R1).
    void fence(unsigned cpu, Order o, EventKind kind, Prim p, int32_t call) {
        if (g.reduce) rl::ctx().disable_preemption();
        rl::atomic_thread_fence(to_rl(o), $);
        if (g.reduce) rl::ctx().enable_preemption();
        if (TraceEvent* e = new_event(cpu, kind)) {
            e->prim = p;
            e->order = o;
            e->call = call;
        }
    }

    // spin_lock / spin_unlock / spin_trylock: always a scheduling point (a lock operation
    // conflicts with the other CPUs' operations on the same lock).
    void exec_lock(unsigned cpu, const Insn& in, int* regs) {
        SpinLock& m = *lock_ptr(in.loc);
        int result = 0;
        bool ok = true;
        int& owner = g.lock_owner[in.loc];
        switch (in.prim) {
        case Prim::spin_lock:
            g.waiting[cpu] = owner != 0;  // for the state key: this CPU will wait here
            m.lock_exclusive($);
            g.waiting[cpu] = false;
            owner = static_cast<int>(cpu) + 1;
            break;
        case Prim::spin_unlock:
            m.unlock_exclusive($);
            owner = 0;
            break;
        default:
            ok = m.try_lock_exclusive($);
            result = ok ? 1 : 0;
            if (ok) owner = static_cast<int>(cpu) + 1;
            break;
        }
        if (in.dst >= 0) regs[in.dst] = result;
        if (TraceEvent* e = new_event(cpu, EventKind::access)) {
            e->prim = in.prim;
            e->loc = in.loc;
            e->order = g.low[static_cast<size_t>(in.prim)].order;
            e->call = in.call;
            e->result = ok;
            e->before = e->after = result;
            e->is_lock = true;
        }
    }

    void exec_prim(unsigned cpu, const Insn& in, int* regs) {
        const PrimInfo& info = prim_info(in.prim);
        const Lowering& l = g.low[static_cast<size_t>(in.prim)];
        if (info.kind == PrimKind::lock) {
            exec_lock(cpu, in, regs);
            return;
        }
        if (!l.access) {
            if (l.fence) {
                fence(cpu, l.fence_order, EventKind::barrier, in.prim, in.call);
            } else if (TraceEvent* e = new_event(cpu, EventKind::barrier)) {
                e->prim = in.prim;
                e->no_op = true;
                e->call = in.call;
            }
            return;
        }
        if (l.fence_before) fence(cpu, Order::seq_cst, EventKind::implied_mb, in.prim, in.call);
        const int operand = in.src >= 0 ? regs[in.src] : in.imm;
        const int operand_b = in.src2 >= 0 ? regs[in.src2] : in.imm2;
        const rl::memory_order mo = to_rl(l.order);
        const int slot = g.slot_of[in.loc];
        rl::atomic<int>& a = *atom_ptr(slot);
        // Reduced search: an access that conflicts with nothing any other CPU may still do (no
        // remaining write to this location elsewhere, and for a write no remaining access)
        // commutes with every step the others will ever take: it needs no scheduling point of
        // its own (reduction R2, docs/performance.md).
        const bool quiet = g.reduce && !conflicts(cpu, slot, info.kind != PrimKind::load);
        if (quiet) rl::ctx().disable_preemption();
        int before = 0, after = 0, result = 0;
        bool succeeded = true, flag = false;
        switch (info.kind) {
        case PrimKind::load: before = after = result = a.load(mo, $); break;
        case PrimKind::store:
            before = shadow_latest(slot);
            a.store(operand, mo, $);
            after = operand;
            break;
        case PrimKind::rmw: rmw(a, info, l, slot, operand, operand_b, before, after, result, succeeded, flag); break;
        case PrimKind::fence:
        case PrimKind::lock: break;
        }
        if (quiet) rl::ctx().enable_preemption();
        if (in.dst >= 0) regs[in.dst] = result;
        const int index = static_cast<int>(g.nev);
        if (TraceEvent* e = new_event(cpu, EventKind::access)) {
            e->prim = in.prim;
            e->loc = in.loc;
            e->order = l.order;
            e->call = in.call;
            e->operand = operand;
            e->operand_b = operand_b;
            e->before = before;
            e->after = after;
            e->result = flag;
        }
        TraceEvent* recorded = index < static_cast<int>(g.nev) ? &g.ev[index] : nullptr;
        if (info.kind == PrimKind::load) g.last_rf_mo[cpu] = shadow_rf(slot, before, recorded);
        if (info.kind != PrimKind::load && succeeded) g.last_write_mo[cpu] = shadow_store(slot, index, after);
        if (l.fence_after && (succeeded || !l.fence_after_only_on_success))
            fence(cpu, Order::seq_cst, EventKind::implied_mb, in.prim, in.call);
    }

    // One RMW. `succeeded` is false for a conditional RMW that did not write (cmpxchg that
    // found another value, atomic_add_unless that found u); `flag` is the boolean the trace
    // shows (*_and_test, add_negative, add_unless, cmpxchg success).
    static void rmw(rl::atomic<int>& a, const PrimInfo& info, const Lowering& l, int slot, int operand, int operand_b,
                    int& before, int& after, int& result, bool& succeeded, bool& flag) {
        const rl::memory_order mo = to_rl(l.order);
        const rl::memory_order fail_mo = to_rl(l.failure_order);
        switch (info.op) {
        case RmwOp::xchg:
            before = a.exchange(operand, mo, $);
            after = operand;
            result = before;
            return;
        case RmwOp::cmpxchg: {
            // cmpxchg(v, o, n): one strong CAS (Relacy's CAS reads the latest value, as the
            // kernel's does: a failed cmpxchg still returns the current value).
            int expected = operand;
            succeeded = a.compare_exchange_strong(expected, operand_b, mo, $, fail_mo, $);
            before = succeeded ? operand : expected;
            after = succeeded ? operand_b : before;
            result = before;
            flag = succeeded;
            return;
        }
        case RmwOp::add_unless: {
            // atomic_add_unless(v, a, u): a strong CAS loop (Relacy's RMWs read the latest
            // value, so this is one RMW unless another CPU writes in between). Every attempt
            // is a real CAS, so a failing add_unless is still a scheduling point and reads the
            // latest value (Relacy: a failed CAS never reads a stale value). The first guess is
            // the latest value, or a sentinel no counter holds when that is u.
            const int delta = info.operands == 0 ? 1 : operand;  // atomic_inc_not_zero: a = 1
            const int unless = info.operands == 0 ? 0 : operand_b;
            int expected = shadow_latest(slot);
            if (expected == unless) expected = unless == kNoCounterValue ? kNoCounterValue - 1 : kNoCounterValue;
            for (;;) {
                // Wrapping add: the sentinel guess is INT_MAX, and INT_MAX + 1 in int is UB (UBSan).
                const int desired = static_cast<int>(static_cast<unsigned>(expected) + static_cast<unsigned>(delta));
                if (a.compare_exchange_strong(expected, desired, mo, $, fail_mo, $)) break;
                if (expected == unless) {  // the failed CAS read the latest value: u
                    succeeded = false;
                    break;
                }
            }
            before = expected;
            after =
                succeeded ? static_cast<int>(static_cast<unsigned>(expected) + static_cast<unsigned>(delta)) : expected;
            flag = succeeded;
            result = succeeded ? 1 : 0;
            return;
        }
        case RmwOp::add:
        case RmwOp::none: break;
        }
        const int delta = rmw_delta(info.prim, operand);
        before = a.rmw(rl::rmw_type_t<rl::rmw_type_add>(), WrappingAdd{delta}, mo, $);
        after = static_cast<int>(static_cast<unsigned>(before) + static_cast<unsigned>(delta));
        switch (info.result) {
        case RmwResult::none: result = 0; break;
        case RmwResult::new_value: result = after; break;
        case RmwResult::old_value: result = before; break;
        case RmwResult::is_zero:
            flag = (after == 0);
            result = flag;
            break;
        case RmwResult::is_negative:
            flag = (after < 0);
            result = flag;
            break;
        case RmwResult::success: break;
        }
    }

    static bool conflicts(unsigned cpu, int slot, bool writes) {
        const uint64_t bit = uint64_t(1) << (slot & 63);
        const size_t word = static_cast<size_t>(slot) / 64;
        for (unsigned o = 0; o < N; o++) {
            if (o == cpu) continue;
            const size_t at = g.pc[o] * g.mask_words + word;
            if (g.rem_write[o][at] & bit) return true;
            if (writes && (g.rem_read[o][at] & bit)) return true;
        }
        return false;
    }

    void thread(unsigned cpu) {
        g.fiber_stack[cpu] = rl::ctx().threadx_->fiber_.fib.uc_stack.ss_sp;
        const Program& p = g.scenario->cpus[cpu];
        int* regs = g.regs[cpu];
        const size_t n = p.code.size();
        size_t pc = 0;
        while (pc < n) {
            if (g_sched_hooks.cut) {  // cut: this execution is not judged; let go of held locks
                for (int l = 0; l < g.scenario->nlocks; l++)
                    if (g.lock_owner[l] == static_cast<int>(cpu) + 1) {
                        g.lock_owner[l] = 0;
                        lock_ptr(l)->unlock_exclusive($);
                    }
                return;
            }
            g.pc[cpu] = pc;
            const Insn& in = p.code[pc];
            size_t next = pc + 1;
            switch (in.op) {
            case Op::prim: exec_prim(cpu, in, regs); break;
            case Op::movi: regs[in.dst] = in.imm; break;
            case Op::add: regs[in.dst] += regs[in.src]; break;
            case Op::addi: regs[in.dst] += in.imm; break;
            case Op::jz:
                if (regs[in.src] == 0) next = static_cast<size_t>(in.target);
                break;
            case Op::jnz:
                if (regs[in.src] != 0) next = static_cast<size_t>(in.target);
                break;
            case Op::jne:
                if (regs[in.src] != regs[in.src2]) next = static_cast<size_t>(in.target);
                break;
            case Op::jmp: next = static_cast<size_t>(in.target); break;
            case Op::stamp_write: regs[in.dst] = g.last_write_mo[cpu]; break;
            case Op::stamp_rf: regs[in.dst] = g.last_rf_mo[cpu]; break;
            case Op::alu: {
                const char* undefined = nullptr;
                regs[in.dst] = alu_apply(in.alu, in.src >= 0 ? regs[in.src] : in.imm,
                                         in.src2 >= 0 ? regs[in.src2] : in.imm2, &undefined);
                if (undefined && !g.undefined_op) {  // the first one: the search's result is refused
                    g.undefined_op = undefined;
                    g.undefined_cpu = static_cast<int>(cpu);
                }
                break;
            }
            }
            pc = next;
        }
        g.pc[cpu] = n;
        new_event(cpu, EventKind::exit);
    }

    static bool same_access(const TraceEvent& a, const TraceEvent& b) {
        return a.cpu == b.cpu && a.prim == b.prim && a.loc == b.loc && a.before == b.before && a.after == b.after;
    }
    static bool matches(const std::vector<TraceEvent>& want) {
        size_t k = 0;
        for (size_t i = 0; i < g.nev; i++) {
            if (g.ev[i].kind != EventKind::access) continue;
            if (k >= want.size() || !same_access(g.ev[i], want[k])) return false;
            k++;
        }
        return k == want.size();
    }

    static void record_outcome(const Judgement& j) {
        if (j.outcome_n <= 0) return;
        const int n = j.outcome_n > kMaxOutcome ? kMaxOutcome : j.outcome_n;
        uint64_t h = 1469598103934665603ull;
        for (int i = 0; i < n; i++) h = (h ^ static_cast<uint32_t>(j.outcome[i])) * 1099511628211ull;
        for (int probe = 0; probe < kMaxOutcomes; probe++) {
            OutcomeSlot& s = g.outcomes[(h + static_cast<uint64_t>(probe)) % kMaxOutcomes];
            if (s.count == 0) {
                if (g.noutcomes >= kMaxOutcomes / 2) {  // keep the table sparse: count, do not keep
                    g.outcomes_truncated = true;
                    return;
                }
                s.n = n;
                std::memcpy(s.values, j.outcome, sizeof(int) * static_cast<size_t>(n));
                s.count = 1;
                s.violation = j.violation;
                s.first_execution = g.executions;
                g.outcome_order[g.noutcomes++] = static_cast<int>((h + static_cast<uint64_t>(probe)) % kMaxOutcomes);
                return;
            }
            if (s.n == n && std::memcmp(s.values, j.outcome, sizeof(int) * static_cast<size_t>(n)) == 0) {
                s.count++;
                return;
            }
        }
        g.outcomes_truncated = true;
    }

    void after() {
        g.executions++;
        if (g_sched_hooks.cut || g_sched_hooks.foreign) {  // cut, or another part's subtree
            g.cut++;
            return;
        }
        const int* regs[kMaxCpus] = {g.regs[0], g.regs[1], g.regs[2], g.regs[3]};
        for (int s = 0; s < g.nslots; s++) g.final_values[g.slot_loc[s]] = shadow_latest(s);
        const Judgement j = g.scenario->judge(g.scenario->judge_ctx, regs, g.final_values);
        if (j.filtered_out) {
            g.filtered_out++;
        } else {
            if (!g.guided) record_outcome(j);  // the guided run's outcome was seen already
            if (j.violation) {
                g.violations++;
                const unsigned pre = count_preemptions(g.ev, g.nev);
                const bool stale = any_stale(g.ev, g.nev);
                if (!g.has_best || (!stale && g.best_stale) || (stale == g.best_stale && pre < g.best_pre)) {
                    g.has_best = true;
                    g.best_stale = stale;
                    g.best_pre = pre;
                    g.best_exec = g.executions;
                    g.best_n = g.nev;
                    g.best_truncated = g.truncated;
                    std::memcpy(g.best_ev, g.ev, sizeof(TraceEvent) * g.nev);
                    std::memcpy(g.best_regs, g.regs, sizeof(g.regs));
                    std::memcpy(g.best_final, g.final_values, sizeof(int) * g.nlocs);
                    g.capture_state(g.best_state, kMaxState);
                }
                g.exec_vpre = pre;
                if (!stale && g.spec->stop_at_preemptions >= 0 &&
                    pre <= static_cast<unsigned>(g.spec->stop_at_preemptions)) {
                    g.stopped_by = "first-violation";
                    RL_UNTIL(true);
                    return;
                }
            }
            if (j.spurious) {
                g.spurious++;
                record_spurious_class();
            }
        }
        if (j.violation && !j.filtered_out && g.spec->stop_at_first_violation) {
            g.stopped_by = "first-violation";
            RL_UNTIL(true);
            return;
        }

        const SearchSpec& s = *g.spec;
        if (!s.match_accesses.empty() && matches(s.match_accesses)) {
            g.matched = true;
            g.capture_state(g.match_state, kMaxState);
            g.stopped_by = "matched";
            RL_UNTIL(true);
            return;
        }
        if (!s.replay_state.empty() || g.guided) {
            if (!s.replay_state.empty() && !g_replay_check.mismatch &&
                g_replay_check.consumed != g_replay_check.entries) {
                g_replay_check.mismatch = true;
                g_replay_check.why = "the schedule has entries left over when the execution ends";
            }
            g.replay_done = true;
            RL_UNTIL(true);
            return;
        }
    }

    // Limits are checked when the NEXT execution starts: a search whose last execution is
    // exactly the limit still completes (and may say holds).
    static bool limit_reached() {
        const SearchSpec& s = *g.spec;
        if (g.executions == 0 || g.guided) return false;
        if (s.max_executions && g.executions >= s.max_executions) {
            g.stopped_by = "max-executions";
            return true;
        }
        if (g_interrupt) {
            g.stopped_by = "interrupted";
            return true;
        }
        if (s.timeout_seconds > 0 && (g.executions & 255) == 0) {
            const std::chrono::duration<double> el = std::chrono::steady_clock::now() - g.start;
            if (el.count() >= s.timeout_seconds) {
                g.stopped_by = "timeout";
                return true;
            }
        }
        return false;
    }
};

FC_ROB_CONTEXT(2, rl::full_search_scheduler)
FC_ROB_CONTEXT(2, rl::context_bound_scheduler)
FC_ROB_CONTEXT(2, rl::random_scheduler)
FC_ROB_CONTEXT(3, rl::full_search_scheduler)
FC_ROB_CONTEXT(3, rl::context_bound_scheduler)
FC_ROB_CONTEXT(3, rl::random_scheduler)
FC_ROB_CONTEXT(4, rl::full_search_scheduler)
FC_ROB_CONTEXT(4, rl::context_bound_scheduler)
FC_ROB_CONTEXT(4, rl::random_scheduler)
FC_ROB_CONTEXT(2, cached_search_scheduler)
FC_ROB_CONTEXT(3, cached_search_scheduler)
FC_ROB_CONTEXT(4, cached_search_scheduler)
FC_ROB_CONTEXT(2, replay_full_scheduler)
FC_ROB_CONTEXT(2, replay_bound_scheduler)
FC_ROB_CONTEXT(3, replay_full_scheduler)
FC_ROB_CONTEXT(3, replay_bound_scheduler)
FC_ROB_CONTEXT(4, replay_full_scheduler)
FC_ROB_CONTEXT(4, replay_bound_scheduler)

bool uses_cached_scheduler(const SearchSpec& spec) {
    return spec.mode == SearchMode::cached ||
           (spec.split_parts > 0 && spec.mode != SearchMode::bound && spec.mode != SearchMode::random);
}

template <unsigned N>
rl::test_result_e run_suite(rl::test_params& p, std::ostream& state, const SearchSpec& spec) {
    const SearchMode mode = spec.mode;
    // A replay (a token's schedule) runs under the checked schedulers (replay_scheduler.hpp),
    // whatever search made the token: the cached search's states are full-search trees.
    if (!spec.replay_state.empty() && mode != SearchMode::random) {  // random: the state is only a seed
        if (mode == SearchMode::bound) {
            g.capture_state = capture_state_of<N, replay_bound_scheduler>;
            return rl::run_test<Suite<N>, replay_bound_scheduler<N>>(p, state, false);
        }
        g.capture_state = capture_state_of<N, replay_full_scheduler>;
        return rl::run_test<Suite<N>, replay_full_scheduler<N>>(p, state, false);
    }
    if (uses_cached_scheduler(spec)) {
        g.capture_state = capture_state_of<N, cached_search_scheduler>;
        return rl::run_test<Suite<N>, cached_search_scheduler<N>>(p, state, false);
    }
    switch (mode) {
    case SearchMode::cached:
    case SearchMode::full:
    case SearchMode::reduced: g.capture_state = capture_state_of<N, rl::full_search_scheduler>; break;
    case SearchMode::bound: g.capture_state = capture_state_of<N, rl::context_bound_scheduler>; break;
    case SearchMode::random: g.capture_state = capture_state_of<N, rl::random_scheduler>; break;
    }
    switch (mode) {
    case SearchMode::full:
    case SearchMode::reduced:
    case SearchMode::cached: return rl::run_test<Suite<N>, rl::full_search_scheduler<N>>(p, state, false);
    case SearchMode::bound: return rl::run_test<Suite<N>, rl::context_bound_scheduler<N>>(p, state, false);
    case SearchMode::random: return rl::run_test<Suite<N>, rl::random_scheduler<N>>(p, state, false);
    }
    return rl::test_result_success;
}

// Decisions whose subtrees are numbered for a split: enough subtrees for every part to get
// many (2 CPUs: up to 2^depth of them), so that parts finish at about the same time.
size_t split_depth(uint32_t parts) {
    size_t d = 8;
    while ((1u << (d - 8)) < parts && d < 20) d++;
    return d;
}

const char* relacy_result_name(rl::test_result_e r) { return rl::test_result_str(r); }

// Slots: the locations some instruction touches, in location order (see kMaxSlots). Returns
// "" or why the scenario cannot run.
std::string assign_slots(const EngineScenario& s, std::vector<int>& slot_of) {
    const size_t nlocs = s.init.value.size();
    slot_of.assign(nlocs, -1);
    std::vector<bool> touched(nlocs, false);
    for (const Program& p : s.cpus)
        for (const Insn& in : p.code) {
            if (in.op != Op::prim) continue;
            const PrimKind k = prim_info(in.prim).kind;
            if (k == PrimKind::fence) continue;
            if (k == PrimKind::lock) {
                if (in.loc >= s.nlocks)
                    return "a lock primitive names spinlock " + std::to_string(in.loc) + " of " +
                           std::to_string(s.nlocks);
                continue;
            }
            if (in.loc >= nlocs)
                return "an instruction names location " + std::to_string(in.loc) + " of " + std::to_string(nlocs);
            touched[in.loc] = true;
        }
    g.nslots = 0;
    for (size_t loc = 0; loc < nlocs; loc++) {
        if (!touched[loc]) continue;
        if (g.nslots >= kMaxSlots) return "more than " + std::to_string(kMaxSlots) + " locations";
        slot_of[loc] = g.nslots;
        g.slot_loc[g.nslots++] = static_cast<int>(loc);
    }
    return "";
}

// The remaining-access masks of every CPU (see RunState::rem_read), built before the search.
void compute_remaining(const EngineScenario& s) {
    static std::vector<uint64_t> reads[kMaxCpus], writes[kMaxCpus];
    const size_t words = static_cast<size_t>(g.nslots + 63) / 64 + (g.nslots == 0 ? 1 : 0);
    g.mask_words = words;
    for (size_t c = 0; c < static_cast<size_t>(kMaxCpus); c++) {
        const std::vector<Insn> none;
        const std::vector<Insn>& code = c < s.cpus.size() ? s.cpus[c].code : none;
        reads[c].assign((code.size() + 1) * words, 0);
        writes[c].assign((code.size() + 1) * words, 0);
        for (size_t i = code.size(); i-- > 0;) {
            for (size_t w = 0; w < words; w++) {
                reads[c][i * words + w] = reads[c][(i + 1) * words + w];
                writes[c][i * words + w] = writes[c][(i + 1) * words + w];
            }
            const Insn& in = code[i];
            if (in.op != Op::prim) continue;
            const PrimKind k = prim_info(in.prim).kind;
            if (k == PrimKind::fence || k == PrimKind::lock) continue;
            const int slot = g.slot_of[in.loc];
            const uint64_t bit = uint64_t(1) << (slot & 63);
            const size_t at = i * words + static_cast<size_t>(slot) / 64;
            reads[c][at] |= bit;  // a store reads nothing, but a mask too large is only less reduction
            if (k != PrimKind::load) writes[c][at] |= bit;
        }
        g.rem_read[c] = reads[c].data();
        g.rem_write[c] = writes[c].data();
    }
}

// Register liveness per pc (see RunState::live): a register is live at pc if some path from pc
// reads it before writing it, or reaches the end without writing it and the judge reads it.
// Branches only jump forward, so one backward pass is exact for this dataflow. Leaving dead
// registers out of the state key is sound: no later step and not the judge can tell two states
// apart that differ only in them.
void compute_liveness(const EngineScenario& s) {
    static std::vector<uint64_t> live[kMaxCpus];
    static std::vector<uint8_t> stamps[kMaxCpus];
    for (size_t c = 0; c < static_cast<size_t>(kMaxCpus); c++) {
        const std::vector<Insn> none;
        const std::vector<Insn>& code = c < s.cpus.size() ? s.cpus[c].code : none;
        const size_t n = code.size();
        live[c].assign(n + 1, 0);
        stamps[c].assign(n + 1, 0);
        live[c][n] = c < s.judge_regs.size() ? s.judge_regs[c] : ~uint64_t(0);
        auto bit = [](int r) { return r >= 0 ? uint64_t(1) << r : uint64_t(0); };
        for (size_t i = n; i-- > 0;) {
            const Insn& in = code[i];
            uint64_t out = live[c][i + 1];
            stamps[c][i] = stamps[c][i + 1];
            const bool branch = in.op == Op::jz || in.op == Op::jnz || in.op == Op::jne || in.op == Op::jmp;
            if (branch) {
                const size_t t = static_cast<size_t>(in.target) <= n ? static_cast<size_t>(in.target) : n;
                out = in.op == Op::jmp ? live[c][t] : out | live[c][t];
                stamps[c][i] = in.op == Op::jmp ? stamps[c][t] : static_cast<uint8_t>(stamps[c][i] | stamps[c][t]);
            }
            uint64_t use = 0, def = 0;
            switch (in.op) {
            case Op::prim:
                use = bit(in.src) | bit(in.src2);
                def = bit(in.dst);
                break;
            case Op::movi: def = bit(in.dst); break;
            case Op::add:
                use = bit(in.dst) | bit(in.src);
                def = bit(in.dst);
                break;
            case Op::addi:
                use = bit(in.dst);
                def = bit(in.dst);
                break;
            case Op::jz:
            case Op::jnz: use = bit(in.src); break;
            case Op::jne: use = bit(in.src) | bit(in.src2); break;
            case Op::jmp: break;
            case Op::stamp_write:
            case Op::stamp_rf:
                def = bit(in.dst);
                stamps[c][i] = 1;
                break;
            case Op::alu:
                use = bit(in.src) | bit(in.src2);
                def = bit(in.dst);
                break;
            }
            live[c][i] = (out & ~def) | use;
        }
        g.live[c] = live[c].data();
        g.stamps_ahead[c] = stamps[c].data();
    }
}

// Sets up the cached scheduler's hooks: state caching (cached search under sc, not when
// replaying or matching) and splitting.
void setup_cache(const EngineScenario& s, const SearchSpec& spec) {
    g_sched_hooks = CachedSchedulerHooks{};
    g.caching = spec.mode == SearchMode::cached && s.memory == Memory::sc && spec.replay_state.empty() &&
                spec.match_accesses.empty();
    g.keying = g.caching;
    g.guided = false;
    g.cut = 0;
    g.virtual_pre = kNoViolation;
    g.cache.reset();
    g.uses_stamps = false;
    for (const Program& prog : s.cpus)
        for (const Insn& in : prog.code)
            if (in.op == Op::stamp_write || in.op == Op::stamp_rf) g.uses_stamps = true;
    compute_liveness(s);
    if (g.caching) {
        g_sched_hooks.decision = hook_decision;
        g_sched_hooks.chosen = hook_chosen;
        g_sched_hooks.end = hook_end;
    }
    if (spec.split_parts > 0 && spec.replay_state.empty()) {
        g_sched_hooks.own = hook_own;
        g_sched_hooks.split_depth = split_depth(spec.split_parts);
        g.cache.set_min_done_depth(g_sched_hooks.split_depth);
    }
}

rl::test_result_e run_any(rl::test_params& p, rl::ostringstream& state, const EngineScenario& s,
                          const SearchSpec& spec) {
    return s.cpus.size() == 2   ? run_suite<2>(p, state, spec)
           : s.cpus.size() == 3 ? run_suite<3>(p, state, spec)
                                : run_suite<4>(p, state, spec);
}

// Relacy never frees its fiber stacks (delete_fiber in relacy/platform.hpp is empty): each
// run_test leaves one per CPU, recorded in g.fiber_stack; free them once Relacy's context is gone.
void free_fiber_stacks() {
    for (void*& stack : g.fiber_stack) {
        (::free)(stack);  // Relacy #defines free; its stacks came from (::malloc)
        stack = nullptr;
    }
}

// The best counterexample promised by a cut execution: replay Relacy's decisions up to the cut,
// then follow each state's best_cpu from the cache to the violation it promises. Returns true
// when that execution violated with fewer preemptions than the best judged one (it replaces
// it); the search's counts are left as they were.
bool guided_run(const EngineScenario& s, const SearchSpec& spec) {
    const uint64_t executions = g.executions, violations = g.violations, spurious = g.spurious;
    const uint64_t filtered = g.filtered_out;
    const unsigned before = g.has_best ? g.best_pre : kNoViolation;
    g.caching = false;
    g.keying = true;
    g.guided = true;
    g_sched_hooks = CachedSchedulerHooks{};
    g_sched_hooks.guide = hook_guide;
    g_sched_hooks.guide_from = g.virtual_depth;
    static rl::ostringstream sink;
    sink.str("");
    rl::ostringstream state;
    rl::test_params p;
    p.search_type = rl::sched_full;
    p.execution_depth_limit = 100000;
    p.output_stream = &sink;
    p.progress_stream = &sink;
    p.initial_state = g.virtual_state;
    run_any(p, state, s, spec);
    free_fiber_stacks();
    g.guided = false;
    const bool better = g.has_best && g.best_pre < before;
    if (better) g.best_exec = g.virtual_exec;
    g.executions = executions;
    g.violations = violations;
    g.spurious = spurious;
    g.filtered_out = filtered;
    return better;
}

}  // namespace

SearchOutcome explore(const EngineScenario& s, const SearchSpec& spec) {
    SearchOutcome out;
    if (s.cpus.size() < 2 || s.cpus.size() > static_cast<size_t>(kMaxCpus)) {
        out.relacy_failure = "scenario needs 2 to " + std::to_string(kMaxCpus) + " CPUs";
        return out;
    }
    if (s.nlocks < 0 || s.nlocks > kMaxLocks || s.init.used.size() != s.init.value.size()) {
        out.relacy_failure = "scenario has more than " + std::to_string(kMaxLocks) + " spinlocks";
        return out;
    }
    if (s.judge == nullptr) {
        out.relacy_failure = "scenario has no judge";
        return out;
    }
    static std::vector<int> slot_of, final_values, best_final;
    static std::vector<OutcomeSlot> outcome_table;
    if (const std::string why = assign_slots(s, slot_of); !why.empty()) {
        out.relacy_failure = "scenario: " + why;
        return out;
    }
    g.slot_of = slot_of.data();
    g.nlocs = s.init.value.size();
    final_values.assign(g.nlocs + 1, 0);
    best_final.assign(g.nlocs + 1, 0);
    for (size_t loc = 0; loc < g.nlocs; loc++) final_values[loc] = best_final[loc] = s.init.value[loc];
    g.final_values = final_values.data();
    g.best_final = best_final.data();
    outcome_table.assign(kMaxOutcomes, OutcomeSlot{});
    g.outcomes = outcome_table.data();
    g.noutcomes = 0;
    g.outcomes_truncated = false;
    g.filtered_out = 0;
    g.scenario = &s;
    g.spec = &spec;
    for (size_t i = 0; i < static_cast<size_t>(Prim::count_); i++) g.low[i] = lower(static_cast<Prim>(i), s.memory);
    g.executions = g.violations = g.spurious = 0;
    g.undefined_op = nullptr;
    g.stopped_by = "";
    g.replay_done = false;
    g.matched = false;
    g.has_best = false;
    g.best_stale = false;
    std::memset(g.class_key, 0, sizeof g.class_key);
    g.classes_used = g.classes_transient = g.classes_torn = 0;
    g.classes_overflow = false;
    for (int i = 0; i < LOC_COUNT; i++) {
        g.value_set[i] = 0;
        g.value_set_overflow[i] = false;
    }
    g.start = std::chrono::steady_clock::now();

    static rl::ostringstream sink;  // Relacy's own banner/progress: never shown
    sink.str("");
    rl::ostringstream state;
    rl::test_params p;
    g.reduce = spec.mode == SearchMode::reduced || spec.mode == SearchMode::cached;
    compute_remaining(s);
    p.search_type = spec.mode == SearchMode::bound    ? rl::sched_bound
                    : spec.mode == SearchMode::random ? rl::sched_random
                                                      : rl::sched_full;
    setup_cache(s, spec);
    p.context_bound = spec.context_bound;
    p.execution_depth_limit = 100000;
    p.output_stream = &sink;
    p.progress_stream = &sink;
    if (spec.raw_history) {  // Relacy's own event history of the replayed execution
        p.collect_history = true;
        p.output_history = true;
    }
    if (spec.mode == SearchMode::random) p.iteration_count = spec.iterations;
    if (!spec.replay_state.empty()) {
        p.initial_state = spec.replay_state.c_str();
        if (spec.mode == SearchMode::random)
            p.iteration_count = std::strtoull(spec.replay_state.c_str(), nullptr, 10) + 1;
    }

    g_replay_check = ReplayCheck{};
    const bool replay = !spec.replay_state.empty();
    const rl::test_result_e r = run_any(p, state, s, spec);
    free_fiber_stacks();
    const bool caching = g.caching;
    if (caching) out.states = g.cache.states();
    if (r == rl::test_result_success && caching) {
        if (g.virtual_pre < (g.has_best ? g.best_pre : kNoViolation)) out.cx_guided = guided_run(s, spec);
    }
    out.state_caching = caching;
    out.cut = g.cut;
    g.caching = g.keying = false;
    g.cache.reset();
    g_sched_hooks = CachedSchedulerHooks{};

    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - g.start).count();
    out.executions = g.executions;
    out.violations = g.violations;
    out.spurious = g.spurious;
    out.spurious_transient_classes = g.classes_transient;
    out.spurious_torn_classes = g.classes_torn;
    // A cut execution is not judged, and its reads-from class (which writes the checker read
    // before the cut) need not be that of the earlier execution through the same state: under
    // state caching the classes are not all seen.
    out.spurious_classes_complete = !g.classes_overflow && !out.state_caching;
    for (int i = 0; i < LOC_COUNT; i++) {
        out.value_set[static_cast<size_t>(i)] = g.value_set[i];
        out.value_set_overflow[static_cast<size_t>(i)] = g.value_set_overflow[i];
    }
    out.stopped_by = g.stopped_by;
    if (r == rl::test_result_success) {
        out.completed = spec.replay_state.empty();
    } else if (r == rl::test_result_until_condition_hit) {
        out.completed = false;
        if (g.replay_done) out.stopped_by = "replay";
        if (g.matched) {
            out.matched = true;
            out.captured_state = g.match_state;
        }
    } else {
        out.relacy_failure = relacy_result_name(r);
    }
    if (g.has_best) {
        out.has_counterexample = true;
        out.cx_execution = g.best_exec;
        out.cx_preemptions = g.best_pre;
        out.cx_stale = g.best_stale;
        out.cx_state = g.best_state;
        out.cx_trace.events.assign(g.best_ev, g.best_ev + g.best_n);
        out.cx_trace.truncated = g.best_truncated;
        for (size_t c = 0; c < s.cpus.size(); c++)
            out.cx_regs.emplace_back(g.best_regs[c], g.best_regs[c] + s.cpus[c].nregs);
        out.cx_final.assign(g.best_final, g.best_final + g.nlocs);
    }
    for (int i = 0; i < g.noutcomes; i++) {
        const OutcomeSlot& o = g.outcomes[g.outcome_order[i]];
        out.outcomes.push_back(
            OutcomeCount{std::vector<int>(o.values, o.values + o.n), o.count, o.violation, o.first_execution});
    }
    out.outcomes_truncated = g.outcomes_truncated;
    out.filtered_out = g.filtered_out;
    if (g.undefined_op) {
        out.undefined_op = g.undefined_op;
        out.undefined_cpu = g.undefined_cpu;
    }
    if (spec.raw_history) out.raw_history = sink.str().c_str();
    if (replay && g_replay_check.mismatch) out.replay_mismatch = g_replay_check.why;
    if (!spec.replay_state.empty() && g.replay_done) {
        out.replay_trace.events.assign(g.ev, g.ev + g.nev);
        out.replay_trace.truncated = g.truncated;
        for (size_t c = 0; c < s.cpus.size(); c++) out.replay_regs.emplace_back(g.regs[c], g.regs[c] + s.cpus[c].nregs);
    }
    g.scenario = nullptr;
    g.spec = nullptr;
    return out;
}

bool search_executions_so_far(uint64_t& executions) noexcept {
    if (!g.scenario) return false;
    executions = g.executions;
    return true;
}

// Relacy's own operator new and delete, as relacy/context.hpp writes them; model/alloc.cpp
// defines the global ones with this dispatch (out_of_memory.hpp).
void* relacy_dispatch_alloc(std::size_t bytes) noexcept {
    if (rl::is_ctx()) return rl::ctx().alloc(bytes);
    return (::malloc)(bytes);
}

void relacy_dispatch_free(void* p) noexcept {
    if (rl::is_ctx()) (rl::ctx().free)(p);
    else (::free)(p);
}

}  // namespace fc
