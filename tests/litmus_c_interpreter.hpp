// tests/litmus_c_interpreter.hpp: for the export tests (tests/test_export_litmus.cpp): a small
// interpreter for the generated C (kernel calls with the meaning tools/memory-model's
// linux-kernel.def gives them), and foliocheck's own Programs run the same way.
#pragma once

#include <map>
#include <regex>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "tests/litmus_text_support.hpp"

namespace fc::litmus_test {

// ---- an interpreter for the generated C ---------------------------------------------------

struct Stmt {
    enum Kind { assign, call, branch, jump } kind = assign;
    std::string target;  // assign: register
    std::string text;    // assign: right-hand side; call: the call; branch: the condition
    int to = -1;         // branch (if false) / jump
};

struct Machine {
    std::vector<std::vector<Stmt>> code;  // per thread, flattened (if/else -> branch/jump)
    std::vector<size_t> pc;
    std::vector<std::map<std::string, long long>> regs;
    std::map<std::string, long long> mem;
    std::string last_call;  // name of the last call executed by step()
    long long last_value = 0;
};

inline std::string trim(const std::string& s) {
    size_t a = 0, b = s.size();
    while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) a++;
    while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) b--;
    return s.substr(a, b - a);
}

inline bool is_call(const std::string& rhs) {
    static const std::regex call(R"(^[A-Za-z_][A-Za-z_0-9]*\(.*\)$)");
    return std::regex_match(rhs, call);
}

// Compiles the body's statements from line i on, until a line that closes the block.
inline void compile(const std::vector<std::string>& lines, size_t& i, std::vector<Stmt>& out, bool single) {
    while (i < lines.size()) {
        const std::string l = lines[i];
        if (l == "}" || l == "} else {" || l == "else") return;
        i++;
        if (l.rfind("if (", 0) == 0) {
            const bool braces = l.back() == '{';
            const std::string cond = braces ? l.substr(4, l.size() - 7) : l.substr(4, l.size() - 5);
            const size_t br = out.size();
            out.push_back({Stmt::branch, "", cond, -1});
            compile(lines, i, out, !braces);
            REQUIRE(i <= lines.size());
            bool has_else = false;
            if (braces) {
                REQUIRE(i < lines.size());
                has_else = lines[i] == "} else {";
                i++;  // "}" or "} else {"
            } else if (i < lines.size() && lines[i] == "else") {
                has_else = true;
                i++;
            }
            if (has_else) {
                const size_t jmp = out.size();
                out.push_back({Stmt::jump, "", "", -1});
                out[br].to = static_cast<int>(out.size());
                compile(lines, i, out, !braces);
                if (braces) {
                    REQUIRE(i < lines.size());
                    REQUIRE(lines[i] == "}");
                    i++;
                }
                out[jmp].to = static_cast<int>(out.size());
            } else {
                out[br].to = static_cast<int>(out.size());
            }
        } else {
            REQUIRE(l.back() == ';');
            const std::string st = l.substr(0, l.size() - 1);
            const size_t eq = st.find(" = ");
            if (eq != std::string::npos && st.rfind("int ", 0) == 0) {
                out.push_back({Stmt::assign, st.substr(4, eq - 4), st.substr(eq + 3), -1});
            } else if (eq != std::string::npos) {
                out.push_back({Stmt::assign, st.substr(0, eq), st.substr(eq + 3), -1});
            } else {
                REQUIRE(is_call(st));
                out.push_back({Stmt::call, "", st, -1});
            }
        }
        if (single) return;
    }
}

inline std::vector<Stmt> compile_thread(const std::string& thread) {
    std::vector<std::string> lines;
    const std::string body = strip_c_comments(body_of(thread));
    size_t at = 0;
    while (at < body.size()) {
        size_t nl = body.find('\n', at);
        if (nl == std::string::npos) nl = body.size();
        const std::string l = trim(body.substr(at, nl - at));
        if (!l.empty()) lines.push_back(l);
        at = nl + 1;
    }
    std::vector<Stmt> out;
    size_t i = 0;
    compile(lines, i, out, false);
    CHECK(i == lines.size());
    return out;
}

