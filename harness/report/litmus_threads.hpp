// harness/report/litmus_threads.hpp: foliocheck's programs as herd7 C threads, for
// export_litmus.cpp (the traps of herd7's C front end it avoids are listed there).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "checks/scenario.hpp"
#include "harness/report/export_litmus.hpp"
#include "harness/search/runner.hpp"

namespace fc::litmus_c {

// A comment for thread code: no "*/", no double quote (the splitter skips strings), and no
// word the splitter takes for the start of the final-state part.
std::string c_comment(const std::string& text);
// Text for the header comment: no "(*", "*)" or braces.
std::string header_text(const std::string& text);
// foliocheck's own bookkeeping ops (its step clock / modification-order stamps): they feed
// only its judge, have no herd7 counterpart, and are left out with their registers.
bool judge_only(Op op);
bool is_fence(const Insn& in);
bool is_lock(const Insn& in);
bool accesses(const Insn& in);
// The test's name: the configuration, in the characters herd7's splitter takes for a name.
std::string litmus_name(const RunRequest& q, ReadOrder order);

struct Block {
    std::vector<std::string> lines;  // without indentation
    std::vector<int> depth;
    int statements = 0;
    void add(const std::string& l, int d, bool statement) {
        lines.push_back(l);
        depth.push_back(d);
        if (statement) statements++;
    }
    void append(const Block& b, int extra) {
        for (size_t i = 0; i < b.lines.size(); i++) add(b.lines[i], b.depth[i] + extra, false);
        statements += b.statements;
    }
};

class ThreadWriter {
public:
    ThreadWriter(const Program& p, const std::vector<bool>& int_loc) : m_p(p), m_int_loc(int_loc) {
        for (const Insn& in : p.code)
            if (judge_only(in.op) && in.dst >= 0) m_stamp_regs.push_back(in.dst);
        m_next_fresh = p.nregs;
    }

    Block body() {
        Block b;
        range(0, static_cast<int>(m_p.code.size()), b);
        return b;
    }

    std::string reg(int r) {
        if (std::find(m_used.begin(), m_used.end(), r) == m_used.end()) m_used.push_back(r);
        return "r" + std::to_string(r);
    }
    int fresh() {
        const int r = m_next_fresh++;
        m_fresh.push_back(r);
        reg(r);
        return r;
    }
    std::vector<int> used() const {
        std::vector<int> u = m_used;
        std::sort(u.begin(), u.end());
        return u;
    }
    bool is_fresh(int r) const { return std::find(m_fresh.begin(), m_fresh.end(), r) != m_fresh.end(); }
    const std::vector<std::string>& problems() const { return m_problems; }
    std::vector<int> locations() const {
        std::vector<int> l;
        for (const Insn& in : m_p.code)
            if (accesses(in) && std::find(l.begin(), l.end(), in.loc) == l.end()) l.push_back(in.loc);
        std::sort(l.begin(), l.end());
        return l;
    }

private:
    bool is_stamp_reg(int r) const {
        return r >= 0 && std::find(m_stamp_regs.begin(), m_stamp_regs.end(), r) != m_stamp_regs.end();
    }

    // Emits code[a, b): every jump inside must land in (pc, b].
    void range(int a, int b, Block& out) {
        int pc = a;
        while (pc < b) {
            const Insn& in = m_p.code[static_cast<size_t>(pc)];
            switch (in.op) {
            case Op::jz:
            case Op::jnz:
            case Op::jne: {
                const int t = in.target;
                if (t <= pc || t > b) {
                    problem(out, pc,
                            "a branch from step " + std::to_string(pc) + " to " + std::to_string(t) +
                                " leaves its block: herd7 C has no goto");
                    pc++;
                    break;
                }
                const std::string x = reg(in.src);
                const std::string y = in.op == Op::jne ? reg(in.src2) : "0";
                // The fall-through path runs when the branch is not taken.
                const std::string fall = x + (in.op == Op::jnz ? " == " : in.op == Op::jne ? " == " : " != ") + y;
                const std::string taken = x + (in.op == Op::jnz ? " != " : in.op == Op::jne ? " != " : " == ") + y;
                const Insn* last = t - 1 > pc ? &m_p.code[static_cast<size_t>(t - 1)] : nullptr;
                Block then_b, else_b;
                int resume = t;
                if (last && last->op == Op::jmp && last->target > t && last->target <= b) {
                    resume = last->target;
                    range(pc + 1, t - 1, then_b);
                    range(t, resume, else_b);
                } else {
                    range(pc + 1, t, then_b);
                }
                if (then_b.statements > 0) {
                    out.add("if (" + fall + ") {", 0, true);
                    out.append(then_b, 1);
                    if (else_b.statements > 0) {
                        out.add("} else {", 0, false);
                        out.append(else_b, 1);
                    }
                    out.add("}", 0, false);
                } else if (else_b.statements > 0) {
                    out.add("if (" + taken + ") {", 0, true);
                    out.append(else_b, 1);
                    out.add("}", 0, false);
                }
                pc = resume;
                break;
            }
            case Op::jmp:
                if (in.target != pc + 1 && !(in.target == b && pc == b - 1))
                    problem(out, pc,
                            "a jump from step " + std::to_string(pc) + " to " + std::to_string(in.target) +
                                " is not an if/else: herd7 C has no goto");
                pc++;
                break;
            default:
                straight(in, out);
                pc++;
                break;
            }
        }
    }

