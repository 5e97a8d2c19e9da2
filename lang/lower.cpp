// lang/lower.cpp: statements and expressions of one thread -> Emitter calls (see lower.hpp).
#include "lang/lower.hpp"

#include <algorithm>
#include <stdexcept>

#include "lang/consteval.hpp"
#include "lang/lower_impl.hpp"
#include "model/folio.hpp"

namespace fc::lang {

namespace {
constexpr int kMaxUnrolled = 4096;  // statements produced by unrolling, per thread

// Counts one level of recursion for as long as it lives.
class Deeper {
public:
    Deeper(int& depth, const Lowerer& l, const SrcLoc& at) : m_depth(depth) {
        if (++m_depth > kMaxNesting)
            l.fail(at, "nested more than " + std::to_string(kMaxNesting) + " levels deep: split it");
    }
    ~Deeper() { m_depth--; }
    Deeper(const Deeper&) = delete;
    Deeper& operator=(const Deeper&) = delete;

private:
    int& m_depth;
};

bool has_call(const Expr& x) {
    if (x.kind == Expr::call) return true;
    if (x.kind == Expr::unary && x.op == "*") return true;  // a plain load is an access
    for (const ExprPtr& k : x.kids)
        if (has_call(*k)) return true;
    return false;
}
}  // namespace

void Lowerer::fail(const SrcLoc& at, const std::string& msg) const { throw LangError(m_f.path, at, msg); }

void Lowerer::run() {
    // Named registers first, in declaration order (so their numbers do not depend on helpers).
    std::vector<std::pair<SrcLoc, std::string>> order;
    for (const auto& [name, r] : m_t.regs) order.emplace_back(r.loc, name);
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
        return a.first.line != b.first.line ? a.first.line < b.first.line : a.first.col < b.first.col;
    });
    try {
        for (const auto& [at, name] : order) {
            RegSym r = m_t.regs.at(name);
            const int n = std::max(r.size, 1);
            for (int i = 0; i < n; i++) {
                const int reg = m_e.reg(r.size ? name + "[" + std::to_string(i) + "]" : name);
                if (i == 0) r.first = reg;
            }
            m_regs[name] = r;
        }
        for (const auto& [key, value] : m_s.reg_init)
            if (key.first == m_t.id) m_e.movi(m_regs.at(key.second).first, value);
        stmt(*m_t.ast->body);
    } catch (const std::logic_error& e) {
        // The Emitter's limits (registers, program length).
        fail(m_t.ast->loc, thread_name() + " is too large for the engine: " + e.what());
    }
}

int Lowerer::temp() {
    if (m_temp_next == m_temps.size()) m_temps.push_back(m_e.reg("tmp" + std::to_string(m_temps.size())));
    return m_temps[m_temp_next++];
}

std::optional<long long> Lowerer::constant(const Expr& x) {
    return const_eval(
        m_f.path, x,
        [this](const std::string& n) -> std::optional<long long> {
            auto it = m_loopvars.find(n);
            if (it != m_loopvars.end()) return it->second;
            if (m_extra.count(n) || m_regs.count(n)) return std::nullopt;
            return m_s.constant(n);
        },
        [this](const Expr& c) { return const_call(c); });
}

long long Lowerer::need_constant(const Expr& x, const std::string& what) {
    const auto v = constant(x);
    if (!v) fail(x.loc, what + " must be a compile-time constant (a number, a const, a loop variable)");
    return *v;
}

int Lowerer::to_reg(Val v, const SrcLoc& at, int dst) {
    if (v.kind == Val::reg) return static_cast<int>(v.v);
    if (v.kind == Val::konst) {
        const int r = dst >= 0 ? dst : temp();
        m_e.movi(r, static_cast<int>(v.v));
        return r;
    }
    if (v.kind == Val::page) fail(at, "a page is not a number: pass it to a folio helper");
    fail(at, "this call returns no value");
}

