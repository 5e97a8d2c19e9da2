// lang/lower_impl.hpp: the thread lowering's state, shared by lower.cpp (statements and
// expressions) and lower_calls.cpp (kernel primitives, folio built-ins, checks). Internal.
#pragma once

#include <map>
#include <set>
#include <string>

#include "lang/emit.hpp"
#include "lang/lower.hpp"

namespace fc::lang {

// A value during lowering: known at compile time, in a register, or a page of the folio.
struct Val {
    enum Kind { none, konst, reg, page } kind = none;
    long long v = 0;
    static Val k(long long x) { return Val{konst, x}; }
    static Val r(int x) { return Val{reg, x}; }
};

class Lowerer {
public:
    Lowerer(const File& f, const Symbols& s, int id, Emitter& e, std::map<std::string, RegSym>& regs,
            ThreadFacts& facts)
        : m_f(f), m_s(s), m_t(s.threads[static_cast<size_t>(id)]), m_e(e), m_regs(regs), m_facts(facts) {}
    void run();

    // lower.cpp
    [[noreturn]] void fail(const SrcLoc& at, const std::string& msg) const;
    Val eval(const Expr& x, int dst = -1);
    int to_reg(Val v, const SrcLoc& at, int dst = -1);
    Operand operand(Val v, const SrcLoc& at);
    int temp();
    std::optional<long long> constant(const Expr& x);
    long long need_constant(const Expr& x, const std::string& what);
    int location(const Expr& x, bool want_lock);
    // The same for an access that may go through a pointer register: `addr` is then that
    // register (it holds the offset, Insn::addr), else -1. The caller marks the access.
    int location(const Expr& x, bool want_lock, int& addr);
    std::string thread_name() const { return "P" + std::to_string(m_t.id); }

    // lower_calls.cpp
    Val call(const Expr& c, int dst);
    std::optional<long long> const_call(const Expr& c);

    const File& m_f;
    const Symbols& m_s;
    const ThreadSym& m_t;
    Emitter& m_e;
    std::map<std::string, RegSym>& m_regs;
    ThreadFacts& m_facts;

private:
    void stmt(const Stmt& s);
    void assign(const Stmt& s);
    void store_plain(const Expr& target, Val v, const SrcLoc& at);
    void loop(const Stmt& s);
    Val binary(const Expr& x, int dst);
    int reg_of(const Expr& target, const char* what);

    // lower_pointers.cpp
    bool address(const Expr& value, const Expr*& base, const Expr*& offset);
    Val offset_value(const Expr* offset, int dst);
    bool address_in_place(const Expr& e, int& addr, int& loc);
    int pointee(const Expr& name, bool want_lock, int& addr);
    bool bind_pointer(const std::string& name, int r, const Expr& value);
    void join_pointers(const std::map<std::string, int>& after_then);
    // Pointer registers that point into a shared variable (`p = x + r`): the variable's
    // location. The register itself holds the offset. A binding made in a branch ends with it.
    std::map<std::string, int> m_pointers;
    std::map<std::string, long long> m_loopvars;
    std::set<std::string> m_declared;
    std::vector<int> m_temps;
    size_t m_temp_next = 0;
    int m_unrolled = 0;
    int m_expr_depth = 0, m_stmt_depth = 0;  // recursion, kept within kMaxNesting (lang/diag.hpp)

public:
    // Names bound to registers for one expression (a check's predicate template).
    std::map<std::string, int> m_extra;
    // Helpers for lower_calls.cpp.
    void folio_arg(const Expr& call, size_t i);
    int page_arg(const Expr& call, size_t i);  // folio_page(f, i) (or a constant page index)
    int page_index(const Expr& x);
    void arity(const Expr& call, size_t lo, size_t hi, const std::string& form);
};

}  // namespace fc::lang