inline long long eval(const Machine& m, size_t t, const std::string& expr) {
    static const std::regex reg(R"(\br(_extra|[0-9]+)\b)");
    std::string s;
    std::sregex_iterator it(expr.begin(), expr.end(), reg), end;
    size_t last = 0;
    for (; it != end; ++it) {
        s += expr.substr(last, static_cast<size_t>(it->position()) - last);
        const auto r = m.regs[t].find(it->str());
        REQUIRE_MESSAGE(r != m.regs[t].end(), "register " << it->str() << " used before its declaration");
        s += std::to_string(r->second);
        last = static_cast<size_t>(it->position() + it->length());
    }
    s += expr.substr(last);
    long long v = 0;
    std::string error;
    REQUIRE_MESSAGE(eval_litmus_expr(s, v, &error), "expression '" << expr << "': " << error);
    return v;
}

// A kernel call with tools/memory-model/linux-kernel.def's meaning (and herd7's own
// atomic_add_unless(v, a, u): add unless v == u, return whether it added).
inline long long do_call(Machine& m, size_t t, const std::string& call) {
    const size_t lp = call.find('(');
    const std::string name = call.substr(0, lp);
    std::vector<std::string> args;
    const std::string inner = call.substr(lp + 1, call.size() - lp - 2);
    size_t at = 0;
    while (at < inner.size()) {
        size_t comma = inner.find(", ", at);
        if (comma == std::string::npos) comma = inner.size();
        args.push_back(inner.substr(at, comma - at));
        at = comma + 2;
    }
    auto loc = [&](const std::string& a) -> long long& {
        const std::string n = a[0] == '*' ? a.substr(1) : a;
        REQUIRE_MESSAGE(m.mem.count(n), "unknown location " << n);
        return m.mem[n];
    };
    auto val = [&](const std::string& a) { return eval(m, t, a); };
    m.last_call = name;
    if (name.rfind("smp_", 0) == 0) return 0;
    if (name == "atomic_read" || name == "READ_ONCE") return loc(args.at(0));
    if (name == "atomic_set" || name == "WRITE_ONCE") return loc(args.at(0)) = val(args.at(1));
    if (name == "atomic_inc") return ++loc(args.at(0));
    if (name == "atomic_dec") return --loc(args.at(0));
    if (name == "atomic_add") return loc(args.at(1)) += val(args.at(0));
    if (name == "atomic_sub") return loc(args.at(1)) -= val(args.at(0));
    if (name == "atomic_inc_and_test") return ++loc(args.at(0)) == 0;
    if (name == "atomic_dec_and_test") return --loc(args.at(0)) == 0;
    if (name == "atomic_sub_and_test") return (loc(args.at(1)) -= val(args.at(0))) == 0;
    if (name == "atomic_add_negative") return (loc(args.at(1)) += val(args.at(0))) < 0;
    if (name == "atomic_add_return" || name == "atomic_add_return_relaxed") return loc(args.at(1)) += val(args.at(0));
    if (name == "atomic_sub_return_relaxed") return loc(args.at(1)) -= val(args.at(0));
    if (name == "atomic_inc_return_relaxed") return ++loc(args.at(0));
    if (name == "atomic_dec_return_relaxed") return --loc(args.at(0));
    if (name == "atomic_add_unless") {
        long long& v = loc(args.at(0));
        if (v == val(args.at(2))) return 0;
        v += val(args.at(1));
        return 1;
    }
    FAIL("unknown call " << name);
    return 0;
}

// Runs thread t until it has executed one call (a shared-memory step or a barrier), or to
// its end. Returns false at the end.
inline bool step(Machine& m, size_t t) {
    auto& code = m.code[t];
    while (m.pc[t] < code.size()) {
        const Stmt& s = code[m.pc[t]];
        m.pc[t]++;
        switch (s.kind) {
        case Stmt::branch:
            if (eval(m, t, s.text) == 0) m.pc[t] = static_cast<size_t>(s.to);
            break;
        case Stmt::jump: m.pc[t] = static_cast<size_t>(s.to); break;
        case Stmt::call: m.last_value = do_call(m, t, s.text); return true;
        case Stmt::assign:
            if (is_call(s.text)) {
                m.regs[t][s.target] = m.last_value = do_call(m, t, s.text);
                return true;
            }
            m.regs[t][s.target] = eval(m, t, s.text);
            break;
        }
    }
    return false;
}