Operand Lowerer::operand(Val v, const SrcLoc& at) {
    if (v.kind == Val::konst) return Operand::imm(static_cast<int>(v.v));
    return Operand::reg(to_reg(v, at));
}

// ---- locations ----

int Lowerer::location(const Expr& x, bool want_lock) {
    int addr = -1;
    const int loc = location(x, want_lock, addr);
    if (addr >= 0) fail(x.loc, "an access through a pointer register is not supported here: name the variable");
    return loc;
}

int Lowerer::location(const Expr& x, bool want_lock, int& addr) {
    addr = -1;
    const Expr* e = &x;
    if (e->kind == Expr::unary && (e->op == "*" || e->op == "&")) e = e->kids[0].get();
    if (!want_lock) {
        int loc = -1;
        if (address_in_place(*e, addr, loc)) return loc;
    }
    int index = 0;
    const LocationSym* l = nullptr;
    if (e->kind == Expr::member) {
        if (want_lock) fail(e->loc, "expected a spinlock, found a folio field");
        const Expr& base = *e->kids[0];
        const bool folio_base = base.kind == Expr::ident && m_s.folio.declared && base.name == m_s.folio.name;
        const bool page_base = base.kind == Expr::call && base.name == "folio_page";
        if (page_base) {
            if (e->name != "_mapcount") fail(e->loc, "a page's field is _mapcount");
            const int page = page_index(*e->kids[0]);
            return loc_mapcount(page);
        }
        if (!folio_base) fail(base.loc, "'->" + e->name + "' needs the folio or folio_page(f, i) on its left");
        if (e->name == "_refcount") return LOC_REFCOUNT;
        if (e->name == "_entire_mapcount") return LOC_ENTIRE_MAPCOUNT;
        if (e->name == "_nr_pages_mapped") return LOC_NR_PAGES_MAPPED;
        if (e->name == "_large_mapcount") return LOC_LARGE_MAPCOUNT;
        if (e->name == "_mapcount") return loc_mapcount(0);
        fail(e->loc, "unknown folio field '" + e->name +
                         "'; valid: _refcount, _mapcount, _entire_mapcount, _nr_pages_mapped, _large_mapcount");
    }
    const Expr* name = e;
    const Expr* idx = nullptr;
    if (e->kind == Expr::index) {
        name = e->kids[0].get();
        idx = e->kids[1].get();
    }
    if (name->kind != Expr::ident) fail(name->loc, "expected a shared variable (a parameter such as x or *x)");
    if (m_s.folio.declared && name->name == m_s.folio.name)
        fail(name->loc, "'" + name->name + "' is the folio: name a field (&" + name->name +
                            "->_refcount) or use a "
                            "folio helper");
    // A register of this thread hides a shared variable of the same name (another thread's
    // parameter): C's scoping, and herd7's.
    if (m_regs.count(name->name)) {
        if (!idx && m_regs.at(name->name).pointer) return pointee(*name, want_lock, addr);
        fail(name->loc, "'" + name->name + "' is a register, not a shared variable");
    }
    l = m_s.location(name->name);
    if (!l) {
        fail(name->loc, "unknown shared variable '" + name->name + "' (not a parameter of " + thread_name() +
                            " nor in the init block)");
    }
    if (idx) {
        if (l->size == 0) fail(idx->loc, "'" + l->name + "' is not an array");
        index = static_cast<int>(need_constant(*idx, "an array index"));
        if (index < 0 || index >= l->size)
            fail(idx->loc, "index " + std::to_string(index) + " is outside '" + l->name + "[0.." +
                               std::to_string(l->size - 1) + "]'");
    } else if (l->size > 0) {
        fail(name->loc, "'" + l->name + "' is an array: name an element (" + l->name + "[i])");
    }
    if (want_lock && !l->lock) fail(name->loc, "'" + l->name + "' is not a spinlock_t");
    if (!want_lock && l->lock) fail(name->loc, "'" + l->name + "' is a spinlock: use spin_lock()/spin_unlock()");
    return l->base + index;
}