    void problem(Block& out, int pc, const std::string& what) {
        m_problems.push_back(what);
        out.add(c_comment("foliocheck: NOT EXPRESSED at step " + std::to_string(pc) + ": " + what), 0, false);
    }

    void call_comment(const Insn& in, Block& out) {
        if (in.call < 0 || in.call == m_last_call) return;
        m_last_call = in.call;
        out.add(c_comment(m_p.calls[static_cast<size_t>(in.call)]), 0, false);
    }

    void straight(const Insn& in, Block& out) {
        if (judge_only(in.op)) return;
        switch (in.op) {
        case Op::movi:
            if (is_stamp_reg(in.dst)) return;
            call_comment(in, out);
            out.add(reg(in.dst) + " = " + std::to_string(in.imm) + ";", 0, true);
            return;
        case Op::add:
            call_comment(in, out);
            out.add(reg(in.dst) + " = " + reg(in.dst) + " + " + reg(in.src) + ";", 0, true);
            return;
        case Op::addi:
            call_comment(in, out);
            out.add(reg(in.dst) + " = " + reg(in.dst) + (in.imm < 0 ? " - " : " + ") +
                        std::to_string(in.imm < 0 ? -static_cast<long long>(in.imm) : in.imm) + ";",
                    0, true);
            return;
        case Op::prim: break;
        default: return;
        }
        call_comment(in, out);
        const PrimInfo& info = prim_info(in.prim);
        if (info.kind == PrimKind::fence) {
            out.add(std::string(info.name) + "();", 0, true);
            return;
        }
        // Through a pointer (Insn::addr): the address as herd7 reads it, `x + offset`.
        const std::string x =
            in.addr >= 0 ? "(" + litmus_loc_name(in.loc) + " + " + reg(in.addr) + ")" : litmus_loc_name(in.loc);
        const std::string operand = in.src >= 0 ? reg(in.src) : std::to_string(in.imm);
        std::string call;
        switch (info.kind) {
        case PrimKind::load:
            call = in.prim == Prim::READ_ONCE || m_int_loc[in.loc] ? "READ_ONCE(*" + x + ")"
                                                                   : std::string(info.name) + "(" + x + ")";
            break;
        case PrimKind::store:
            call = in.prim == Prim::WRITE_ONCE || m_int_loc[in.loc]
                       ? "WRITE_ONCE(*" + x + ", " + operand + ")"
                       : std::string(info.name) + "(" + x + ", " + operand + ")";
            break;
        case PrimKind::rmw: {
            // Kernel argument order (see harness/report/report_text.cpp): operand first for the add
            // family, v first for add_unless, inc_not_zero, xchg and cmpxchg.
            const std::string operand_b = in.src2 >= 0 ? reg(in.src2) : std::to_string(in.imm2);
            if (info.op != RmwOp::add) {
                call = std::string(info.name) + "(" + x;
                if (info.operands >= 1) call += ", " + operand;
                if (info.operands >= 2) call += ", " + operand_b;
                call += ")";
            } else if (info.operand_shown()) {
                call = std::string(info.name) + "(" + operand + ", " + x + ")";
            } else {
                call = std::string(info.name) + "(" + x + ")";
            }
            break;
        }
        case PrimKind::lock: call = std::string(info.name) + "(lock" + std::to_string(in.loc) + ")"; break;
        case PrimKind::fence: break;
        }
        const bool returns =
            info.kind == PrimKind::load || (info.kind == PrimKind::rmw && info.result != RmwResult::none);
        if (!returns) {
            out.add(call + ";", 0, true);
            return;
        }
        // herd7 defines value-returning calls as expression macros: assign them, even when
        // the kernel (or foliocheck) ignores the value.
        const int dst = in.dst >= 0 ? in.dst : fresh();
        out.add(reg(dst) + " = " + call + ";", 0, true);
    }

    const Program& m_p;
    const std::vector<bool>& m_int_loc;
    std::vector<int> m_stamp_regs;
    std::vector<int> m_used;
    std::vector<int> m_fresh;
    std::vector<std::string> m_problems;
    int m_next_fresh = 0;
    int m_last_call = -2;
};

}  // namespace fc::litmus_c
