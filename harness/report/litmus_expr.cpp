// harness/report/litmus_expr.cpp: herd7's C-expression fragment, evaluated (for tests and for a
// self-check of the export; see litmus_expr.hpp).
#include "harness/report/litmus_expr.hpp"

#include <cctype>

namespace fc {

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

}  // namespace fc
