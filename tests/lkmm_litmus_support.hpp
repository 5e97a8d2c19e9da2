// tests/lkmm_litmus_support.hpp: small litmus programs for the exact engine, built with the
// Emitter the built-in writers use; `exists` is the judge's violation predicate.
#pragma once

#include <functional>

#include "model/engine.hpp"
#include "model/lkmm/search.hpp"
#include "model/program.hpp"

namespace fc::lkmm::test {

enum { X = 0, Y = 1, Z = 2 };

struct Litmus {
    EngineScenario s;
    std::function<bool(const int* const* regs, const int* fin)> exists;
    explicit Litmus(int ncpus, Memory m = Memory::lkmm) {
        s.cpus.resize(static_cast<size_t>(ncpus));
        s.init.value.assign(3, 0);
        s.init.used.assign(3, true);
        s.memory = m;
        s.judge = &judge;
        s.judge_ctx = this;
    }
    Litmus(const Litmus&) = delete;
    static Judgement judge(const void* ctx, const int* const* regs, const int* fin) {
        Judgement j;
        j.violation = static_cast<const Litmus*>(ctx)->exists(regs, fin);
        return j;
    }
    SearchOutcome run() { return explore_lkmm(s, SearchSpec{}); }
};

// Emits one CPU's program: body(e) then finish().
template <typename F>
void cpu(Litmus& l, int c, F body) {
    Emitter e(l.s.cpus[static_cast<size_t>(c)]);
    body(e);
    e.finish();
}

// herd7's three answers from a complete search.
inline const char* observation(const SearchOutcome& o) {
    if (!o.completed) return "incomplete";
    if (o.violations == 0) return "Never";
    if (o.violations == o.executions - o.filtered_out) return "Always";
    return "Sometimes";
}

}  // namespace fc::lkmm::test
