// lang/condition.cpp: see condition.hpp.
#include "lang/condition.hpp"

#include <algorithm>

#include "lang/consteval.hpp"

namespace fc::lang {

namespace {

enum Code : uint8_t { c_eq, c_ne, c_lt, c_le, c_gt, c_ge, c_add, c_sub, c_and, c_or };

Code code_of(const std::string& op) {
    if (op == "==") return c_eq;
    if (op == "!=") return c_ne;
    if (op == "<") return c_lt;
    if (op == "<=") return c_le;
    if (op == ">") return c_gt;
    if (op == ">=") return c_ge;
    if (op == "+") return c_add;
    if (op == "-") return c_sub;
    if (op == "/\\") return c_and;
    return c_or;
}

class Compiler {
public:
    Compiler(const Symbols& s, const std::vector<std::map<std::string, RegSym>>& regs, CompiledCondition& out)
        : m_s(s), m_regs(regs), m_out(out) {}

    int node(const Expr& e) {
        CondNode n;
        // A part decided by constants alone is a constant (see sema.cpp: the other side of
        // such a /\ or \/ may name registers the composition does not have).
        const auto fixed = const_eval(m_s.file, e, [this](const std::string& k) { return m_s.constant(k); });
        if (fixed && e.kind != Expr::thread_reg) {
            n.kind = CondNode::konst;
            n.value = static_cast<int>(*fixed);
            m_out.nodes.push_back(n);
            return static_cast<int>(m_out.nodes.size()) - 1;
        }
        if (e.kind == Expr::binary && (e.op == "/\\" || e.op == "\\/")) {
            const bool is_or = e.op == "\\/";
            for (int side = 0; side < 2; side++) {
                const auto v = const_eval(m_s.file, *e.kids[static_cast<size_t>(side)],
                                          [this](const std::string& k) { return m_s.constant(k); });
                if (v && ((is_or && *v) || (!is_or && !*v))) {
                    n.kind = CondNode::konst;
                    n.value = is_or ? 1 : 0;
                    m_out.nodes.push_back(n);
                    return static_cast<int>(m_out.nodes.size()) - 1;
                }
                if (v) return node(*e.kids[static_cast<size_t>(1 - side)]);  // the constant side is neutral
            }
        }
        switch (e.kind) {
        case Expr::number: n.kind = CondNode::konst, n.value = static_cast<int>(e.value); break;
        case Expr::thread_reg: {
            const RegSym& r = m_regs[static_cast<size_t>(e.value)].at(e.name);
            // herd7 prints such a register's value as the variable it points to; foliocheck
            // keeps only the offset (lower_pointers.cpp), so it cannot state that value.
            if (r.address)
                throw LangError(m_s.file, e.loc,
                                "P" + std::to_string(e.value) + ":" + e.name +
                                    " holds an address: the final condition cannot name it (name an int register)");
            const int i = e.kids.empty() ? 0 : static_cast<int>(e.kids[0]->value);
            n.kind = CondNode::reg;
            n.cpu = static_cast<int>(e.value);
            n.index = r.first + i;
            var(std::to_string(e.value) + ":" + e.name + (e.kids.empty() ? "" : "[" + std::to_string(i) + "]"), true,
                n.cpu, n.index);
            break;
        }
        case Expr::ident: {
            if (const auto k = m_s.constant(e.name)) {
                n.kind = CondNode::konst;
                n.value = static_cast<int>(*k);
                break;
            }
            if (const auto k = builtin_constant(e.name)) {
                n.kind = CondNode::konst;
                n.value = static_cast<int>(*k);
                break;
            }
            const LocationSym& l = *m_s.location(e.name);
            const int i = e.kids.empty() ? 0 : static_cast<int>(e.kids[0]->value);
            n.kind = CondNode::loc;
            n.index = l.base + i;
            var(e.name + (e.kids.empty() ? "" : "[" + std::to_string(i) + "]"), false, 0, n.index);
            break;
        }
        case Expr::unary:
            n.kind = CondNode::lnot;
            n.a = node(*e.kids[0]);
            break;
        case Expr::binary:
            n.kind = CondNode::binary;
            n.op = e.op;
            n.code = code_of(e.op);
            n.a = node(*e.kids[0]);
            n.b = node(*e.kids[1]);
            break;
        default: break;
        }
        m_out.nodes.push_back(n);
        return static_cast<int>(m_out.nodes.size()) - 1;
    }

private:
    void var(const std::string& label, bool is_reg, int cpu, int index) {
        for (const StateVar& v : m_out.vars)
            if (v.label == label) return;
        m_out.vars.push_back(StateVar{label, is_reg, cpu, index});
    }

