// lang/condition.hpp: a file's final condition (exists / ~exists / forall, filter, locations)
// as the engine's judge. Compiled once into a flat node array so that judging an execution
// allocates nothing (it runs inside the simulation).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "lang/ast.hpp"
#include "lang/symbols.hpp"
#include "model/engine.hpp"

namespace fc::lang {

struct CondNode {
    enum Kind : uint8_t { konst, reg, loc, binary, lnot } kind = konst;
    std::string op;  // binary: == != < <= > >= + - /\ \/ (kept for printing; evaluation uses code)
    uint8_t code = 0;
    int a = -1, b = -1;  // children
    int cpu = 0, index = 0;
    int value = 0;
};

// A variable of the final state (herd7 prints the condition's variables for each state).
struct StateVar {
    std::string label;  // "1:r0", "x", "m[1]"
    bool is_reg = false;
    int cpu = 0;
    int index = 0;  // register or location
};

struct CompiledCondition {
    Condition::Quantifier quantifier = Condition::exists;
    bool present = false;  // the file has a final condition
    std::string text;
    std::vector<CondNode> nodes;
    int root = -1;
    int filter = -1;
    std::vector<StateVar> vars;  // in herd7's order: registers by thread, then locations
    // The judge's "violation": the execution is one the observation is about. exists and
    // ~exists: the condition holds in it; forall: it fails in it.
    bool witness_is_failure() const { return quantifier == Condition::forall; }
};

// regs[t]: the engine register of each of thread t's named registers.
void compile_condition(const File& f, const Symbols& s, const std::vector<std::map<std::string, RegSym>>& regs,
                       CompiledCondition& out);

// The engine's JudgeFn for a CompiledCondition (ctx points at it).
Judgement judge_condition(const void* ctx, const int* const* regs, const int* final_values);

// Evaluates the condition (or the filter) on final registers and locations (for reports).
bool condition_holds(const CompiledCondition& c, int node, const int* const* regs, const int* final_values);

}  // namespace fc::lang
