// lang/consteval.cpp: see consteval.hpp.
#include "lang/consteval.hpp"

namespace fc::lang {

bool apply_binary(const std::string& op, long long a, long long b, long long& out) {
    if (op == "+") out = a + b;
    else if (op == "-") out = a - b;
    else if (op == "*") out = a * b;
    else if (op == "/" || op == "%") {
        if (b == 0) return false;
        out = op == "/" ? a / b : a % b;
    } else if (op == "&") out = a & b;
    else if (op == "|") out = a | b;
    else if (op == "^") out = a ^ b;
    else if (op == "<<")
        out = (b < 0 || b > 31) ? 0 : static_cast<long long>(static_cast<int>(static_cast<unsigned>(a) << b));
    else if (op == ">>") out = (b < 0 || b > 31) ? 0 : (a >> b);
    else if (op == "==") out = a == b;
    else if (op == "!=") out = a != b;
    else if (op == "<") out = a < b;
    else if (op == "<=") out = a <= b;
    else if (op == ">") out = a > b;
    else if (op == ">=") out = a >= b;
    else if (op == "&&" || op == "/\\") out = (a != 0) && (b != 0);
    else if (op == "||" || op == "\\/") out = (a != 0) || (b != 0);
    else return false;
    return true;
}

long long apply_unary(const std::string& op, long long a) {
    if (op == "-") return -a;
    if (op == "!") return !a;
    if (op == "~") return ~a;
    return a;
}

std::optional<long long> builtin_constant(const std::string& name) {
    if (name == "REF_FIRST") return 1;
    if (name == "MAP_FIRST") return 0;
    if (name == "NO_BARRIER") return 0;
    if (name == "SMP_RMB") return 1;
    if (name == "SMP_MB") return 2;
    return std::nullopt;
}

std::optional<long long> const_eval(const std::string& file, const Expr& e, const ConstLookup& lookup,
                                    const ConstCall& call) {
    std::optional<long long> r;
    switch (e.kind) {
    case Expr::number: r = e.value; break;
    case Expr::ident:
        r = lookup ? lookup(e.name) : std::nullopt;
        if (!r) r = builtin_constant(e.name);
        break;
    case Expr::unary: {
        if (e.op == "*" || e.op == "&") return std::nullopt;
        const auto a = const_eval(file, *e.kids[0], lookup, call);
        if (!a) return std::nullopt;
        r = apply_unary(e.op, *a);
        break;
    }
    case Expr::binary: {
        const auto a = const_eval(file, *e.kids[0], lookup, call);
        if (!a) return std::nullopt;
        // && and || decide on the left operand alone when they can (C's short circuit).
        if ((e.op == "&&" && *a == 0) || (e.op == "||" && *a != 0)) return e.op == "||" ? 1 : 0;
        const auto b = const_eval(file, *e.kids[1], lookup, call);
        if (!b) return std::nullopt;
        long long v = 0;
        if (!apply_binary(e.op, *a, *b, v)) {
            if (e.op == "/" || e.op == "%") throw LangError(file, e.loc, "division by zero in a constant expression");
            return std::nullopt;
        }
        r = v;
        break;
    }
    case Expr::call: r = call ? call(e) : std::nullopt; break;
    default: return std::nullopt;
    }
    if (r && (*r > 0x7fffffffLL || *r < -0x80000000LL))
        throw LangError(file, e.loc, "constant expression out of range (int): " + std::to_string(*r));
    return r;
}

}  // namespace fc::lang
