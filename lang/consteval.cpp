// lang/consteval.cpp: see consteval.hpp.
#include "lang/consteval.hpp"

#include <climits>

namespace fc::lang {

std::string apply_binary(const std::string& op, long long a, long long b, long long& out) {
    // a and b are ints (const_eval refuses anything else), so every result below fits in a
    // long long before it is checked against int.
    if (op == "+") out = a + b;
    else if (op == "-") out = a - b;
    else if (op == "*") out = a * b;
    else if (op == "/" || op == "%") {
        if (b == 0) return "division by zero";
        if (a == INT_MIN && b == -1) return "INT_MIN " + op + " -1 overflows int";
        out = op == "/" ? a / b : a % b;
    } else if (op == "&") out = a & b;
    else if (op == "|") out = a | b;
    else if (op == "^") out = a ^ b;
    else if (op == "<<" || op == ">>") {
        if (b < 0 || b > 31) return "a shift by " + std::to_string(b) + " (C defines shifts by 0 to 31 only)";
        if (op == ">>") out = a >> b;  // of a negative value: arithmetic, as gcc does
        else if (a < 0) return "a left shift of a negative value";
        else out = a << b;
    } else if (op == "==") out = a == b;
    else if (op == "!=") out = a != b;
    else if (op == "<") out = a < b;
    else if (op == "<=") out = a <= b;
    else if (op == ">") out = a > b;
    else if (op == ">=") out = a >= b;
    else if (op == "&&" || op == "/\\") out = (a != 0) && (b != 0);
    else if (op == "||" || op == "\\/") out = (a != 0) || (b != 0);
    else return "operator '" + op + "' is not a constant operator";
    if (out > INT_MAX || out < INT_MIN) return "signed overflow (" + std::to_string(out) + " is outside int)";
    return "";
}

std::string apply_unary(const std::string& op, long long a, long long& out) {
    if (op == "-") {
        if (a == INT_MIN) return "signed overflow (-INT_MIN is outside int)";
        out = -a;
    } else if (op == "!") {
        out = !a;
    } else if (op == "~") {
        out = ~a;
    } else {
        out = a;
    }
    return "";
}

std::optional<long long> builtin_constant(const std::string& name) {
    if (name == "REF_FIRST") return 1;
    if (name == "MAP_FIRST") return 0;
    if (name == "NO_BARRIER") return 0;
    if (name == "SMP_RMB") return 1;
    if (name == "SMP_MB") return 2;
    return std::nullopt;
}

namespace {

void check_int(const std::string& file, const Expr& e, long long v) {
    if (v > INT_MAX || v < INT_MIN)
        throw LangError(file, e.loc, "constant expression out of range (int): " + std::to_string(v));
}

std::optional<long long> eval_at(const std::string& file, const Expr& e, const ConstLookup& lookup,
                                 const ConstCall& call, int depth) {
    // The parser keeps trees within kMaxNesting; this guard holds for trees built elsewhere.
    if (depth > kMaxNesting)
        throw LangError(file, e.loc, "expression nested more than " + std::to_string(kMaxNesting) + " levels deep");
    std::optional<long long> r;
    switch (e.kind) {
    case Expr::number: r = e.value; break;
    case Expr::ident:
        r = lookup ? lookup(e.name) : std::nullopt;
        if (!r) r = builtin_constant(e.name);
        break;
    case Expr::unary: {
        if (e.op == "*" || e.op == "&") return std::nullopt;
        const auto a = eval_at(file, *e.kids[0], lookup, call, depth + 1);
        if (!a) return std::nullopt;
        long long v = 0;
        const std::string why = apply_unary(e.op, *a, v);
        if (!why.empty()) throw LangError(file, e.loc, "undefined in C, in a constant expression: " + why);
        r = v;
        break;
    }
    case Expr::binary: {
        const auto a = eval_at(file, *e.kids[0], lookup, call, depth + 1);
        if (!a) return std::nullopt;
        // && and || decide on the left operand alone when they can (C's short circuit).
        const bool is_and = e.op == "&&" || e.op == "/\\", is_or = e.op == "||" || e.op == "\\/";
        if ((is_and && *a == 0) || (is_or && *a != 0)) return is_or ? 1 : 0;
        const auto b = eval_at(file, *e.kids[1], lookup, call, depth + 1);
        if (!b) return std::nullopt;
        long long v = 0;
        const std::string why = apply_binary(e.op, *a, *b, v);
        if (!why.empty()) {
            if (why.rfind("operator", 0) == 0) return std::nullopt;
            throw LangError(file, e.loc, "undefined in C, in a constant expression: " + why);
        }
        r = v;
        break;
    }
    case Expr::call: r = call ? call(e) : std::nullopt; break;
    default: return std::nullopt;
    }
    if (r) check_int(file, e, *r);
    return r;
}

}  // namespace

std::optional<long long> const_eval(const std::string& file, const Expr& e, const ConstLookup& lookup,
                                    const ConstCall& call) {
    return eval_at(file, e, lookup, call, 1);
}

}  // namespace fc::lang
