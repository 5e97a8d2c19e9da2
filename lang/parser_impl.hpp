// lang/parser_impl.hpp: the recursive-descent parser shared by parser.cpp (file structure,
// init block, condition) and parse_code.cpp (statements and C expressions). Internal.
#pragma once

#include <string>
#include <vector>

#include "lang/ast.hpp"
#include "lang/lexer.hpp"

namespace fc::lang {

class Parser {
public:
    Parser(const std::string& path, Lexed lexed) : m_path(path), m_lexed(std::move(lexed)) {}
    File file();

    // parse_code.cpp
    StmtPtr statement();
    StmtPtr block();
    ExprPtr expression(int min_prec = 1);

private:
    const Token& peek(size_t ahead = 0) const;
    const Token& next();
    bool is(const char* punct, size_t ahead = 0) const;
    bool is_ident(const char* name, size_t ahead = 0) const;
    bool accept(const char* punct);
    const Token& expect(const char* punct, const char* what);
    std::string expect_ident(const char* what);
    [[noreturn]] void fail(const SrcLoc& at, const std::string& msg) const;
    [[noreturn]] void fail_here(const std::string& msg) const;
    std::string describe(const Token& t) const;
    // Depth limits (kMaxNesting, lang/diag.hpp): nest() guards each recursive rule, sealed()
    // sets a new expression node's height from its kids and refuses a tree that is too tall.
    class Nest {
    public:
        explicit Nest(Parser& p);
        ~Nest() { m_p.m_depth--; }
        Nest(const Nest&) = delete;
        Nest& operator=(const Nest&) = delete;

    private:
        Parser& m_p;
    };
    ExprPtr sealed(ExprPtr e) const;

    // parser.cpp
    void init_block(File& f);
    void init_entry(File& f);
    Thread thread();
    void condition(File& f);
    ExprPtr cond_or();
    ExprPtr cond_and();
    ExprPtr cond_not();
    ExprPtr cond_atom();
    ExprPtr cond_term();
    ExprPtr cond_primary();
    void metadata(File& f);

    // parse_code.cpp
    bool starts_type() const;
    std::string type_name();
    StmtPtr declaration(bool need_semicolon);
    StmtPtr simple_statement(bool need_semicolon);
    ExprPtr unary();
    ExprPtr postfix();
    ExprPtr primary();

    std::string m_path;
    Lexed m_lexed;
    size_t m_pos = 0;
    int m_depth = 0;
};

}  // namespace fc::lang
