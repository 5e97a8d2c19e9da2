// model/search_state.cpp: see search_state.hpp.
#include "model/search_state.hpp"

#include <cstring>

namespace fc {

namespace {

// At most three events per instruction (an implied smp_mb() before and after a fully ordered
// RMW, and the access) and one exit per CPU, when no branch jumps backward; else kMaxEvents.
size_t event_capacity(const EngineScenario& s) {
    size_t n = s.cpus.size() + 1;
    for (const Program& p : s.cpus)
        for (size_t pc = 0; pc < p.code.size(); pc++) {
            const Insn& in = p.code[pc];
            const bool branch = in.op == Op::jz || in.op == Op::jnz || in.op == Op::jne || in.op == Op::jmp;
            if (branch && static_cast<size_t>(in.target) <= pc) return SearchState::kMaxEvents;
            n += in.op == Op::prim ? 3 : 0;
        }
    return n < SearchState::kMaxEvents ? n : SearchState::kMaxEvents;
}

}  // namespace

SearchState::SearchState(const EngineScenario& s, const SearchSpec& sp)
    : scenario(s), spec(sp), ev(event_capacity(s)), best(ev.size()) {
    for (size_t i = 0; i < static_cast<size_t>(Prim::count_); i++) low[i] = lower(static_cast<Prim>(i), s.memory);
    const size_t nlocs = s.init.value.size();
    final_values.assign(nlocs + 1, 0);
    best.final_values.assign(nlocs + 1, 0);
    for (size_t loc = 0; loc < nlocs; loc++) final_values[loc] = best.final_values[loc] = s.init.value[loc];
    values.resize(nlocs);
    start = std::chrono::steady_clock::now();
}

// Out of line: the vectors are freed in this Relacy-free file, where they were allocated.
SearchState::~SearchState() = default;

std::string SearchState::prepare() {
    if (std::string why = analyse_programs(scenario, analysis); !why.empty()) return why;
    shadow.resize(analysis.nslots());
    return "";
}

TraceEvent* SearchState::new_event(unsigned cpu, EventKind kind) {
    if (nev >= ev.size()) {
        truncated = true;
        return nullptr;
    }
    TraceEvent* e = &ev[nev++];
    *e = TraceEvent{};
    e->kind = kind;
    e->cpu = static_cast<uint8_t>(cpu);
    return e;
}

void SearchState::begin_execution() {
    nev = 0;
    truncated = false;
    mem_key = StateKey{};
    pre_upto = 0;
    pre = 0;
    prev_cpu = -1;
    std::memset(exited, 0, sizeof(exited));
    std::memset(waiting, 0, sizeof(waiting));
    std::memset(lock_owner, 0, sizeof(lock_owner));
    exec_vpre = kNoViolation;
    std::memset(regs, 0, sizeof(regs));
    for (int c = 0; c < kRelacyMaxCpus; c++) {
        last_write_mo[c] = last_rf_mo[c] = -1;
        pc[c] = 0;
    }
    for (int s = 0; s < analysis.nslots(); s++) shadow.clear(s);
}

StateKey SearchState::location_key(int slot, int value, int mo) const {
    const int64_t v = analysis.uses_stamps ? (int64_t(mo) << 32) ^ uint32_t(value) : int64_t(value);
    return component_key(KEY_LOCATION, static_cast<uint32_t>(slot), v);
}

int SearchState::shadow_store(int slot, int event_index, int value) {
    if (keying) {
        if (!shadow.empty(slot)) mem_key ^= location_key(slot, shadow.latest_value(slot), shadow.latest_mo(slot));
        mem_key ^= location_key(slot, value, shadow.next_mo(slot, event_index));
    }
    values.record(analysis.slot_loc[static_cast<size_t>(slot)], value);
    return shadow.store(slot, event_index, value);
}

// Counts the preemptions of the events recorded since the last call (as count_preemptions).
void SearchState::count_new_events() {
    for (; pre_upto < nev; pre_upto++) {
        const TraceEvent& e = ev[pre_upto];
        if (e.no_op) continue;
        if (prev_cpu >= 0 && e.cpu != prev_cpu && !exited[prev_cpu]) pre++;
        if (e.kind == EventKind::exit) exited[e.cpu] = true;
        prev_cpu = e.cpu;
    }
}

// The key of the whole state at a scheduling decision: every location's value (and its
// modification-order position when a program stamps positions), every CPU's pc and registers,
// the stamp registers, the spinlocks' owners and which CPUs wait for one, and the CPU that ran
// last (so that the preemptions still to come depend on the state alone). Every CPU is either
// not started (pc 0), waiting inside the primitive at its pc, or finished: nothing else of a
// CPU survives a scheduling point. Under sc Relacy holds no other state that changes what can
// happen next: every access is seq_cst and reads the latest value.
StateKey SearchState::current_key() {
    count_new_events();
    StateKey k = mem_key;
    const size_t n = scenario.cpus.size();
    for (size_t c = 0; c < n; c++) {
        const uint32_t cpu = static_cast<uint32_t>(c);
        k ^= component_key(KEY_PC, cpu, static_cast<int64_t>(pc[c]));
        const uint64_t live = analysis.live[c][pc[c]];
        if (spec.broken_key != BrokenStateKey::registers)
            for (int r = 0; r < scenario.cpus[c].nregs; r++)
                if (live & (uint64_t(1) << r))
                    k ^= component_key(KEY_REG, cpu * 256 + static_cast<uint32_t>(r), regs[c][r]);
        if (analysis.stamps_ahead[c][pc[c]]) {
            k ^= component_key(KEY_STAMP, cpu * 2, last_write_mo[c]);
            k ^= component_key(KEY_STAMP, cpu * 2 + 1, last_rf_mo[c]);
        }
        if (waiting[c]) k ^= component_key(KEY_BLOCKED, cpu, 1);
    }
    for (int l = 0; l < scenario.nlocks; l++)
        if (lock_owner[l]) k ^= component_key(KEY_LOCK, static_cast<uint32_t>(l), lock_owner[l]);
    if (spec.broken_key != BrokenStateKey::last_cpu) k ^= component_key(KEY_LAST_CPU, 0, prev_cpu);
    return k;
}

// Limits are checked when the NEXT execution starts: a search whose last execution is
// exactly the limit still completes (and may say holds).
bool SearchState::limit_reached() {
    live_count(&LiveCounters::executions);
    if (executions == 0 || guided) return false;
    if (spec.max_executions && executions >= spec.max_executions) {
        stopped_by = "max-executions";
        return true;
    }
    if (g_interrupt) {
        stopped_by = "interrupted";
        return true;
    }
    if (spec.timeout_seconds > 0 && (executions & 255) == 0) {
        const std::chrono::duration<double> el = std::chrono::steady_clock::now() - start;
        if (el.count() >= spec.timeout_seconds) {
            stopped_by = "timeout";
            return true;
        }
    }
    return false;
}

// The counterexample kept is, among violating executions, one without stale reads if there
// is one, then the one with the fewest preemptions (the first such).
bool SearchState::judge_execution() {
    const int* r[kRelacyMaxCpus] = {regs[0], regs[1], regs[2], regs[3]};
    const std::vector<int>& loc_of = analysis.slot_loc;
    for (int s = 0; s < analysis.nslots(); s++)
        final_values[static_cast<size_t>(loc_of[static_cast<size_t>(s)])] = shadow.latest_value(s);
    const Judgement j = scenario.judge(scenario.judge_ctx, r, final_values.data());
    if (j.filtered_out) {
        filtered_out++;
    } else {
        if (!guided) outcomes.record(j, executions);  // the guided run's outcome was seen already
        if (j.violation) {
            violations++;
            const unsigned p = count_preemptions(ev.data(), nev);
            const bool stale = any_stale(ev.data(), nev);
            if (!best.has || (!stale && best.stale) || (stale == best.stale && p < best.preemptions)) {
                best.has = true;
                best.stale = stale;
                best.preemptions = p;
                best.execution = executions;
                best.subtree = current_subtree;
                best.n = nev;
                best.truncated = truncated;
                std::memcpy(best.ev.data(), ev.data(), sizeof(TraceEvent) * nev);
                std::memcpy(best.regs, regs, sizeof(regs));
                std::memcpy(best.final_values.data(), final_values.data(), sizeof(int) * scenario.init.value.size());
                capture_state(best.state.data(), best.state.size());
            }
            exec_vpre = p;
            if (!stale && spec.stop_at_preemptions >= 0 && p <= static_cast<unsigned>(spec.stop_at_preemptions)) {
                stopped_by = "first-violation";
                return true;
            }
        }
        if (j.secondary) {
            secondary++;
            classes.record(ev.data(), nev, scenario.observer_cpu);
        }
    }
    if (j.violation && !j.filtered_out && spec.stop_at_first_violation) {
        stopped_by = "first-violation";
        return true;
    }
    return false;
}

}  // namespace fc
