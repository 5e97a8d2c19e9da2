// model/engine.cpp: the engine-independent part of model/engine.hpp, and the table explore()
// dispatches on. Relacy-free.
#include "model/engine.hpp"

namespace fc {

volatile std::sig_atomic_t g_interrupt = 0;

namespace {
LiveCounters g_live_local;  // until the harness hands the engines shared memory
}  // namespace
LiveCounters* g_live = &g_live_local;

namespace {

struct EngineRow {
    EngineKind kind;
    const char* name;
    SearchOutcome (*explore)(const EngineScenario&, const SearchSpec&);
};

// One row per EngineKind, in enum order.
constexpr EngineRow kEngines[] = {
    {EngineKind::relacy, "relacy", explore_relacy},
    {EngineKind::exact, "exact", explore_exact},
};
constexpr size_t kEngineRows = sizeof(kEngines) / sizeof(kEngines[0]);
constexpr bool rows_in_enum_order() {
    for (size_t i = 0; i < kEngineRows; i++)
        if (static_cast<size_t>(kEngines[i].kind) != i) return false;
    return true;
}
static_assert(rows_in_enum_order(), "kEngines: one row per EngineKind, in enum order");

const EngineRow* engine_row(EngineKind e) {
    const size_t i = static_cast<size_t>(e);
    return i < kEngineRows ? &kEngines[i] : nullptr;
}

}  // namespace

const char* engine_name(EngineKind e) {
    const EngineRow* r = engine_row(e);
    return r ? r->name : "?";
}

SearchOutcome explore(const EngineScenario& s, const SearchSpec& spec) {
    const EngineRow* r = engine_row(spec.engine);
    if (r == nullptr) {
        SearchOutcome out;
        out.relacy_failure = "no search engine number " + std::to_string(static_cast<int>(spec.engine));
        return out;
    }
    return r->explore(s, spec);
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
    return "loc" + std::to_string(loc);
}

bool LinearCondition::holds(const int* const* regs) const {
    // In 64 bits: the registers are C ints, and small multiples of them cannot overflow here.
    int64_t v = constant;
    for (const LinearTerm& t : terms) v += int64_t{t.coeff} * regs[t.cpu][t.reg];
    switch (rel) {
    case Rel::eq: return v == 0;
    case Rel::ne: return v != 0;
    case Rel::lt: return v < 0;
    case Rel::le: return v <= 0;
    case Rel::gt: return v > 0;
    case Rel::ge: return v >= 0;
    }
    return false;
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

}  // namespace fc
