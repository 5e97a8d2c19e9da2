// lang/parser.cpp: file structure, init block, threads' headers and the final condition
// (herdtools7's C litmus syntax as the kernel's tools/memory-model tests use it).
#include "lang/parser.hpp"

#include <cctype>

#include "lang/parser_impl.hpp"

namespace fc::lang {

// ---- token helpers ----

const Token& Parser::peek(size_t ahead) const {
    const size_t i = std::min(m_pos + ahead, m_lexed.tokens.size() - 1);
    return m_lexed.tokens[i];
}

const Token& Parser::next() {
    const Token& t = peek();
    if (m_pos < m_lexed.tokens.size() - 1) m_pos++;
    return t;
}

bool Parser::is(const char* punct, size_t ahead) const {
    const Token& t = peek(ahead);
    return t.kind == Tok::punct && t.text == punct;
}

bool Parser::is_ident(const char* name, size_t ahead) const {
    const Token& t = peek(ahead);
    return t.kind == Tok::ident && t.text == name;
}

bool Parser::accept(const char* punct) {
    if (!is(punct)) return false;
    next();
    return true;
}

std::string Parser::describe(const Token& t) const {
    switch (t.kind) {
    case Tok::end: return "the end of the file";
    case Tok::ident: return "'" + t.text + "'";
    case Tok::number: return "number " + t.text;
    case Tok::string: return "a string";
    case Tok::test_name: return "the test name";
    case Tok::punct: return "'" + t.text + "'";
    }
    return "?";
}

const Token& Parser::expect(const char* punct, const char* what) {
    if (!is(punct)) fail_here(std::string("expected '") + punct + "' " + what + ", found " + describe(peek()));
    return next();
}

std::string Parser::expect_ident(const char* what) {
    if (peek().kind != Tok::ident) fail_here(std::string("expected ") + what + ", found " + describe(peek()));
    return next().text;
}

void Parser::fail(const SrcLoc& at, const std::string& msg) const { throw LangError(m_path, at, msg); }
void Parser::fail_here(const std::string& msg) const { fail(peek().loc, msg); }

namespace {
const std::string kTooDeep = "nested more than " + std::to_string(kMaxNesting) +
                             " levels deep (braces, parentheses, prefix operators, or the terms of one "
                             "sum): split it, with registers for the parts of an expression";
}  // namespace

Parser::Nest::Nest(Parser& p) : m_p(p) {
    if (++m_p.m_depth > kMaxNesting) m_p.fail_here(kTooDeep);
}

ExprPtr Parser::sealed(ExprPtr e) const {
    int h = 0;
    for (const ExprPtr& k : e->kids) h = std::max(h, k->height);
    e->height = h + 1;
    if (e->height > kMaxNesting) fail(e->loc, kTooDeep);
    return e;
}

// ---- file ----

File Parser::file() {
    File f;
    f.path = m_path;
    if (!is_ident("C") || peek(1).kind != Tok::test_name)
        fail_here("a litmus file starts with 'C NAME' (the kernel's C litmus dialect), found " + describe(peek()));
    next();
    f.name_loc = peek().loc;
    f.name = next().text;
    if (f.name.empty()) fail(f.name_loc, "the test has no name: write 'C NAME' on the first line");
    if (peek().kind == Tok::string) f.doc = printable(next().text);
    if (!is("{"))
        fail_here("expected the init block '{ ... }' after the test name ('{}' if empty), found " + describe(peek()));
    init_block(f);
    while (peek().kind == Tok::ident && peek().text.size() >= 2 && peek().text[0] == 'P' &&
           std::isdigit(static_cast<unsigned char>(peek().text[1])))
        f.threads.push_back(thread());
    if (peek().kind == Tok::ident && peek().text != "exists" && peek().text != "forall" && peek().text != "filter" &&
        peek().text != "locations" && is("(", 1))
        fail_here("a thread is named P0, P1, P2 or P3; found '" + peek().text + "'");
    condition(f);
    if (peek().kind != Tok::end) fail_here("unexpected " + describe(peek()) + " after the final condition");
    f.comments = m_lexed.comments;
    metadata(f);
    return f;
}

namespace {
// The text after "KEY:" on a line of a comment whose start (after spaces and '*' of a boxed
// comment) is "KEY:", or npos. A plain scan: comments are unbounded input (a regex engine
// that backtracks recursively would run out of stack on a long one).
size_t after_key(const std::string& c, size_t line_start, const char* key) {
    size_t i = line_start;
    while (i < c.size() && (c[i] == ' ' || c[i] == '\t' || c[i] == '\r' || c[i] == '*')) i++;
    const size_t n = std::char_traits<char>::length(key);
    if (c.compare(i, n, key) != 0 || i + n >= c.size() || c[i + n] != ':') return std::string::npos;
    i += n + 1;
    while (i < c.size() && (c[i] == ' ' || c[i] == '\t')) i++;
    return i;
}
}  // namespace

void Parser::metadata(File& f) {
    // "Result: Never" (tools/memory-model/README: "Result:" comments give LKMM's outcome),
    // "Kind:", "Kernel:", "Summary:", "Folio-lock:" of a writer file: each at the start of a
    // comment line.
    for (const std::string& c : f.comments) {
        for (size_t line = 0; line < c.size();) {
            size_t eol = c.find('\n', line);
            if (eol == std::string::npos) eol = c.size();
            if (f.expected_result.empty()) {
                const size_t v = after_key(c, line, "Result");
                size_t e = v;
                while (e < eol && std::isalpha(static_cast<unsigned char>(c[e]))) e++;
                if (v != std::string::npos && e > v) f.expected_result = c.substr(v, e - v);
            }
            for (const char* k : {"Kind", "Kernel", "Summary", "Folio-lock"}) {
                const size_t v = after_key(c, line, k);
                if (v == std::string::npos || v > eol) continue;
                std::string text = c.substr(v, eol - v);
                while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
                    text.pop_back();
                const std::string key = k;
                std::string& slot = key == "Kind"         ? f.kind
                                    : key == "Kernel"     ? f.kernel
                                    : key == "Folio-lock" ? f.folio_lock
                                                          : f.summary;
                if (slot.empty()) slot = printable(text);
            }
            line = eol + 1;
        }
    }
}

// ---- init block ----

void Parser::init_block(File& f) {
    expect("{", "to open the init block");
    while (!is("}")) {
        if (peek().kind == Tok::end) fail_here("missing '}' to close the init block");
        if (accept(";")) continue;
        init_entry(f);
        if (!is("}")) expect(";", "after an init entry");
    }
    next();
}

void Parser::init_entry(File& f) {
    InitEntry e;
    e.loc = peek().loc;
    if (peek().kind == Tok::number) {  // 0:r0=1
        e.kind = InitEntry::reg;
        e.thread = static_cast<int>(next().value);
        expect(":", "between thread number and register in 'N:reg=value'");
        e.name = expect_ident("a register name");
        expect("=", "in 'N:reg=value'");
        e.values.push_back(expression());
        f.init.push_back(std::move(e));
        return;
    }
    if (peek().kind == Tok::ident && peek().text.size() >= 2 && peek().text[0] == 'P' && is(":", 1)) {
        fail_here("write a register's initial value as 'N:reg=value' (for example 0:r0=1)");
    }
    if (is_ident("const")) {
        next();
        e.kind = InitEntry::constant;
        if (!is_ident("int")) fail_here("a constant is declared 'const int NAME = VALUE;'");
        next();
        e.name = expect_ident("the constant's name");
        expect("=", "after the constant's name (a constant needs a value)");
        e.values.push_back(expression());
        f.init.push_back(std::move(e));
        return;
    }
    if (is_ident("struct") && is_ident("folio", 1)) {
        next();
        next();
        e.kind = InitEntry::folio;
    } else if (is_ident("folio") && peek(1).kind == Tok::ident) {
        next();
        e.kind = InitEntry::folio;
    }
    if (e.kind == InitEntry::folio) {
        if (accept("*")) fail(e.loc, "declare the folio itself ('struct folio f = { ... };'), not a pointer");
        e.name = expect_ident("the folio's name");
        if (accept("=")) {
            expect("{", "to open the folio's fields ('{ .pages = 2, ... }')");
            while (!is("}")) {
                expect(".", "before a folio field ('.pages = 2')");
                e.field_locs.push_back(peek().loc);
                const std::string field = expect_ident("a folio field name");
                expect("=", "after a folio field name");
                if (is("{")) {  // a value per page: .maps = { 2, 2, 1, 0 }
                    auto list = std::make_unique<Expr>();
                    list->kind = Expr::call;
                    list->name = "{}";
                    list->loc = next().loc;
                    while (!is("}")) {
                        list->kids.push_back(expression());
                        if (!accept(",")) break;
                    }
                    expect("}", "to close the per-page values");
                    e.fields.emplace_back(field, std::move(list));
                } else {
                    e.fields.emplace_back(field, expression());
                }
                if (!accept(",")) break;
            }
            expect("}", "to close the folio's fields");
        }
        f.init.push_back(std::move(e));
        return;
    }
    // [type] name[N] [= value]
    std::vector<std::string> words;
    while (peek().kind == Tok::ident && peek(1).kind == Tok::ident) words.push_back(next().text);
    if (accept("*")) fail(e.loc, "pointers in the init block are not supported: declare the variable itself");
    for (size_t i = 0; i < words.size(); i++)
        if (words[i] != "volatile") e.type += (e.type.empty() ? "" : " ") + words[i];
    e.kind = InitEntry::location;
    e.loc = peek().loc;
    e.name = expect_ident("a variable name in the init block");
    if (accept("[")) {
        if (peek().kind != Tok::number) fail_here("an array's size is a number ('atomic_t m[4];')");
        e.array = static_cast<int>(next().value);
        expect("]", "after the array size");
    }
    if (accept("=")) {
        if (is("{")) {
            next();
            while (!is("}")) {
                e.values.push_back(expression());
                if (!accept(",")) break;
            }
            expect("}", "to close the array's initial values");
        } else if (is_ident("ATOMIC_INIT")) {
            next();
            expect("(", "after ATOMIC_INIT");
            e.values.push_back(expression());
            expect(")", "to close ATOMIC_INIT(...)");
        } else {
            e.values.push_back(expression());
        }
    }
    f.init.push_back(std::move(e));
}

// ---- threads ----

Thread Parser::thread() {
    Thread t;
    t.loc = peek().loc;
    const std::string name = next().text;
    for (size_t i = 1; i < name.size(); i++)
        if (!std::isdigit(static_cast<unsigned char>(name[i])))
            fail(t.loc, "a thread is named P0, P1, P2 or P3; found '" + name + "'");
    if (name.size() > 4) fail(t.loc, "thread number too large: '" + name + "'");
    t.id = std::stoi(name.substr(1));
    expect("(", "after the thread name (its parameters)");
    if (is_ident("void") && is(")", 1)) next();
    while (!is(")")) {
        Param p;
        p.loc = peek().loc;
        std::vector<std::string> words;
        while (peek().kind == Tok::ident &&
               (peek(1).kind == Tok::ident || (peek(1).kind == Tok::punct && peek(1).text == "*")))
            words.push_back(next().text);
        if (words.empty())
            fail_here("expected a parameter ('int *x', 'atomic_t *v', 'struct folio *f'), found " + describe(peek()));
        for (size_t i = 0; i < words.size(); i++)
            if (words[i] != "volatile" && words[i] != "const") p.type += (p.type.empty() ? "" : " ") + words[i];
        if (!accept("*"))
            fail(p.loc, "parameter '" + p.type +
                            "' is not a pointer: a thread's parameters point at shared "
                            "variables ('int *x')");
        p.loc = peek().loc;
        p.name = expect_ident("the parameter's name");
        t.params.push_back(p);
        if (!accept(",")) break;
    }
    expect(")", "to close the parameter list");
    if (!is("{")) fail_here("expected '{' to open " + name + "'s body, found " + describe(peek()));
    t.body = block();
    return t;
}

// ---- condition ----

void Parser::condition(File& f) {
    for (;;) {
        if (is_ident("locations")) {
            next();
            expect("[", "after 'locations'");
            while (!is("]")) {
                if (peek().kind == Tok::end) fail_here("missing ']' to close 'locations ['");
                f.condition.locations.push_back(cond_term());
                accept(";");
            }
            next();
            continue;
        }
        if (is_ident("filter")) {
            next();
            f.condition.filter = cond_or();
            continue;
        }
        break;
    }
    if (peek().kind == Tok::end) return;
    f.condition.loc = peek().loc;
    if (accept("~")) {
        if (!is_ident("exists")) fail_here("expected 'exists' after '~'");
        next();
        f.condition.quantifier = Condition::not_exists;
    } else if (is_ident("exists")) {
        next();
        f.condition.quantifier = Condition::exists;
    } else if (is_ident("forall")) {
        next();
        f.condition.quantifier = Condition::forall;
    } else {
        fail_here(
            "expected a thread (P0...), or the final condition 'exists (...)', '~exists (...)' or "
            "'forall (...)', found " +
            describe(peek()));
    }
    f.has_condition = true;
    f.condition.expr = cond_or();
    f.condition.text = (f.condition.quantifier == Condition::not_exists ? "~exists"
                        : f.condition.quantifier == Condition::forall   ? "forall"
                                                                        : "exists");
    f.condition.text += " (" + expr_text(*f.condition.expr) + ")";
}

namespace {
ExprPtr binary_node(const std::string& op, ExprPtr a, ExprPtr b, SrcLoc at) {
    auto e = std::make_unique<Expr>();
    e->kind = Expr::binary;
    e->op = op;
    e->loc = at;
    e->kids.push_back(std::move(a));
    e->kids.push_back(std::move(b));
    return e;
}
}  // namespace

ExprPtr Parser::cond_or() {
    const Nest nest(*this);
    ExprPtr e = cond_and();
    while (is("\\/")) {
        const SrcLoc at = next().loc;
        e = sealed(binary_node("\\/", std::move(e), cond_and(), at));
    }
    return e;
}

ExprPtr Parser::cond_and() {
    ExprPtr e = cond_not();
    while (is("/\\")) {
        const SrcLoc at = next().loc;
        e = sealed(binary_node("/\\", std::move(e), cond_not(), at));
    }
    return e;
}

ExprPtr Parser::cond_not() {
    const Nest nest(*this);
    if (is("~") || is_ident("not")) {
        // herd7's negation of a proposition: logical, whatever its operand (a constant too),
        // so it is C's '!' (C's '~' is bitwise). `name` keeps the spelling for printing.
        auto e = std::make_unique<Expr>();
        e->kind = Expr::unary;
        e->op = "!";
        e->loc = peek().loc;
        e->name = next().text;
        e->kids.push_back(cond_not());
        return sealed(std::move(e));
    }
    return cond_atom();
}

ExprPtr Parser::cond_atom() {
    if (is("(")) {
        next();
        ExprPtr e = cond_or();
        expect(")", "to close the parenthesised condition");
        return e;
    }
    if (is_ident("true") || is_ident("false")) {
        auto e = std::make_unique<Expr>();
        e->kind = Expr::number;
        e->loc = peek().loc;
        e->value = next().text == "true";
        e->name = "bool";
        return e;
    }
    ExprPtr lhs = cond_term();
    static const char* const kCmp[] = {"=", "==", "!=", "<", "<=", ">", ">="};
    for (const char* c : kCmp) {
        if (!is(c)) continue;
        const SrcLoc at = next().loc;
        const std::string op = std::string(c) == "=" ? "==" : c;
        return sealed(binary_node(op, std::move(lhs), cond_term(), at));
    }
    fail_here("expected a comparison ('1:r0=1', 'x=2') in the condition, found " + describe(peek()));
}

ExprPtr Parser::cond_term() {
    ExprPtr e = cond_primary();
    while (is("+") || is("-")) {
        const Token& t = next();
        e = sealed(binary_node(t.text, std::move(e), cond_primary(), t.loc));
    }
    return e;
}

ExprPtr Parser::cond_primary() {
    auto e = std::make_unique<Expr>();
    e->loc = peek().loc;
    if (is("-") && peek(1).kind == Tok::number) {
        next();
        e->kind = Expr::number;
        e->value = -next().value;
        return e;
    }
    if (peek().kind == Tok::number && is(":", 1)) {
        e->kind = Expr::thread_reg;
        e->value = next().value;
        next();
        e->name = expect_ident("a register name after 'N:'");
    } else if (peek().kind == Tok::number) {
        e->kind = Expr::number;
        e->value = next().value;
        return e;
    } else if (peek().kind == Tok::ident && peek().text.size() >= 2 && peek().text[0] == 'P' && is(":", 1)) {
        fail_here("in a condition a register is written 'N:reg' (for example 1:r0), not '" + peek().text + ":'");
    } else if (peek().kind == Tok::ident) {
        e->kind = Expr::ident;
        e->name = next().text;
    } else {
        fail_here("expected a register ('1:r0'), a variable or a number in the condition, found " + describe(peek()));
    }
    if (accept("[")) {
        if (peek().kind != Tok::number) fail_here("an index in a condition is a number");
        auto idx = std::make_unique<Expr>();
        idx->kind = Expr::number;
        idx->loc = peek().loc;
        idx->value = next().value;
        expect("]", "after the index");
        e->kids.push_back(std::move(idx));
    }
    return e;
}

// ---- printing ----

std::string expr_text(const Expr& e) {
    switch (e.kind) {
    case Expr::number:
        if (e.name == "bool") return e.value ? "true" : "false";
        return std::to_string(e.value);
    case Expr::ident: return e.name + (e.kids.empty() ? "" : "[" + expr_text(*e.kids[0]) + "]");
    case Expr::thread_reg:
        return std::to_string(e.value) + ":" + e.name + (e.kids.empty() ? "" : "[" + expr_text(*e.kids[0]) + "]");
    case Expr::unary: return e.name.empty() ? e.op + expr_text(*e.kids[0]) : e.name + " " + expr_text(*e.kids[0]);
    case Expr::binary: {
        const std::string op = e.op == "==" ? "=" : e.op;
        const bool logic = e.op == "/\\" || e.op == "\\/";
        auto side = [&](const Expr& k) {
            const bool paren = logic && k.kind == Expr::binary && (k.op == "/\\" || k.op == "\\/") && k.op != e.op;
            return paren ? "(" + expr_text(k) + ")" : expr_text(k);
        };
        return side(*e.kids[0]) + (logic ? " " + op + " " : op) + side(*e.kids[1]);
    }
    case Expr::call: {
        std::string s = e.name + "(";
        for (size_t i = 0; i < e.kids.size(); i++) s += (i ? ", " : "") + expr_text(*e.kids[i]);
        return s + ")";
    }
    case Expr::index: return expr_text(*e.kids[0]) + "[" + expr_text(*e.kids[1]) + "]";
    case Expr::member: return expr_text(*e.kids[0]) + "->" + e.name;
    }
    return "?";
}

File parse(const std::string& path, const std::string& text) {
    Parser p(path, lex(path, text));
    return p.file();
}

}  // namespace fc::lang