inline Machine load(const Parts& p) {
    Machine m;
    static const std::regex atomic_init(R"(atomic_t ([a-z_0-9]+) = ATOMIC_INIT\((-?[0-9]+)\);)");
    static const std::regex int_init(R"(int ([a-z_0-9]+) = (-?[0-9]+);)");
    for (std::sregex_iterator it(p.init.begin(), p.init.end(), atomic_init), end; it != end; ++it)
        m.mem[(*it)[1]] = std::stoll((*it)[2]);
    for (std::sregex_iterator it(p.init.begin(), p.init.end(), int_init), end; it != end; ++it)
        m.mem[(*it)[1]] = std::stoll((*it)[2]);
    for (const std::string& t : p.threads) m.code.push_back(compile_thread(t));
    m.pc.assign(m.code.size(), 0);
    m.regs.assign(m.code.size(), {});
    return m;
}

// ---- foliocheck's own Programs, run the same way (sequential memory) ------------------------

struct Ref {
    std::vector<std::vector<int>> regs;
    std::vector<int> mem = std::vector<int>(LOC_COUNT, 0);
    std::vector<size_t> pc;
};

inline bool ref_step(Ref& r, const std::vector<Program>& cpus, size_t c) {
    const Program& p = cpus[c];
    int* regs = r.regs[c].data();
    while (r.pc[c] < p.code.size()) {
        const Insn& in = p.code[r.pc[c]];
        size_t next = r.pc[c] + 1;
        bool stepped = false;
        switch (in.op) {
        case Op::prim: {
            const PrimInfo& info = prim_info(in.prim);
            stepped = true;
            if (info.kind == PrimKind::fence) break;
            int& v = r.mem[in.loc];
            const int operand = in.src >= 0 ? regs[in.src] : in.imm;
            int result = 0;
            if (info.kind == PrimKind::load) result = v;
            else if (info.kind == PrimKind::store) v = operand;
            else {
                int delta = info.operand_negated ? -operand : operand;
                if (in.prim == Prim::atomic_inc || in.prim == Prim::atomic_inc_and_test ||
                    in.prim == Prim::atomic_inc_return_relaxed)
                    delta = 1;
                if (in.prim == Prim::atomic_dec || in.prim == Prim::atomic_dec_and_test ||
                    in.prim == Prim::atomic_dec_return_relaxed)
                    delta = -1;
                if (info.result == RmwResult::success) {
                    result = v != 0;
                    if (v != 0) v += delta;
                } else {
                    v += delta;
                    result = info.result == RmwResult::new_value     ? v
                             : info.result == RmwResult::is_zero     ? v == 0
                             : info.result == RmwResult::is_negative ? v < 0
                                                                     : 0;
                }
            }
            if (in.dst >= 0) regs[in.dst] = result;
            break;
        }
        case Op::movi: regs[in.dst] = in.imm; break;
        case Op::add: regs[in.dst] += regs[in.src]; break;
        case Op::addi: regs[in.dst] += in.imm; break;
        case Op::jz:
            if (regs[in.src] == 0) next = static_cast<size_t>(in.target);
            break;
        case Op::jnz:
            if (regs[in.src] != 0) next = static_cast<size_t>(in.target);
            break;
        case Op::jne:
            if (regs[in.src] != regs[in.src2]) next = static_cast<size_t>(in.target);
            break;
        case Op::jmp: next = static_cast<size_t>(in.target); break;
        default: break;  // foliocheck's bookkeeping stamps
        }
        r.pc[c] = next;
        if (stepped) return true;
    }
    return false;
}

}  // namespace fc::litmus_test