// ---- expressions ----

int Lowerer::reg_of(const Expr& t, const char* what) {
    const Expr* name = &t;
    const Expr* idx = nullptr;
    if (t.kind == Expr::index) {
        name = t.kids[0].get();
        idx = t.kids[1].get();
    }
    if (name->kind != Expr::ident) fail(t.loc, std::string("cannot ") + what + " this expression");
    if (m_loopvars.count(name->name))
        fail(t.loc, "'" + name->name + "' is the loop variable of an enclosing for loop; it cannot change inside it");
    if (m_s.constant(name->name) || builtin_constant(name->name)) fail(t.loc, "'" + name->name + "' is a constant");
    auto it = m_regs.find(name->name);
    // An implicit register (herd7: assigned without a declaration) is declared by its first
    // assignment; reading it before that is reading an undeclared register.
    if (it != m_regs.end() && it->second.implicit && std::string(what) == "assign to") m_declared.insert(name->name);
    if (it == m_regs.end() || !m_declared.count(name->name)) {
        if (it != m_regs.end() && it->second.implicit)
            fail(t.loc, "undeclared register '" + name->name + "' in " + thread_name() + " (declare it: int " +
                            name->name + ";)");
        if (m_s.location(name->name))
            fail(t.loc, "'" + name->name + "' is a shared variable: write it with WRITE_ONCE(*" + name->name + ", v)");
        if (it != m_regs.end()) fail(t.loc, "register '" + name->name + "' is used before its declaration");
        fail(t.loc,
             "undeclared register '" + name->name + "' in " + thread_name() + " (declare it: int " + name->name + ";)");
    }
    const RegSym& r = it->second;
    if (!idx) {
        if (r.size) fail(t.loc, "'" + name->name + "' is an array: name an element");
        return r.first;
    }
    if (!r.size) fail(idx->loc, "register '" + name->name + "' is not an array");
    const long long i = need_constant(*idx, "a register array index");
    if (i < 0 || i >= r.size)
        fail(idx->loc,
             "index " + std::to_string(i) + " is outside '" + name->name + "[0.." + std::to_string(r.size - 1) + "]'");
    return r.first + static_cast<int>(i);
}

Val Lowerer::eval(const Expr& x, int dst) {
    const Deeper deeper(m_expr_depth, *this, x.loc);
    // Operators fold their operands' constants bottom up (each node is visited once: a long
    // sum lowers in linear time); leaves and calls ask the constant evaluator.
    if (x.kind != Expr::unary && x.kind != Expr::binary)
        if (const auto c = constant(x)) return Val::k(*c);
    switch (x.kind) {
    case Expr::number: return Val::k(x.value);
    case Expr::ident: {
        auto ex = m_extra.find(x.name);
        if (ex != m_extra.end()) return Val::r(ex->second);
        if (m_regs.count(x.name)) {
            // Its register holds the offset, not the address herd7 computes with.
            if (m_regs.at(x.name).address)
                fail(x.loc, "'" + x.name + "' holds an address: access memory through it (*" + x.name +
                                "); foliocheck does not compute with addresses");
            return Val::r(reg_of(x, "read"));
        }
        if (m_s.location(x.name))
            fail(x.loc, "'" + x.name + "' is a shared variable: read it with READ_ONCE(*" + x.name +
                            ") or atomic_read(" + x.name + ")");
        if (m_s.folio.declared && x.name == m_s.folio.name)
            fail(x.loc, "the folio is not a number: pass it to a folio helper");
        fail(x.loc, "undeclared register '" + x.name + "' in " + thread_name() + " (declare it: int " + x.name + ";)");
    }
    case Expr::index: return Val::r(reg_of(x, "read"));
    case Expr::member: fail(x.loc, "a folio field is read with atomic_read(&f->" + x.name + ")");
    case Expr::thread_reg: fail(x.loc, "'N:reg' belongs in the final condition");
    case Expr::call: return call(x, dst);
    case Expr::unary: {
        if (x.op == "*") {  // a plain load (herd7 C: "r0 = *x;")
            if (!m_facts.plain_accesses) m_facts.plain_at = x.loc;
            m_facts.plain_accesses = true;
            int addr = -1;
            const int loc = location(x, false, addr);
            const int r = dst >= 0 ? dst : temp();
            emit_prim(m_e, Prim::READ_ONCE, loc, Operand{}, Operand{}, r);
            m_e.mark_plain();
            if (addr >= 0) m_e.mark_address(addr);
            return Val::r(r);
        }
        if (x.op == "&") fail(x.loc, "an address is not a value here");
        const Val a = eval(*x.kids[0]);
        if (a.kind == Val::konst) {
            long long v = 0;
            const std::string why = apply_unary(x.op, a.v, v);
            if (!why.empty()) fail(x.loc, "undefined in C, in a constant expression: " + why);
            return Val::k(v);
        }
        const int r = dst >= 0 ? dst : temp();
        const std::string op = x.op == "-" ? "neg" : x.op == "!" ? "not" : "compl";
        if (!emit_alu(m_e, op, r, operand(a, x.loc), Operand::imm(0)))
            fail(x.loc, "operator '" + x.op + "' unsupported");
        return Val::r(r);
    }
    case Expr::binary: return binary(x, dst);
    }
    fail(x.loc, "unsupported expression");
}

