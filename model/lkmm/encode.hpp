// model/lkmm/encode.hpp: a scenario's programs as guarded events for Z3.
//
// Every Program is a DAG (forward branches only), so each instruction runs at most once: its
// guard is the disjunction of the paths that reach it, and each register is a bit-vector term
// (C's int arithmetic, wrapping) merged with if-then-else where paths join. Each read gets a
// fresh value and one Boolean per candidate write (one-hot when executed: reads-from); each
// write a coherence clock (the initial write 0; determined, in program order, at a location
// one CPU alone writes). Encoded eagerly: reads-from (same location, executed, equal value),
// RMW atomicity (an RMW's write is its read's source clock + 1, so nothing comes between:
// linux-kernel.cat `atomic`, lock.cat's singlestep(co)), and coherence (linux-kernel.cat
// `coherence`: along each CPU and location the coherence position it has observed never goes
// back). The rest of the model is checked on each candidate (lkmm_model.cpp) and refined
// lazily (search.cpp).
#pragma once

#include <z3++.h>

#include <vector>

#include "model/engine.hpp"
#include "model/lkmm/graph.hpp"

namespace fc::lkmm {

// Coherence clocks are bit-vectors (compared unsigned) of Encoding::clock_bits, just wide
// enough for the initial write and every write of the busiest location to have distinct
// values 0..n (a wider clock only gives the bit-blasted formula more bits to search).
// Integer clocks were measured slower (134 s against 76 s at 64 pages, docs/lkmm-engine.md).
inline z3::expr clock_val(z3::context& c, int v, unsigned bits) { return c.bv_val(v, bits); }
inline z3::expr clock_lt(const z3::expr& a, const z3::expr& b) { return z3::ult(a, b); }
inline z3::expr clock_le(const z3::expr& a, const z3::expr& b) { return z3::ule(a, b); }

struct SymEvent {
    Event ev;                     // static part (value unused)
    z3::expr guard;               // executed
    z3::expr value;               // bit-vector 32
    z3::expr clk;                 // writes: coherence clock
    z3::expr srcclk;              // reads: the clock of the write read
    z3::expr any;                 // reads: this read or its failure alternative executed
    std::vector<int> cands;       // reads: candidate writes
    std::vector<z3::expr> picks;  // reads: per candidate, "reads from it" (one-hot when executed)
    int alt_of = -1;              // a conditional RMW's failure read: the index of its success read
    // Reads of a location that only the reading CPU writes: coherence leaves one source, the
    // CPU's last executed write before the read (or the initial write). srcclk is then that
    // write's clock (a term, not a variable), own_value its value, and picks are derived
    // ("that candidate ran and has this clock") rather than Booleans of their own.
    bool determined = false;
    z3::expr own_value;
    // Writes of a location one CPU alone writes: clk is that CPU's running count of executed
    // writes there (encode.cpp find_single_writers), so an executed one's clock is 1 + the
    // executed writes before it, without evaluating the count's term.
    bool counted = false;
    explicit SymEvent(z3::context& c) : guard(c), value(c), clk(c), srcclk(c), any(c), own_value(c) {}
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
    unsigned clock_bits = 2;                        // width of the coherence clocks
    z3::expr rf_lit(int write, int read) const;     // read executed and reads `write`
    z3::expr co_lit(int a, int b) const;            // both executed, a before b in coherence
    z3::expr fr_lit(int read, int write) const;     // both executed, the read's source before the write
};

// What a term's own operands decide (constant operands, a constant if-then-else condition,
// true/false in a conjunction or disjunction), folded; otherwise the term itself. Linear where
// Z3's simplify() is not: it visits every subterm on each call, and the encoding builds
// running chains.
z3::expr shallow(const z3::expr& e);

// Throws std::invalid_argument naming what the exact engine does not run (stamp instructions).
void encode(const EngineScenario& s, Encoding& out);

// A coherence position to compute once every write is known: rank = the number of writes
// (initial write excluded) at `loc` that are executed and not after clock `clk`.
struct Rank {
    z3::expr out;  // bit-vector 32
    int loc;
    z3::expr clk;
};

// encode_memory.cpp: over the events encode() produced, reads-from, coherence, the ranks
// and the final value of each location.
void encode_memory(const EngineScenario& s, Encoding& out, const std::vector<Rank>& ranks);

// What a model chose, per event of the encoding: whether it ran; for an executed write or
// initial write, its coherence clock; for an executed read, the index in its `cands` of the
// write it reads (-1 otherwise). Linear in the events: counted clocks and determined reads'
// sources come from counting executed writes, not from evaluating their terms (each is a
// chain as long as the CPU's writes to the location: quadratic at 512 pages).
struct ModelChoices {
    std::vector<bool> ran;
    std::vector<int64_t> clock;
    std::vector<int> source;
};
ModelChoices model_choices(const Encoding& enc, const z3::model& m);

// The value of a bit-vector term in a model as C int.
int model_int(const z3::model& m, const z3::expr& e);
bool model_bool(const z3::model& m, const z3::expr& e);

}  // namespace fc::lkmm