    const Symbols& m_s;
    const std::vector<std::map<std::string, RegSym>>& m_regs;
    CompiledCondition& m_out;
};

int eval(const CompiledCondition& c, int i, const int* const* regs, const int* fin) {
    const CondNode& n = c.nodes[static_cast<size_t>(i)];
    switch (n.kind) {
    case CondNode::konst: return n.value;
    case CondNode::reg: return regs[n.cpu][n.index];
    case CondNode::loc: return fin[n.index];
    case CondNode::lnot: return !eval(c, n.a, regs, fin);
    case CondNode::binary: {
        const int a = eval(c, n.a, regs, fin);
        if (n.code == c_and && !a) return 0;
        if (n.code == c_or && a) return 1;
        const int b = eval(c, n.b, regs, fin);
        switch (n.code) {
        case c_eq: return a == b;
        case c_ne: return a != b;
        case c_lt: return a < b;
        case c_le: return a <= b;
        case c_gt: return a > b;
        case c_ge: return a >= b;
        // Wrapping, as the program's own arithmetic (program.hpp: alu_apply).
        case c_add: return static_cast<int>(static_cast<unsigned>(a) + static_cast<unsigned>(b));
        case c_sub: return static_cast<int>(static_cast<unsigned>(a) - static_cast<unsigned>(b));
        case c_and: return b != 0;
        case c_or: return b != 0;
        }
        return 0;
    }
    }
    return 0;
}

}  // namespace

void compile_condition(const File& f, const Symbols& s, const std::vector<std::map<std::string, RegSym>>& regs,
                       CompiledCondition& out) {
    out = CompiledCondition{};
    out.present = f.has_condition;
    out.quantifier = f.condition.quantifier;
    out.text = f.condition.text;
    Compiler comp(s, regs, out);
    if (f.has_condition) {
        out.root = comp.node(*f.condition.expr);
    } else {
        // herd7 (lib/stateParser.mly, constr_true): no final condition is forall (true).
        out.quantifier = Condition::forall;
        out.text = "forall (true)";
        out.nodes.push_back(CondNode{});
        out.nodes.back().value = 1;
        out.root = static_cast<int>(out.nodes.size()) - 1;
    }
    if (f.condition.filter) out.filter = comp.node(*f.condition.filter);
    for (const ExprPtr& l : f.condition.locations) comp.node(*l);
    // herd7 lists a state's registers first (by thread), then the shared variables.
    std::stable_sort(out.vars.begin(), out.vars.end(), [](const StateVar& a, const StateVar& b) {
        if (a.is_reg != b.is_reg) return a.is_reg;
        if (a.is_reg && a.cpu != b.cpu) return a.cpu < b.cpu;
        return a.label < b.label;
    });
    if (out.vars.size() > static_cast<size_t>(kMaxOutcome))
        throw LangError(f.path, f.condition.loc,
                        "the condition names more than " + std::to_string(kMaxOutcome) + " variables");
}

bool condition_holds(const CompiledCondition& c, int node, const int* const* regs, const int* final_values) {
    return node >= 0 && eval(c, node, regs, final_values) != 0;
}

Judgement judge_condition(const void* ctx, const int* const* regs, const int* final_values) {
    const CompiledCondition& c = *static_cast<const CompiledCondition*>(ctx);
    Judgement j;
    if (c.filter >= 0 && !condition_holds(c, c.filter, regs, final_values)) {
        j.filtered_out = true;
        return j;
    }
    if (c.root >= 0) {
        const bool holds = condition_holds(c, c.root, regs, final_values);
        j.violation = c.witness_is_failure() ? !holds : holds;
    }
    j.outcome_n = static_cast<int>(c.vars.size());
    for (size_t i = 0; i < c.vars.size(); i++) {
        const StateVar& v = c.vars[i];
        j.outcome[i] = v.is_reg ? regs[v.cpu][v.index] : final_values[v.index];
    }
    return j;
}

}  // namespace fc::lang
