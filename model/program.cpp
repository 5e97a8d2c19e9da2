// model/program.cpp: the Emitter (see program.hpp).
#include "model/program.hpp"

#include <cstdint>
#include <stdexcept>

#include "model/folio.hpp"

namespace fc {

int Emitter::reg(const std::string& name) {
    if (m_p.nregs >= kMaxRegs)
        throw std::logic_error("it needs more than " + std::to_string(kMaxRegs) +
                               " registers (named registers, register array elements and temporaries)");
    m_p.reg_names.push_back(name);
    return m_p.nregs++;
}

int Emitter::scratch(const std::string& name) {
    for (int r = 0; r < m_p.nregs; r++)
        if (m_p.reg_names[static_cast<size_t>(r)] == name) return r;
    return reg(name);
}

Insn& Emitter::push(Op op) {
    if (m_p.code.size() >= 1000000) throw std::logic_error("program too long");
    m_p.code.emplace_back();
    Insn& i = m_p.code.back();
    i.op = op;
    i.call = m_call_index;
    return i;
}

int Emitter::prim(Prim p, int loc, int operand, int dst) {
    const PrimInfo& info = prim_info(p);
    const bool ref_rmw = m_refcount_barriers && loc == LOC_REFCOUNT && info.kind == PrimKind::rmw;
    const bool lowers = p == Prim::atomic_dec || p == Prim::atomic_dec_and_test || p == Prim::atomic_sub ||
                        p == Prim::atomic_sub_and_test || p == Prim::atomic_dec_return_relaxed ||
                        p == Prim::atomic_sub_return_relaxed || operand < 0;
    if (ref_rmw && lowers) barrier(Prim::smp_mb__before_atomic);
    Insn& i = push(Op::prim);
    i.prim = p;
    i.loc = static_cast<uint16_t>(loc);
    i.imm = operand;
    i.dst = static_cast<int8_t>(dst);
    if (ref_rmw && !lowers) barrier(Prim::smp_mb__after_atomic);
    return dst;
}

int Emitter::prim_reg(Prim p, int loc, int operand_reg, int dst) {
    Insn& i = push(Op::prim);
    i.prim = p;
    i.loc = static_cast<uint16_t>(loc);
    i.src = static_cast<int8_t>(operand_reg);
    i.dst = static_cast<int8_t>(dst);
    return dst;
}

int Emitter::prim_ops(Prim p, int loc, Operand a, Operand b, int dst) {
    Insn& i = push(Op::prim);
    i.prim = p;
    i.loc = static_cast<uint16_t>(loc);
    i.src = static_cast<int8_t>(a.reg);
    i.imm = a.imm;
    i.src2 = static_cast<int8_t>(b.reg);
    i.imm2 = b.imm;
    i.dst = static_cast<int8_t>(dst);
    return dst;
}

void Emitter::alu(AluOp op, int dst, Operand a, Operand b) {
    Insn& i = push(Op::alu);
    i.alu = op;
    i.dst = static_cast<int8_t>(dst);
    i.src = static_cast<int8_t>(a.reg);
    i.imm = a.imm;
    i.src2 = static_cast<int8_t>(b.reg);
    i.imm2 = b.imm;
}

int alu_apply(AluOp op, int a, int b, const char** undefined) {
    // Wrapping arithmetic (program.hpp); no undefined behaviour in foliocheck itself.
    const unsigned ua = static_cast<unsigned>(a), ub = static_cast<unsigned>(b);
    auto refuse = [undefined](const char* why) {
        if (undefined) *undefined = why;
        return 0;
    };
    switch (op) {
    case AluOp::add: return static_cast<int>(ua + ub);
    case AluOp::sub: return static_cast<int>(ua - ub);
    case AluOp::mul: return static_cast<int>(ua * ub);
    case AluOp::div:
    case AluOp::mod:
        if (b == 0) return refuse(op == AluOp::div ? "division by zero (x / 0)" : "division by zero (x % 0)");
        if (a == INT32_MIN && b == -1)
            return refuse(op == AluOp::div ? "INT_MIN / -1 overflows int" : "INT_MIN % -1 overflows int");
        return op == AluOp::div ? a / b : a % b;
    case AluOp::and_: return a & b;
    case AluOp::or_: return a | b;
    case AluOp::xor_: return a ^ b;
    case AluOp::shl:
    case AluOp::shr:
        if (b < 0 || b > 31) return refuse("a shift by less than 0 or more than 31");
        return op == AluOp::shl ? static_cast<int>(ua << b) : a >> b;
    case AluOp::eq: return a == b;
    case AluOp::ne: return a != b;
    case AluOp::lt: return a < b;
    case AluOp::le: return a <= b;
    case AluOp::gt: return a > b;
    case AluOp::ge: return a >= b;
    case AluOp::land: return a && b;
    case AluOp::lor: return a || b;
    case AluOp::not_: return !a;
    case AluOp::neg: return static_cast<int>(0u - ua);
    case AluOp::mov: return a;
    }
    return 0;
}

const char* alu_name(AluOp op) {
    switch (op) {
    case AluOp::add: return "+";
    case AluOp::sub: return "-";
    case AluOp::mul: return "*";
    case AluOp::div: return "/";
    case AluOp::mod: return "%";
    case AluOp::and_: return "&";
    case AluOp::or_: return "|";
    case AluOp::xor_: return "^";
    case AluOp::shl: return "<<";
    case AluOp::shr: return ">>";
    case AluOp::eq: return "==";
    case AluOp::ne: return "!=";
    case AluOp::lt: return "<";
    case AluOp::le: return "<=";
    case AluOp::gt: return ">";
    case AluOp::ge: return ">=";
    case AluOp::land: return "&&";
    case AluOp::lor: return "||";
    case AluOp::not_: return "!";
    case AluOp::neg: return "-";
    case AluOp::mov: return "=";
    }
    return "?";
}

void Emitter::barrier(Prim p) {
    if (prim_info(p).kind != PrimKind::fence) throw std::logic_error("barrier() takes a barrier primitive");
    Insn& i = push(Op::prim);
    i.prim = p;
}

// The memory access just emitted: the last primitive, past the barriers emitted with it when
// `past_barriers` (a fully ordered RMW's), if it is of a kind `ok` accepts; else null.
Insn* Emitter::just_emitted(bool past_barriers, bool (*ok)(PrimKind)) {
    for (auto it = m_p.code.rbegin(); it != m_p.code.rend(); ++it)
        if (it->op == Op::prim) {
            const PrimKind k = prim_info(it->prim).kind;
            if (past_barriers && k == PrimKind::fence) continue;
            return ok(k) ? &*it : nullptr;
        }
    return nullptr;
}

void Emitter::mark_plain() {
    Insn* i = just_emitted(false, [](PrimKind k) { return k == PrimKind::load || k == PrimKind::store; });
    if (!i) throw std::logic_error("mark_plain() without a load or store just emitted");
    i->plain = true;
}

void Emitter::mark_address(int reg) {
    Insn* i = just_emitted(
        true, [](PrimKind k) { return k == PrimKind::load || k == PrimKind::store || k == PrimKind::rmw; });
    if (!i) throw std::logic_error("mark_address() without an access just emitted");
    i->addr = static_cast<int8_t>(reg);
}

void Emitter::movi(int dst, int imm) {
    Insn& i = push(Op::movi);
    i.dst = static_cast<int8_t>(dst);
    i.imm = imm;
}

void Emitter::add(int dst, int src) {
    Insn& i = push(Op::add);
    i.dst = static_cast<int8_t>(dst);
    i.src = static_cast<int8_t>(src);
}

void Emitter::addi(int dst, int imm) {
    Insn& i = push(Op::addi);
    i.dst = static_cast<int8_t>(dst);
    i.imm = imm;
}

void Emitter::stamp_write(int dst) {
    Insn& i = push(Op::stamp_write);
    i.dst = static_cast<int8_t>(dst);
}

void Emitter::stamp_rf(int dst) {
    Insn& i = push(Op::stamp_rf);
    i.dst = static_cast<int8_t>(dst);
}

int Emitter::label() {
    m_labels.push_back(-1);
    return static_cast<int>(m_labels.size()) - 1;
}

void Emitter::bind(int label) { m_labels.at(label) = static_cast<int>(m_p.code.size()); }

void Emitter::jz(int src, int label) {
    Insn& i = push(Op::jz);
    i.src = static_cast<int8_t>(src);
    m_fixups.emplace_back(m_p.code.size() - 1, label);
}

void Emitter::jnz(int src, int label) {
    Insn& i = push(Op::jnz);
    i.src = static_cast<int8_t>(src);
    m_fixups.emplace_back(m_p.code.size() - 1, label);
}

void Emitter::jne(int src, int src2, int label) {
    Insn& i = push(Op::jne);
    i.src = static_cast<int8_t>(src);
    i.src2 = static_cast<int8_t>(src2);
    m_fixups.emplace_back(m_p.code.size() - 1, label);
}

void Emitter::jmp(int label) {
    push(Op::jmp);
    m_fixups.emplace_back(m_p.code.size() - 1, label);
}

void Emitter::finish() {
    for (auto [pc, label] : m_fixups) {
        const int target = m_labels.at(label);
        if (target < 0) throw std::logic_error("unbound label in program " + m_p.cpu_label);
        if (target < static_cast<int>(pc)) throw std::logic_error("backward branch in program " + m_p.cpu_label);
        m_p.code[pc].target = target;
    }
    m_fixups.clear();
}

Emitter::Call::Call(Emitter& e, const std::string& text) : m_e(e), m_saved(e.m_call) {
    e.m_call = m_saved.empty() ? text : m_saved + " > " + text;
    e.m_p.calls.push_back(e.m_call);
    e.m_call_index = static_cast<int32_t>(e.m_p.calls.size() - 1);
}

Emitter::Call::~Call() {
    m_e.m_call = m_saved;
    if (m_saved.empty()) {
        m_e.m_call_index = -1;
        return;
    }
    // Restore the index of the enclosing call (the last one with that text).
    for (int i = static_cast<int>(m_e.m_p.calls.size()) - 1; i >= 0; i--)
        if (m_e.m_p.calls[i] == m_saved) {
            m_e.m_call_index = static_cast<int32_t>(i);
            return;
        }
}

}  // namespace fc
