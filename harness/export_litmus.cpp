// harness/export_litmus.cpp: a counterexample as an LKMM C litmus test (see export_litmus.hpp).
//
// What herd7 accepts was read from herdtools7 (lib/CLexer.mll, lib/CParser.mly,
// lib/stateLexer.mll, lib/stateParser.mly, lib/splitter.mll) and from the kernel's
// tools/memory-model (linux-kernel.def, Documentation/litmus-tests.txt). Traps this file
// avoids, each from those sources:
//   - the C lexer reads "-1" as one constant, so "r0-1" is IDENTIFIER CONSTANT: a parse
//     error; every binary minus is written with a space after it;
//   - a block needs at least one statement ("{ }" does not parse): empty branches are left
//     out, and an if with only an else branch is written with the negated condition;
//   - the splitter ends the thread code at the first word "exists", "final", "forall",
//     "locations", "filter", "cases" or "observed", even inside a C comment, and skips
//     double-quoted strings: comments in thread code are cleaned of both;
//   - the header comment is skipped as a whole only if "(*" opens it on its own line, and it
//     must hold no "(*", "*)" or "{" of its own;
//   - a value-returning call such as atomic_dec_and_test() is an expression macro, so it is
//     always assigned to a register, never used as a statement.
#include "harness/export_litmus.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <stdexcept>

#include "checks/scenario.hpp"
#include "harness/report.hpp"

