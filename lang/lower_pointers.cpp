// lang/lower_pointers.cpp: pointer registers, the form diy-generated LKMM tests give an
// address dependency (linux-kernel.cat `addr`):
//     int *p;  r1 = (r0 & 8);  p = (x + r1);  r2 = READ_ONCE(*p);
// or in place, READ_ONCE(*(x + r1)). herd7 computes the address x + r1 and accesses it. Here
// the pointer's target variable is known when the thread is lowered, and its register holds
// the offset: the access goes to x, marked with that register (Insn::addr), so the engines see
// the dependency and refuse an execution whose offset is not 0 (herd7 silently drops it: no
// such location). Pointers to pointers, pointer values in memory and pointers that may point
// to two variables are refused with a line saying so.
#include "lang/lower_impl.hpp"

namespace fc::lang {

namespace {

// An address the lowering knows: `x`, `&x` or `&x[i]` (a shared variable, not a register;
// `x[i]` without `&` is the element's value).
bool names_variable(const Symbols& s, const std::map<std::string, RegSym>& regs, const Expr& e) {
    const bool amp = e.kind == Expr::unary && e.op == "&";
    const Expr* n = amp ? e.kids[0].get() : &e;
    if (amp && n->kind == Expr::index) n = n->kids[0].get();
    return n->kind == Expr::ident && s.location(n->name) && !regs.count(n->name);
}

}  // namespace

// `x`, `&x`, `x + e` or `e + x`: the variable and the offset expression (null for none).
bool Lowerer::address(const Expr& value, const Expr*& base, const Expr*& offset) {
    base = offset = nullptr;
    if (names_variable(m_s, m_regs, value)) {
        base = &value;
    } else if (value.kind == Expr::binary && value.op == "+") {
        const bool left = names_variable(m_s, m_regs, *value.kids[0]);
        const bool right = names_variable(m_s, m_regs, *value.kids[1]);
        if (left && right) fail(value.loc, "the sum of two addresses is not an address");
        if (!left && !right) return false;
        base = value.kids[left ? 0 : 1].get();
        offset = value.kids[left ? 1 : 0].get();
    } else {
        return false;
    }
    return true;
}

// An offset known to be constant must be 0.
Val Lowerer::offset_value(const Expr* offset, int dst) {
    if (!offset) return Val::k(0);
    const Val v = eval(*offset, dst);
    if (v.kind == Val::konst && v.v != 0)
        fail(offset->loc, "an offset of " + std::to_string(v.v) +
                              " points outside the shared variable (herd7 drops every execution that uses it)");
    return v;
}

bool Lowerer::address_in_place(const Expr& e, int& addr, int& loc) {
    const Expr* base = nullptr;
    const Expr* offset = nullptr;
    if (e.kind != Expr::binary || !address(e, base, offset)) return false;
    loc = location(*base, false);
    const Val v = offset_value(offset, -1);
    if (v.kind != Val::konst) addr = to_reg(v, offset->loc);
    return true;
}

int Lowerer::pointee(const Expr& name, bool want_lock, int& addr) {
    const auto p = m_pointers.find(name.name);
    if (p == m_pointers.end())
        fail(name.loc, "'" + name.name + "' does not point to a shared variable here: assign it first (" + name.name +
                           " = x + offset) in this branch or before it");
    if (want_lock) fail(name.loc, "a spinlock through a pointer register is not supported: name the lock");
    addr = m_regs.at(name.name).first;
    return p->second;
}

// `p = x`, `p = &x`, `p = x + e` or `p = e + x`: p points into x and its register holds e.
// False when `value` is no address (p then holds an int, as herd7 allows).
bool Lowerer::bind_pointer(const std::string& name, int r, const Expr& value) {
    const Expr* base = nullptr;
    const Expr* offset = nullptr;
    if (!address(value, base, offset)) return false;
    const int loc = location(*base, false);
    const Val v = offset_value(offset, r);
    if (v.kind == Val::konst) m_e.movi(r, 0);
    else if (v.kind == Val::reg && v.v != r) emit_mov(m_e, r, Operand::reg(static_cast<int>(v.v)));
    else if (v.kind != Val::reg) to_reg(v, offset->loc);
    m_pointers[name] = loc;
    m_regs.at(name).address = true;
    return true;
}

// After an if: a pointer register points into a variable only if it does so at the end of
// both branches (the else branch's bindings are m_pointers', and without an else they are
// those from before the if): its register then holds an offset into that variable either way.
void Lowerer::join_pointers(const std::map<std::string, int>& after_then) {
    const std::map<std::string, int> after_else = m_pointers;
    m_pointers.clear();
    for (const auto& [name, loc] : after_then) {
        const auto e = after_else.find(name);
        if (e != after_else.end() && e->second == loc) m_pointers[name] = loc;
    }
}

}  // namespace fc::lang
