// lang/parse_code.cpp: a thread's body: declarations, assignments, calls, if/else, for
// loops, blocks; C expressions with C's precedence.
#include <cctype>

#include "lang/parser_impl.hpp"

namespace fc::lang {

namespace {

const char* const kTypeWords[] = {"int", "unsigned", "long", "short", "signed", "bool", "u8",       "u16",
                                  "u32", "u64",      "s8",   "s16",   "s32",    "s64",  "intptr_t", "uintptr_t"};

bool is_type_word(const std::string& s) {
    for (const char* w : kTypeWords)
        if (s == w) return true;
    return false;
}

int binary_prec(const std::string& op) {
    if (op == "||") return 1;
    if (op == "&&") return 2;
    if (op == "|") return 3;
    if (op == "^") return 4;
    if (op == "&") return 5;
    if (op == "==" || op == "!=") return 6;
    if (op == "<" || op == "<=" || op == ">" || op == ">=") return 7;
    if (op == "<<" || op == ">>") return 8;
    if (op == "+" || op == "-") return 9;
    if (op == "*" || op == "/" || op == "%") return 10;
    return 0;
}

}  // namespace

bool Parser::starts_type() const {
    // `atomic_t *p` declares a pointer register (herd7 C); an atomic_t itself is no register.
    if (peek().kind == Tok::ident && peek().text == "atomic_t" && is("*", 1)) return true;
    return peek().kind == Tok::ident && (is_type_word(peek().text) || peek().text == "const");
}

std::string Parser::type_name() {
    std::string t;
    if (peek().kind == Tok::ident && peek().text == "atomic_t" && is("*", 1)) return next().text;
    while (peek().kind == Tok::ident && (is_type_word(peek().text) || peek().text == "const")) {
        const std::string w = next().text;
        if (w == "const") continue;
        t += (t.empty() ? "" : " ") + w;
    }
    return t;
}

StmtPtr Parser::block() {
    auto s = std::make_unique<Stmt>();
    s->kind = Stmt::block;
    s->loc = expect("{", "to open a block").loc;
    while (!is("}")) {
        if (peek().kind == Tok::end) fail(s->loc, "missing '}': this '{' is never closed");
        const std::string& t = peek().text;
        if (peek().kind == Tok::ident && t.size() >= 2 && t[0] == 'P' &&
            std::isdigit(static_cast<unsigned char>(t[1])) && is("(", 1))
            fail_here("missing '}' before " + t + ": the block opened at " + std::to_string(s->loc.line) + ":" +
                      std::to_string(s->loc.col) + " is not closed");
        s->body.push_back(statement());
    }
    next();
    return s;
}

StmtPtr Parser::declaration(bool need_semicolon) {
    auto s = std::make_unique<Stmt>();
    s->kind = Stmt::decl;
    s->loc = peek().loc;
    s->type = type_name();
    for (;;) {
        Declarator d;
        d.pointer = accept("*");
        if (d.pointer && is("*"))
            fail_here("a pointer to a pointer is not supported: a pointer register points to a shared int");
        d.loc = peek().loc;
        d.name = expect_ident("a register name");
        if (accept("[")) {
            if (peek().kind != Tok::number) fail_here("a register array's size is a number ('int last[4];')");
            d.array = static_cast<int>(next().value);
            // A thread has 48 registers in all (model/program.hpp kMaxRegs), temporaries included.
            if (d.array < 1 || d.array > 32)
                fail(d.loc, "a register array has 1 to 32 elements (a thread has 48 registers in all)");
            expect("]", "after the array size");
        }
        if (accept("=")) d.init = expression();
        s->decls.push_back(std::move(d));
        if (!accept(",")) break;
    }
    if (need_semicolon) expect(";", "after the declaration");
    return s;
}

StmtPtr Parser::simple_statement(bool need_semicolon) {
    auto s = std::make_unique<Stmt>();
    s->loc = peek().loc;
    if (is("++") || is("--")) {
        s->kind = Stmt::assign;
        s->op = next().text;
        s->target = unary();
    } else {
        ExprPtr e = expression();
        if (is("=") || is("+=") || is("-=")) {
            s->kind = Stmt::assign;
            s->op = next().text;
            s->target = std::move(e);
            s->value = expression();
        } else if (is("++") || is("--")) {
            s->kind = Stmt::assign;
            s->op = next().text;
            s->target = std::move(e);
        } else {
            s->kind = Stmt::expr;
            s->value = std::move(e);
        }
    }
    if (need_semicolon) expect(";", "at the end of the statement");
    return s;
}

StmtPtr Parser::statement() {
    const Nest nest(*this);
    if (is("{")) return block();
    if (is(";")) {
        auto s = std::make_unique<Stmt>();
        s->loc = next().loc;
        return s;
    }
    if (starts_type()) return declaration(true);
    if (is_ident("if")) {
        auto s = std::make_unique<Stmt>();
        s->kind = Stmt::if_;
        s->loc = next().loc;
        expect("(", "after 'if'");
        s->cond = expression();
        expect(")", "to close the if condition");
        s->then_ = statement();
        if (is_ident("else")) {
            next();
            s->else_ = statement();
        }
        return s;
    }
    if (is_ident("for")) {
        auto s = std::make_unique<Stmt>();
        s->kind = Stmt::for_;
        s->loc = next().loc;
        expect("(", "after 'for'");
        if (!is(";")) s->init = starts_type() ? declaration(false) : simple_statement(false);
        expect(";", "after the loop's initialisation");
        if (!is(";")) s->cond = expression();
        expect(";", "after the loop's condition");
        if (!is(")")) s->step = simple_statement(false);
        expect(")", "to close the loop header");
        s->then_ = statement();
        return s;
    }
    for (const char* kw : {"while", "do", "goto", "switch", "return", "break", "continue"}) {
        if (!is_ident(kw)) continue;
        if (std::string(kw) == "while" || std::string(kw) == "do")
            fail_here(std::string("'") + kw +
                      "' loops are not supported: loops need a constant bound, write for (i = 0; i < N; i++)");
        fail_here(std::string("'") + kw + "' is not supported in a litmus thread");
    }
    if (is_ident("else")) fail_here("'else' without a matching 'if'");
    return simple_statement(true);
}

ExprPtr Parser::expression(int min_prec) {
    const Nest nest(*this);
    ExprPtr lhs = unary();
    for (;;) {
        const Token& t = peek();
        if (t.kind != Tok::punct) break;
        const int prec = binary_prec(t.text);
        if (prec == 0 || prec < min_prec) break;
        next();
        auto e = std::make_unique<Expr>();
        e->kind = Expr::binary;
        e->op = t.text;
        e->loc = t.loc;
        e->kids.push_back(std::move(lhs));
        e->kids.push_back(expression(prec + 1));
        lhs = sealed(std::move(e));
    }
    return lhs;
}

ExprPtr Parser::unary() {
    const Nest nest(*this);
    if (is("-") || is("!") || is("~") || is("*") || is("&") || is("+")) {
        auto e = std::make_unique<Expr>();
        e->kind = Expr::unary;
        e->loc = peek().loc;
        e->op = next().text;
        e->kids.push_back(unary());
        if (e->op == "+") return std::move(e->kids[0]);
        return sealed(std::move(e));
    }
    if (is("(") && peek(1).kind == Tok::ident && (is_type_word(peek(1).text) || peek(1).text == "void") && is(")", 2)) {
        // A cast such as (int): values are ints already.
        next();
        if (!is_ident("void")) type_name();
        else next();
        expect(")", "to close the cast");
        return unary();
    }
    return postfix();
}

ExprPtr Parser::postfix() {
    ExprPtr e = primary();
    for (;;) {
        if (is("(")) {
            if (e->kind != Expr::ident) fail_here("only a named function can be called");
            next();
            e->kind = Expr::call;
            while (!is(")")) {
                if (peek().kind == Tok::end) fail(e->loc, "missing ')' to close the call of " + e->name);
                e->kids.push_back(expression());
                if (!accept(",")) break;
            }
            expect(")", ("to close the call of " + e->name).c_str());
            e = sealed(std::move(e));
        } else if (is("[")) {
            auto ix = std::make_unique<Expr>();
            ix->kind = Expr::index;
            ix->loc = next().loc;
            ix->kids.push_back(std::move(e));
            ix->kids.push_back(expression());
            expect("]", "after the index");
            e = sealed(std::move(ix));
        } else if (is("->") || is(".")) {
            auto m = std::make_unique<Expr>();
            m->kind = Expr::member;
            m->loc = next().loc;
            m->name = expect_ident("a field name");
            m->kids.push_back(std::move(e));
            e = sealed(std::move(m));
        } else {
            return e;
        }
    }
}

ExprPtr Parser::primary() {
    auto e = std::make_unique<Expr>();
    e->loc = peek().loc;
    if (peek().kind == Tok::number) {
        e->kind = Expr::number;
        e->value = next().value;
        return e;
    }
    if (peek().kind == Tok::ident) {
        e->kind = Expr::ident;
        e->name = next().text;
        if (e->name == "true" || e->name == "false") {
            e->kind = Expr::number;
            e->value = e->name == "true";
        }
        return e;
    }
    if (accept("(")) {
        ExprPtr inner = expression();
        expect(")", "to close the parenthesis");
        return inner;
    }
    fail_here("expected an expression, found " + describe(peek()));
}

}  // namespace fc::lang