Val Lowerer::binary(const Expr& x, int dst) {
    const bool logic = x.op == "&&" || x.op == "||";
    const Val a = eval(*x.kids[0]);
    if (logic && a.kind == Val::konst) {
        // C's short circuit: a deciding left operand leaves the right one unevaluated.
        if ((x.op == "&&") == (a.v == 0)) return Val::k(x.op == "||");
        const Val b = eval(*x.kids[1]);
        if (b.kind == Val::konst) return Val::k(b.v != 0);
        const int r = dst >= 0 ? dst : temp();
        emit_alu(m_e, "!=", r, operand(b, x.loc), Operand::imm(0));
        return Val::r(r);
    }
    if (logic && has_call(*x.kids[1])) {
        // The right operand's accesses happen only when they decide.
        const int r = dst >= 0 ? dst : temp();
        const int ra = to_reg(a, x.loc);
        const int decided = m_e.label(), end = m_e.label();
        if (x.op == "&&") m_e.jz(ra, decided);
        else m_e.jnz(ra, decided);
        const Val b = eval(*x.kids[1]);
        emit_alu(m_e, "!=", r, operand(b, x.loc), Operand::imm(0));
        m_e.jmp(end);
        m_e.bind(decided);
        m_e.movi(r, x.op == "||");
        m_e.bind(end);
        return Val::r(r);
    }
    const Val b = eval(*x.kids[1]);
    if (a.kind == Val::konst && b.kind == Val::konst) {
        long long v = 0;
        const std::string why = apply_binary(x.op, a.v, b.v, v);
        if (!why.empty()) fail(x.loc, "undefined in C, in a constant expression: " + why);
        return Val::k(v);
    }
    // A constant divisor or shift count that C leaves undefined for every left operand.
    if ((x.op == "/" || x.op == "%") && b.kind == Val::konst && b.v == 0) fail(x.loc, "division by zero");
    if ((x.op == "<<" || x.op == ">>") && b.kind == Val::konst && (b.v < 0 || b.v > 31))
        fail(x.loc, "a shift by " + std::to_string(b.v) + " is undefined in C (shifts are by 0 to 31)");
    // A temporary holding the left operand is free once read: a sum of N terms needs one.
    const bool a_temp =
        a.kind == Val::reg && std::find(m_temps.begin(), m_temps.begin() + static_cast<long>(m_temp_next),
                                        static_cast<int>(a.v)) != m_temps.begin() + static_cast<long>(m_temp_next);
    const int r = dst >= 0 ? dst : a_temp ? static_cast<int>(a.v) : temp();
    if (!emit_alu(m_e, x.op, r, operand(a, x.loc), operand(b, x.loc)))
        fail(x.loc, "operator '" + x.op + "' is not supported");
    return Val::r(r);
}

