// lang/emit.hpp: the few Emitter calls the lowering needs beyond model/rmap.*, in one place:
// operands that are a register or a constant, ALU operations by their C spelling, kernel
// primitives with 0-2 operands, spinlocks.
#pragma once

#include <string>

#include "model/program.hpp"

namespace fc::lang {

struct Operand {
    bool is_reg = false;
    int value = 0;  // register number or constant
    static Operand reg(int r) { return Operand{true, r}; }
    static Operand imm(int v) { return Operand{false, v}; }
};

// dst = a OP b for C's binary operators (+ - * / % & | ^ << >> == != < <= > >= && ||);
// unary: "neg" (-a), "not" (!a), "compl" (~a) with b ignored. Returns false for an
// operator the engine has no ALU operation for.
bool emit_alu(Emitter& e, const std::string& op, int dst, Operand a, Operand b);
void emit_mov(Emitter& e, int dst, Operand a);
// A kernel primitive: location (or lock index), up to two operands, destination (-1: none).
void emit_prim(Emitter& e, Prim p, int loc, Operand a, Operand b, int dst);

}  // namespace fc::lang