namespace fc {

std::string litmus_loc_name(int loc) {
    switch (loc) {
    case LOC_REFCOUNT: return "refcount";
    case LOC_ENTIRE_MAPCOUNT: return "entire_mapcount";
    case LOC_NR_PAGES_MAPPED: return "nr_pages_mapped";
    case LOC_LARGE_MAPCOUNT: return "large_mapcount";
    case LOC_PINCOUNT: return "pincount";
    case LOC_MM_ID_MAPCOUNT0: return "mm_id_mapcount0";
    case LOC_MM_ID_MAPCOUNT0 + 1: return "mm_id_mapcount1";
    case LOC_SWAPCACHE: return "pg_swapcache";
    default: break;
    }
    if (loc >= LOC_MAPCOUNT0 && loc < LOC_MAPCOUNT0 + kMaxPages)
        return "mapcount" + std::to_string(loc - LOC_MAPCOUNT0);
    if (loc >= LOC_PTE0 && loc < LOC_PTE0 + kMaxPages) return "pte" + std::to_string(loc - LOC_PTE0);
    return "loc" + std::to_string(loc);
}

std::string litmus_refusal(const RunRequest& req) {
    if (!req.also.empty())
        return "--litmus with --also: the export handles the two-CPU scenario only; drop --also or --litmus";
    if (req.writer && req.writer->sets_swapcache)
        return std::string("--litmus with --writer ") + req.writer->name +
               ": the exists clause would need the swapcache flag the check read; drop --litmus";
    if (req.writer && req.check && req.writer->kind == WriterKind::pin && !req.check->clears_pte_first)
        return std::string("--litmus with --writer ") + req.writer->name + " needs --check ksm: with --check " +
               req.check->name +
               ", whether a kept GUP-fast reference counts as missed depends on when it was taken relative to "
               "the check's refcount read, which a herd7 exists clause cannot state";
    return "";
}

std::string instantiate_sees_extra(const char* tmpl, const std::string& refcount, const std::string& mapcount,
                                   int pages, bool swapcache) {
    std::string out;
    const std::string t = tmpl ? tmpl : "";
    for (size_t i = 0; i < t.size(); i++) {
        if (t[i] == '{' && i + 2 < t.size() && t[i + 2] == '}') {
            const char k = t[i + 1];
            if (k == 'R') out += refcount;
            else if (k == 'M') out += mapcount;
            else if (k == 'P') out += std::to_string(pages);
            else if (k == 'S') out += swapcache ? "1" : "0";
            else throw std::logic_error(std::string("unknown placeholder in sees_extra_c: ") + t);
            i += 2;
        } else {
            out += t[i];
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------
// herd7's C-expression fragment, evaluated (for tests and for a self-check of the export).

namespace {

struct ExprParser {
    enum Tok { NUM, OR, XOR, AND, EQ, NE, LT, LE, GT, GE, ADD, SUB, MUL, DIV, LP, RP, END, BAD };
    const std::string& s;
    size_t pos = 0;
    Tok tok = END;
    long long num = 0;
    std::string error;

    explicit ExprParser(const std::string& text) : s(text) { next(); }

    bool fail(const std::string& why) {
        if (error.empty()) error = why + " at offset " + std::to_string(pos);
        return false;
    }

    void next() {
        while (pos < s.size() && std::isspace(static_cast<unsigned char>(s[pos]))) pos++;
        if (pos >= s.size()) {
            tok = END;
            return;
        }
        const char c = s[pos];
        const char d = pos + 1 < s.size() ? s[pos + 1] : '\0';
        // CLexer.mll: '-' ? num as x { CONSTANT x }: a minus sign glued to digits is a constant.
        if (std::isdigit(static_cast<unsigned char>(c)) || (c == '-' && std::isdigit(static_cast<unsigned char>(d)))) {
            size_t end = pos + 1;
            while (end < s.size() && std::isdigit(static_cast<unsigned char>(s[end]))) end++;
            num = std::stoll(s.substr(pos, end - pos));
            pos = end;
            tok = NUM;
            return;
        }
        pos++;
        switch (c) {
        case '|': tok = OR; return;
        case '^': tok = XOR; return;
        case '&': tok = AND; return;
        case '+': tok = ADD; return;
        case '-': tok = SUB; return;
        case '*': tok = MUL; return;
        case '/': tok = DIV; return;
        case '(': tok = LP; return;
        case ')': tok = RP; return;
        case '=':
            if (d == '=') {
                pos++;
                tok = EQ;
                return;
            }
            break;
        case '!':
            if (d == '=') {
                pos++;
                tok = NE;
                return;
            }
            break;
        case '<':
            if (d == '=') {
                pos++;
                tok = LE;
                return;
            }
            tok = LT;
            return;
        case '>':
            if (d == '=') {
                pos++;
                tok = GE;
                return;
            }
            tok = GT;
            return;
        default: break;
        }
        tok = BAD;
    }

    // Precedences from CParser.mly, lowest first: | ^ & (nonassoc == != < <= > >=) (+ -) (* /).
    bool orx(long long& v) {
        if (!xorx(v)) return false;
        while (tok == OR) {
            next();
            long long r;
            if (!xorx(r)) return false;
            v = v | r;
        }
        return true;
    }
    bool xorx(long long& v) {
        if (!andx(v)) return false;
        while (tok == XOR) {
            next();
            long long r;
            if (!andx(r)) return false;
            v = v ^ r;
        }
        return true;
    }
    bool andx(long long& v) {
        if (!cmp(v)) return false;
        while (tok == AND) {
            next();
            long long r;
            if (!cmp(r)) return false;
            v = v & r;
        }
        return true;
    }
    static bool is_cmp(Tok t) { return t == EQ || t == NE || t == LT || t == LE || t == GT || t == GE; }
    bool cmp(long long& v) {
        if (!add(v)) return false;
        if (!is_cmp(tok)) return true;
        const Tok op = tok;
        next();
        long long r;
        if (!add(r)) return false;
        switch (op) {
        case EQ: v = v == r; break;
        case NE: v = v != r; break;
        case LT: v = v < r; break;
        case LE: v = v <= r; break;
        case GT: v = v > r; break;
        default: v = v >= r; break;
        }
        if (is_cmp(tok)) return fail("comparisons do not chain (nonassoc in herd7)");
        return true;
    }
    bool add(long long& v) {
        if (!mul(v)) return false;
        while (tok == ADD || tok == SUB) {
            const Tok op = tok;
            next();
            long long r;
            if (!mul(r)) return false;
            v = op == ADD ? v + r : v - r;
        }
        return true;
    }
    bool mul(long long& v) {
        if (!primary(v)) return false;
        while (tok == MUL || tok == DIV) {
            const Tok op = tok;
            next();
            long long r;
            if (!primary(r)) return false;
            if (op == DIV && r == 0) return fail("division by zero");
            v = op == MUL ? v * r : v / r;
        }
        return true;
    }
    bool primary(long long& v) {
        if (tok == NUM) {
            v = num;
            next();
            return true;
        }
        if (tok == LP) {
            next();
            if (!orx(v)) return false;
            if (tok != RP) return fail("expected )");
            next();
            return true;
        }
        return fail("expected a constant or (");
    }
};

}  // namespace

bool eval_litmus_expr(const std::string& expr, long long& value, std::string* error) {
    ExprParser p(expr);
    bool ok = p.orx(value);
    if (ok && p.tok != ExprParser::END) ok = p.fail("unexpected text after the expression");
    if (!ok && error) *error = p.error;
    return ok;
}

// ---------------------------------------------------------------------------------------
// Programs as herd7 C threads.

namespace {

// A comment for thread code: no "*/", no double quote (the splitter skips strings), and no
// word the splitter takes for the start of the final-state part.
std::string c_comment(const std::string& text) {
    static const char* const kStop[] = {"exists", "final", "forall",   "locations",
                                        "filter", "cases", "observed", "Observed"};
    std::string t;
    for (size_t i = 0; i < text.size(); i++) {
        if (text[i] == '"') t += '\'';
        else if (text[i] == '*' && i + 1 < text.size() && text[i + 1] == '/') t += "* ";
        else t += text[i];
    }
    std::string out;
    size_t i = 0;
    while (i < t.size()) {
        if (std::isalpha(static_cast<unsigned char>(t[i]))) {
            size_t j = i;
            // the splitter's `name`: alpha (alpha|digit|'_'|'/'|'.'|'-')*
            while (j < t.size() && (std::isalnum(static_cast<unsigned char>(t[j])) || t[j] == '_' || t[j] == '/' ||
                                    t[j] == '.' || t[j] == '-'))
                j++;
            std::string word = t.substr(i, j - i);
            for (const char* stop : kStop)
                if (word == stop) word += '_';
            out += word;
            i = j;
        } else {
            out += t[i++];
        }
    }
    return "/* " + out + " */";
}

// Text for the header comment: no "(*", "*)" or braces.
std::string header_text(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); i++) {
        const char c = text[i];
        if (c == '"') out += '\'';
        else if (c == '{') out += '[';
        else if (c == '}') out += ']';
        else if (c == '(' && i + 1 < text.size() && text[i + 1] == '*') out += "( ";
        else if (c == '*' && i + 1 < text.size() && text[i + 1] == ')') out += "* ";
        else out += c;
    }
    return out;
}

// foliocheck's own bookkeeping ops (its step clock / modification-order stamps): they feed
// only its judge, have no herd7 counterpart, and are left out with their registers.
bool judge_only(Op op) {
    switch (op) {
    case Op::prim:
    case Op::movi:
    case Op::add:
    case Op::addi:
    case Op::jz:
    case Op::jnz:
    case Op::jne:
    case Op::jmp: return false;
    default: return true;
    }
}

bool is_fence(const Insn& in) { return in.op == Op::prim && prim_info(in.prim).kind == PrimKind::fence; }
bool is_lock(const Insn& in) { return in.op == Op::prim && prim_info(in.prim).kind == PrimKind::lock; }
bool accesses(const Insn& in) { return in.op == Op::prim && !is_fence(in) && !is_lock(in); }

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
        const std::string x = litmus_loc_name(in.loc);
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
            // Kernel argument order (see harness/report_text.cpp): operand first for the add
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

std::string litmus_name(const RunRequest& q, ReadOrder order) {
    std::string n = std::string("foliocheck+") + q.check->name + "+" + q.writer->name + "+" + std::to_string(q.pages) +
                    (q.pages == 1 ? "page" : "pages");
    if (q.pages > 1 && q.mapcount == MapcountDesign::large) n += "+large-mapcount";
    else if (q.pages > 1 && q.mapcount != MapcountDesign::per_page) n += std::string("+") + mapcount_name(q.mapcount);
    if (q.range.first >= 0) n += "+pages-" + range_text(q.range);
    if (q.pin_kind == PinKind::foll_pin) n += "+foll-pin";
    if (!q.ptep_flush_mb) n += "+plain-ptep-clear";
    if (q.what_if) n += "+what-if";
    n += std::string("+") + read_order_name(order);
    if (q.barrier == ReaderBarrier::rmb) n += "+rmb";
    if (q.barrier == ReaderBarrier::mb) n += "+mb";
    if (q.writer_mb) n += "+writer-mb";
    if (q.writer_prefix > 0) n += "+first-" + std::to_string(q.writer_prefix) + "-calls";
    if (q.swapcache) n += "+swapcache";
    std::string clean;  // splitter.mll testname: (alpha|digit|'_'|'/'|'.'|'-'|'+'|'['|']')+
    for (char c : n)
        clean +=
            (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' || c == '+') ? c : '_';
    return clean;
}

}  // namespace

namespace {

// The test for `req` read in `order`; with a counterexample (`cx`), its header says what that
// execution read, else the configuration is exported as it is, for herd7 to answer.
std::string write_litmus(const RunRequest& req, ReadOrder order, const Counterexample* cx) {
    const std::string refusal = litmus_refusal(req);
    if (!refusal.empty()) throw std::invalid_argument(refusal);
    if (!req.check || !req.writer) throw std::invalid_argument("export_litmus needs a check and a writer");

    const ScenarioConfig cfg = scenario_config(req, order);
    BuiltScenario b;
    build_scenario(cfg, b);
    const JudgeContext& j = b.judge;
    const std::vector<Program>& cpus = cx && !cx->cpus.empty() ? cx->cpus : b.engine.cpus;
    const InitialValues& init = b.engine.init;

    // Locations: those some CPU accesses. int if only READ_ONCE/WRITE_ONCE touch it (the PTEs),
    // atomic_t otherwise.
    std::vector<bool> accessed(LOC_COUNT, false), int_loc(LOC_COUNT, true);
    for (const Program& p : cpus)
        for (const Insn& in : p.code)
            if (accesses(in)) {
                accessed[in.loc] = true;
                if (in.prim != Prim::READ_ONCE && in.prim != Prim::WRITE_ONCE) int_loc[in.loc] = false;
            }

    std::vector<ThreadWriter> writers;
    std::vector<Block> bodies;
    writers.reserve(cpus.size());
    for (const Program& p : cpus) {
        writers.emplace_back(p, int_loc);
        bodies.push_back(writers.back().body());
    }

    // The checker's outcome, into r_extra.
    ThreadWriter& rw = writers[static_cast<size_t>(j.reader_cpu)];
    const std::string reg_r = rw.reg(j.reg_refcount), reg_m = rw.reg(j.reg_mapcount);
    const std::string cond = instantiate_sees_extra(req.check->sees_extra_c, reg_r, reg_m, req.pages, req.swapcache);
    if (cx) {
        // Self-check: the instantiated template parses like herd7 and agrees with
        // sees_extra() on the snapshot this counterexample saw.
        long long v = 0;
        std::string error;
        const std::string at_snapshot =
            instantiate_sees_extra(req.check->sees_extra_c, std::to_string(cx->snapshot.refcount),
                                   std::to_string(cx->snapshot.mapcount), req.pages, req.swapcache);
        if (!eval_litmus_expr(at_snapshot, v, &error))
            throw std::logic_error(std::string("sees_extra_c of ") + req.check->name + " does not parse: " + error);
        if ((v != 0) != req.check->sees_extra(cx->snapshot.refcount, cx->snapshot.mapcount, req.pages, req.swapcache))
            throw std::logic_error(std::string("sees_extra_c of ") + req.check->name + " disagrees with sees_extra");
    }
    Block& rb = bodies[static_cast<size_t>(j.reader_cpu)];
    rb.add(c_comment(std::string("the check: ") + req.check->predicate + "; r_extra = 1: it sees an extra reference"),
           0, false);
    rb.add("if (" + cond + ")", 0, true);
    rb.add("r_extra = 1;", 1, true);
    rb.add("else", 0, false);
    rb.add("r_extra = 0;", 1, true);

    std::vector<std::string> problems;
    for (size_t c = 0; c < writers.size(); c++)
        for (const std::string& p : writers[c].problems()) problems.push_back("P" + std::to_string(c) + ": " + p);

    std::ostringstream s;
    s << "C " << litmus_name(req, order) << "\n\n";

    // Header.
    const bool gup = req.writer->kind == WriterKind::pin;
    std::vector<std::string> h;
    if (!cx) {
        h.push_back("Exported by foliocheck " + std::string(FOLIOCHECK_VERSION) + " from the configuration");
        RunRequest resolved = req;
        resolved.order = order;
        h.push_back("  " + title_text(resolved));
        h.push_back("as it is, for herd7 to answer: Sometimes means the check can miss the pin under LKMM.");
    } else if (req.memory == Memory::relaxed) {
        h.push_back("Result: Maybe");
        h.push_back("");
        h.push_back("(foliocheck found this outcome with --memory relaxed, which is weaker than the kernel's");
        h.push_back("model: even value-returning RMWs are unordered there. herd7 may answer Never, and then");
        h.push_back("the counterexample needs ordering the kernel does not allow.)");
    } else {
        h.push_back("Result: Sometimes");
        if (req.memory == Memory::lkmm) {
            h.push_back("");
            h.push_back("(Never here would mean that foliocheck's C++11 mapping of the kernel's ordering");
            h.push_back("allowed an outcome that LKMM forbids: please report it.)");
        }
    }
    if (cx) {
        h.push_back("");
        h.push_back(std::string("Exported by foliocheck ") + FOLIOCHECK_VERSION +
                    " (foliocheck run --litmus) from a counterexample of");
        RunRequest resolved = req;
        resolved.order = cx->order;
        h.push_back("  " + title_text(resolved));
    }
    h.push_back(std::string("Check: ") + req.check->predicate);
    h.push_back(std::string("       ") + req.check->kernel);
    for (size_t c = 0; c < cpus.size(); c++) {
        const bool reader = static_cast<int>(c) == j.reader_cpu;
        h.push_back("P" + std::to_string(c) + ": " + cpus[c].cpu_label +
                    (reader ? " (the check)" : " (the racing kernel path)"));
        if (!reader) h.push_back(std::string("    ") + req.writer->kernel);
    }
    h.push_back("");
    h.push_back("The exists clause is the missed pin: P" + std::to_string(j.reader_cpu) +
                " computes the check's outcome into r_extra");
    h.push_back("(1 = extra reference seen) and r_extra = 0 means the check concluded that the folio");
    h.push_back("has no references beyond its mappings and its own, while " +
                std::string(gup ? "GUP-fast kept its reference" : "a pin was held"));
    h.push_back(gup ? "(P" + std::to_string(j.writer_cpu) + "'s kept register is 1)."
                    : "(the pin is one of the references in refcount's initial value).");
    if (cx)
        h.push_back("foliocheck's counterexample read refcount " + std::to_string(cx->snapshot.refcount) +
                    " and computed mapcount " + std::to_string(cx->snapshot.mapcount) + " (" +
                    std::to_string(j.reader_cpu) + ":" + reg_r + "=" + std::to_string(cx->snapshot.refcount) + ", " +
                    std::to_string(j.reader_cpu) + ":" + reg_m + "=" + std::to_string(cx->snapshot.mapcount) + ").");
    h.push_back("");
    h.push_back(std::string("Memory: foliocheck's memory setting was ") + memory_name(req.memory) +
                ". This test states the kernel's primitives as");
    h.push_back("written; herd7 decides their ordering under LKMM.");
    h.push_back("Registers are foliocheck's, as int locals; branches are the kernel path's own");
    h.push_back("(if/else). foliocheck's bookkeeping registers (modification-order or clock stamps");
    h.push_back("for its own judge) are left out: nothing below reads them.");
    if (cx && !cx->replay_token.empty()) h.push_back("Replay in foliocheck: foliocheck replay " + cx->replay_token);
    h.push_back("Run: cd tools/memory-model && herd7 -conf linux-kernel.cfg FILE.litmus");
    if (!problems.empty()) {
        h.push_back("");
        h.push_back("INCOMPLETE: some control flow could not be written in herd7's C (see NOT EXPRESSED):");
        for (const std::string& p : problems) h.push_back("  " + p);
    }
    s << "(*\n";
    for (const std::string& l : h) s << (l.empty() ? " *" : " * " + header_text(l)) << "\n";
    s << " *)\n\n";

    // Init: the locations some CPU accesses, with the scenario's initial values, and the
    // spinlocks (the CONFIG_MM_ID mapcount bit spinlock) as spinlock_t parameters.
    std::vector<std::vector<int>> locks(cpus.size());
    for (size_t c = 0; c < cpus.size(); c++)
        for (const Insn& in : cpus[c].code)
            if (is_lock(in) && in.loc < kMaxLocks &&
                std::find(locks[c].begin(), locks[c].end(), in.loc) == locks[c].end())
                locks[c].push_back(in.loc);
    // herd7 7.57 refuses "spinlock_t lockN;" in the init block ("Cannot find the size of type
    // spinlock_t"): a lock is a thread parameter only, which herd7 starts unlocked (0).
    s << "{\n";
    for (int loc = 0; loc < LOC_COUNT; loc++) {
        if (!accessed[static_cast<size_t>(loc)]) continue;
        const int v = init.value[static_cast<size_t>(loc)];
        if (int_loc[static_cast<size_t>(loc)]) s << "\tint " << litmus_loc_name(loc) << " = " << v << ";\n";
        else s << "\tatomic_t " << litmus_loc_name(loc) << " = ATOMIC_INIT(" << v << ");\n";
    }
    s << "}\n";

    // The final-state condition (computed before the declarations are written: it names registers).
    const std::string rc = std::to_string(j.reader_cpu);
    std::string exists = "exists (";
    if (gup)
        exists += std::to_string(j.writer_cpu) + ":" + writers[static_cast<size_t>(j.writer_cpu)].reg(j.writer.kept) +
                  "=1 /\\ ";
    exists += rc + ":r_extra=0)";

    // Threads.
    for (size_t c = 0; c < cpus.size(); c++) {
        ThreadWriter& w = writers[c];
        const Program& p = cpus[c];
        s << "\nP" << c << "(";
        bool first = true;
        for (int loc : w.locations()) {
            s << (first ? "" : ", ") << (int_loc[static_cast<size_t>(loc)] ? "int *" : "atomic_t *")
              << litmus_loc_name(loc);
            first = false;
        }
        for (int l : locks[c]) {
            s << (first ? "" : ", ") << "spinlock_t *lock" << l;
            first = false;
        }
        s << ")\n{\n";
        for (int r : w.used()) {
            s << "\tint r" << r << " = 0;";
            if (w.is_fresh(r)) s << " " << c_comment("result not used");
            else if (r < static_cast<int>(p.reg_names.size()))
                s << " " << c_comment(p.reg_names[static_cast<size_t>(r)]);
            s << "\n";
        }
        if (static_cast<int>(c) == j.reader_cpu) s << "\tint r_extra = 0;\n";
        s << "\n";
        const Block& body = bodies[c];
        for (size_t i = 0; i < body.lines.size(); i++)
            s << std::string(static_cast<size_t>(body.depth[i]) + 1, '\t') << body.lines[i] << "\n";
        s << "}\n";
    }

    // Final state.
    s << "\nlocations [" << rc << ":" << reg_r << "; " << rc << ":" << reg_m << "]\n";
    s << exists << "\n";
    return s.str();
}

}  // namespace

std::string export_litmus(const RunRequest& req, const Counterexample& cx) {
    // A run over every pin count found this execution at one count: the test holds that many.
    RunRequest q = req;
    if (q.pins == kEveryPinCount && cx.pins > 0) q.pins = cx.pins;
    return write_litmus(q, cx.order, &cx);
}

std::string export_litmus_config(const RunRequest& req, ReadOrder order) { return write_litmus(req, order, nullptr); }

}  // namespace fc