// ---- statements ----

void Lowerer::store_plain(const Expr& target, Val v, const SrcLoc& at) {
    if (!m_facts.plain_accesses) m_facts.plain_at = at;
    m_facts.plain_accesses = true;
    int addr = -1;
    const int loc = location(target, false, addr);
    emit_prim(m_e, Prim::WRITE_ONCE, loc, operand(v, at), Operand{}, -1);
    m_e.mark_plain();
    if (addr >= 0) m_e.mark_address(addr);
}

void Lowerer::assign(const Stmt& s) {
    const Expr& t = *s.target;
    const bool shared = (t.kind == Expr::unary && t.op == "*") ||
                        (t.kind == Expr::ident && m_s.location(t.name) && !m_regs.count(t.name)) ||
                        (t.kind == Expr::index && t.kids[0]->kind == Expr::ident && m_s.location(t.kids[0]->name));
    if (shared) {
        if (s.op != "=") fail(s.loc, "'" + s.op + "' on a shared variable is a read-modify-write: use atomic_add()");
        store_plain(t, eval(*s.value), s.loc);
        return;
    }
    const int r = reg_of(t, "assign to");
    if (t.kind == Expr::ident && m_regs.at(t.name).pointer) {
        if (s.op == "=" && bind_pointer(t.name, r, *s.value)) return;
        if (s.op != "=")
            fail(s.loc, "'" + s.op + "' on a pointer register is not supported: assign it (p = x + offset)");
        m_pointers.erase(t.name);  // an int value: no longer a pointer into a variable
    }
    if (s.op == "=") {
        const Val v = eval(*s.value, r);
        if (v.kind == Val::konst) m_e.movi(r, static_cast<int>(v.v));
        else if (v.kind == Val::reg && v.v != r) emit_mov(m_e, r, Operand::reg(static_cast<int>(v.v)));
        else if (v.kind != Val::reg) to_reg(v, s.value->loc);
        return;
    }
    Operand rhs = Operand::imm(1);
    if (s.value) rhs = operand(eval(*s.value), s.value->loc);
    const bool add = s.op == "+=" || s.op == "++";
    emit_alu(m_e, add ? "+" : "-", r, Operand::reg(r), rhs);
}

