// model/lkmm/encode.hpp: a scenario's programs as guarded events for Z3.
//
// Every Program is a DAG (forward branches only), so each instruction runs at most once: its
// guard is the disjunction of the paths that reach it, and each register is a bit-vector term
// (C's int arithmetic, wrapping) merged with if-then-else where paths join. Each read gets a
// fresh value and a reads-from selector over the writes to its location; each write a
// coherence clock (the initial write 0, distinct per location). Encoded eagerly: reads-from
// (same location, executed, equal value), RMW atomicity (an RMW's write is its read's source
// clock + 1, so nothing comes between: linux-kernel.cat `atomic`, lock.cat's singlestep(co)),
// and coherence (linux-kernel.cat `coherence`: along each CPU and location the coherence
// position it has observed never goes back). The rest of the model is checked on each
// candidate (lkmm_model.cpp) and refined lazily (search.cpp).
#pragma once

#include <z3++.h>

#include <vector>

#include "model/engine.hpp"
#include "model/lkmm/graph.hpp"

namespace fc::lkmm {

// Coherence clocks and reads-from selectors (event numbers): bit-vectors of this width
// (2^20 events), or integers with 0. Measured on compaction vs zap-v6.5 without smp_rmb() at
// 64 pages (--first): bit-vectors 76 s, integers 134 s (docs/lkmm-engine.md).
constexpr unsigned kClockBits = 20;

// Clock arithmetic in the sort chosen above.
inline z3::expr clock_val(z3::context& c, int v) { return kClockBits ? c.bv_val(v, kClockBits) : c.int_val(v); }
inline z3::expr clock_lt(const z3::expr& a, const z3::expr& b) { return kClockBits ? z3::ult(a, b) : a < b; }
inline z3::expr clock_le(const z3::expr& a, const z3::expr& b) { return kClockBits ? z3::ule(a, b) : a <= b; }

struct SymEvent {
    Event ev;                // static part (value unused)
    z3::expr guard;          // executed
    z3::expr value;          // bit-vector 32
    z3::expr clk;            // writes: coherence clock (Int)
    z3::expr src;            // reads: the index (into Encoding::ev) of the write read
    z3::expr srcclk;         // reads: its clock
    z3::expr any;            // reads: this read or its failure alternative executed
    std::vector<int> cands;  // reads: candidate writes
    int alt_of = -1;         // a conditional RMW's failure read: the index of its success read
    explicit SymEvent(z3::context& c) : guard(c), value(c), clk(c), src(c), srcclk(c), any(c) {}
};

// An operation C leaves undefined (Program::alu_apply refuses the same cases): `when` holds
// in a candidate that executes it with such operands.
struct UndefinedOp {
    z3::expr when;
    int cpu;
    const char* what;
};

struct Encoding {
    explicit Encoding(z3::context& c) : ctx(c), constraints(c) {}
    z3::context& ctx;
    z3::expr_vector constraints;
    std::vector<SymEvent> ev;
    std::vector<std::vector<z3::expr>> insn_guard;  // per CPU, per pc (one past the end: exit)
    std::vector<std::vector<z3::expr>> final_regs;  // per CPU, per register
    std::vector<z3::expr> final_val;                // per memory location (constant if never written)
    std::vector<bool> written;                      // per memory location
    std::vector<UndefinedOp> undefined;             // division by zero, INT_MIN / -1, bad shifts
    int nmem = 0;                                   // memory locations; spinlock l is location nmem + l
    z3::expr rf_lit(int write, int read) const;     // read executed and reads `write`
    z3::expr co_lit(int a, int b) const;            // both executed, a before b in coherence
    z3::expr fr_lit(int read, int write) const;     // both executed, the read's source before the write
};

// Throws std::invalid_argument naming what the exact engine does not run (stamp instructions).
void encode(const EngineScenario& s, Encoding& out);

// The value of a bit-vector term in a model as C int.
int model_int(const z3::model& m, const z3::expr& e);
bool model_bool(const z3::model& m, const z3::expr& e);

}  // namespace fc::lkmm
