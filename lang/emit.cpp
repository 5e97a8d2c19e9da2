// lang/emit.cpp: see emit.hpp.
#include "lang/emit.hpp"

#include <cstring>

namespace fc::lang {

namespace {
Emitter::Operand op_of(Operand o) {
    Emitter::Operand r;
    if (o.is_reg) r.reg = o.value;
    else r.imm = o.value;
    return r;
}
}  // namespace

bool emit_alu(Emitter& e, const std::string& op, int dst, Operand a, Operand b) {
    static const struct {
        const char* c;
        AluOp op;
    } kOps[] = {{"+", AluOp::add},  {"-", AluOp::sub},   {"*", AluOp::mul},  {"/", AluOp::div},    {"%", AluOp::mod},
                {"&", AluOp::and_}, {"|", AluOp::or_},   {"^", AluOp::xor_}, {"<<", AluOp::shl},   {">>", AluOp::shr},
                {"==", AluOp::eq},  {"!=", AluOp::ne},   {"<", AluOp::lt},   {"<=", AluOp::le},    {">", AluOp::gt},
                {">=", AluOp::ge},  {"&&", AluOp::land}, {"||", AluOp::lor}, {"not", AluOp::not_}, {"neg", AluOp::neg}};
    if (op == "compl") {  // ~a == a ^ -1
        e.alu(AluOp::xor_, dst, op_of(a), op_of(Operand::imm(-1)));
        return true;
    }
    for (const auto& k : kOps)
        if (op == k.c) {
            e.alu(k.op, dst, op_of(a), op_of(b));
            return true;
        }
    return false;
}

void emit_mov(Emitter& e, int dst, Operand a) { e.alu(AluOp::mov, dst, op_of(a), op_of(Operand::imm(0))); }

void emit_prim(Emitter& e, Prim p, int loc, Operand a, Operand b, int dst) {
    const PrimInfo& info = prim_info(p);
    if (info.kind == PrimKind::fence) {
        e.barrier(p);
        return;
    }
    if (info.kind == PrimKind::rmw && info.op == RmwOp::add && info.operands == 0) {
        // atomic_inc*/atomic_dec*: the amount is implied by the name; pass it as the operand
        // too (+1 / -1 as the table's sign rule reads it).
        const bool dec = std::strstr(info.name, "dec") != nullptr;
        a = Operand::imm(dec ? (info.operand_negated ? 1 : -1) : 1);
    }
    if (info.kind == PrimKind::load) a = b = Operand::imm(0);
    e.prim_ops(p, loc, op_of(a), op_of(b), dst);
}

}  // namespace fc::lang