void Lowerer::loop(const Stmt& s) {
    // for (i = A; i < B; i++) with A and B constant: unrolled, i a constant in the body.
    const char* form = "loops need a constant bound: for (i = FIRST; i < LAST; i++)";
    if (!s.init || !s.cond || !s.step) fail(s.loc, form);
    std::string var;
    const Expr* init_value = nullptr;
    if (s.init->kind == Stmt::decl && s.init->decls.size() == 1 && s.init->decls[0].init) {
        var = s.init->decls[0].name;
        init_value = s.init->decls[0].init.get();
        m_declared.insert(var);
    } else if (s.init->kind == Stmt::assign && s.init->op == "=" && s.init->target->kind == Expr::ident) {
        var = s.init->target->name;
        init_value = s.init->value.get();
    } else {
        fail(s.init->loc, form);
    }
    if (m_regs.count(var) && m_regs.at(var).implicit) m_declared.insert(var);
    if (!m_regs.count(var) || !m_declared.count(var))
        fail(s.init->loc,
             "undeclared loop variable '" + var + "' in " + thread_name() + " (declare it: int " + var + ";)");
    if (m_loopvars.count(var)) fail(s.loc, "'" + var + "' is already the variable of an enclosing loop");
    m_pointers.erase(var);  // the loop writes its variable with ints
    long long i = need_constant(*init_value, "the loop's first value");
    long long stepv = 0;
    const Stmt& st = *s.step;
    if (st.kind == Stmt::assign && st.target->kind == Expr::ident && st.target->name == var) {
        if (st.op == "++") stepv = 1;
        else if (st.op == "--") stepv = -1;
        else if ((st.op == "+=" || st.op == "-=") && st.value) {
            stepv = need_constant(*st.value, "the loop's step");
            if (st.op == "-=") stepv = -stepv;
        }
    }
    if (stepv == 0) fail(st.loc, "the loop's step must be " + var + "++, " + var + "-- or " + var + " += CONSTANT");
    for (int guard = 0;; guard++) {
        m_loopvars[var] = i;
        const auto c = constant(*s.cond);
        if (!c) {
            m_loopvars.erase(var);
            fail(s.cond->loc, std::string("loop without a constant bound: ") + form);
        }
        if (!*c) break;
        if (guard >= 1024 || ++m_unrolled > kMaxUnrolled) {
            m_loopvars.erase(var);
            fail(s.loc, "the loop runs more than 1024 times (or the thread unrolls to too much code)");
        }
        stmt(*s.then_);
        i += stepv;
    }
    m_loopvars.erase(var);
    m_e.movi(m_regs.at(var).first, static_cast<int>(i));  // C: the variable keeps its last value
}

void Lowerer::stmt(const Stmt& s) {
    const Deeper deeper(m_stmt_depth, *this, s.loc);
    m_temp_next = 0;
    switch (s.kind) {
    case Stmt::empty: return;
    case Stmt::block:
        for (const StmtPtr& b : s.body) stmt(*b);
        return;
    case Stmt::decl:
        for (const Declarator& d : s.decls) {
            m_declared.insert(d.name);
            if (!d.init) continue;
            if (d.array) fail(d.loc, "an array register cannot have an initial value here; assign its elements");
            const int r = m_regs.at(d.name).first;
            if (d.pointer && bind_pointer(d.name, r, *d.init)) {
                m_temp_next = 0;
                continue;
            }
            m_pointers.erase(d.name);  // an int value (a loop may run this declaration again)
            const Val v = eval(*d.init, r);
            if (v.kind == Val::konst) m_e.movi(r, static_cast<int>(v.v));
            else if (v.kind == Val::reg && v.v != r) emit_mov(m_e, r, Operand::reg(static_cast<int>(v.v)));
            else if (v.kind != Val::reg) to_reg(v, d.init->loc);
            m_temp_next = 0;
        }
        return;
    case Stmt::assign: assign(s); return;
    case Stmt::expr:
        if (s.value->kind != Expr::call) fail(s.loc, "this statement has no effect (did you mean an assignment?)");
        eval(*s.value);
        return;
    case Stmt::if_: {
        const Val c = eval(*s.cond);
        if (c.kind == Val::konst) {
            if (c.v) stmt(*s.then_);
            else if (s.else_) stmt(*s.else_);
            return;
        }
        const int r = to_reg(c, s.cond->loc);
        const int else_label = m_e.label(), end = m_e.label();
        m_e.jz(r, else_label);
        const std::map<std::string, int> before = m_pointers;
        stmt(*s.then_);
        const std::map<std::string, int> after_then = m_pointers;
        m_pointers = before;
        if (s.else_) m_e.jmp(end);
        m_e.bind(else_label);
        if (s.else_) stmt(*s.else_);
        join_pointers(after_then);
        m_e.bind(end);
        return;
    }
    case Stmt::for_: loop(s); return;
    }
}

void lower_thread(const File& f, const Symbols& s, int id, Emitter& e, std::map<std::string, RegSym>& regs,
                  ThreadFacts& facts) {
    Lowerer(f, s, id, e, regs, facts).run();
}

}  // namespace fc::lang
