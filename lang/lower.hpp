// lang/lower.hpp: one thread of a scenario file -> one CPU's Program, through the model's
// Emitter and kernel helpers (model/rmap.*), so that a file and a built-in path that call
// the same helpers produce the same primitive sequence.
//
// Compile-time work happens here: constants and loop variables are folded, `for` loops with
// constant bounds are unrolled (the engine only branches forward), `if` on a constant keeps
// one side, arrays are indexed by constants. What remains is registers, ALU operations,
// forward branches and kernel primitives.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "lang/symbols.hpp"
#include "model/program.hpp"

namespace fc::lang {

// What the lowering saw that the report must mention (lang/shapes.cpp reads it too).
struct ThreadFacts {
    bool plain_accesses = false;  // *x / r = *x: treated as READ_ONCE/WRITE_ONCE
    SrcLoc plain_at;
};

// Emits thread `id` of `f` into `e`. Registers named in the file get engine registers first,
// in declaration order; `regs` receives their numbers. Throws LangError.
void lower_thread(const File& f, const Symbols& s, int id, Emitter& e, std::map<std::string, RegSym>& regs,
                  ThreadFacts& facts);

}  // namespace fc::lang
