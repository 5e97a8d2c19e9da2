// lang/ast.hpp: a scenario file as parsed: header, init block, threads, final condition.
// The parser builds it (lang/parser.cpp), lang/sema.cpp checks it, lang/lower*.cpp turn it
// into the engine's per-CPU Programs.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "lang/diag.hpp"

namespace fc::lang {

// Expressions, C's and the final condition's (one node type; `kind` says which fields count).
struct Expr {
    enum Kind {
        number,      // value
        ident,       // name: a register, a location (pointer), a constant, a loop variable
        unary,       // op kids[0]: - ! ~ * (dereference) & (address of)
        binary,      // kids[0] op kids[1]: C operators; in conditions also /\ \/ and = for equality
        call,        // name(kids...)
        index,       // kids[0][kids[1]]
        member,      // kids[0]->name
        thread_reg,  // condition only: thread:name (value = thread), name may be indexed via kids[0]
    };
    Kind kind = number;
    SrcLoc loc;
    long long value = 0;
    std::string name;  // identifier, callee, member, or register
    std::string op;    // operator
    std::vector<std::unique_ptr<Expr>> kids;
    int height = 1;  // 1 + the tallest kid's: at most kMaxNesting (lang/diag.hpp), set by the parser
};
using ExprPtr = std::unique_ptr<Expr>;

struct Stmt;
using StmtPtr = std::unique_ptr<Stmt>;

struct Declarator {
    SrcLoc loc;
    std::string name;
    int array = 0;         // > 0: int name[array]
    bool pointer = false;  // int *name: may hold a shared variable's address plus an offset
    ExprPtr init;          // may be null
};

struct Stmt {
    enum Kind {
        empty,
        block,   // body
        decl,    // type decls
        assign,  // target op value (op: = += -=), or ++/-- (value null)
        expr,    // value (a call)
        if_,     // cond then_ else_
        for_,    // init cond step body
    };
    Kind kind = empty;
    SrcLoc loc;
    std::vector<StmtPtr> body;
    std::string type;
    std::vector<Declarator> decls;
    ExprPtr target, value, cond;
    std::string op;
    StmtPtr then_, else_, init, step;
};

struct Param {
    SrcLoc loc;
    std::string type;  // "int", "atomic_t", "spinlock_t", "struct folio", ...
    std::string name;
};

struct Thread {
    SrcLoc loc;
    int id = 0;
    std::vector<Param> params;
    StmtPtr body;
};

// One entry of the init block.
struct InitEntry {
    enum Kind {
        location,  // [type] name[array] [= value | = ATOMIC_INIT(v) | = {v, ...}]
        reg,       // thread:reg = value (herd7 register initialisation)
        folio,     // struct folio name = { .field = value, ... }
        constant,  // const int name = value (compile-time; --set NAME=V overrides)
    };
    Kind kind = location;
    SrcLoc loc;
    std::string type;  // location: "int", "atomic_t", "spinlock_t", or "" (herd7 "x=1;")
    std::string name;
    int thread = -1;  // reg
    int array = 0;
    std::vector<ExprPtr> values;                          // one per element (constant expressions)
    std::vector<std::pair<std::string, ExprPtr>> fields;  // folio: .field = value
    std::vector<SrcLoc> field_locs;
};

struct Condition {
    enum Quantifier { exists, not_exists, forall };
    SrcLoc loc;
    Quantifier quantifier = exists;
    ExprPtr expr;
    ExprPtr filter;                  // herd7 `filter (...)`: executions that fail it do not count
    std::vector<ExprPtr> locations;  // herd7 `locations [x; 0:r0;]`: printed with the states
    std::string text;                // as written (for the "Condition" line)
};

struct File {
    std::string path;
    std::string name;  // after C
    SrcLoc name_loc;
    std::string doc;  // the optional quoted string after the name
    std::vector<std::string> comments;
    std::vector<InitEntry> init;
    std::vector<Thread> threads;
    bool has_condition = false;
    Condition condition;
    // From comments: "Result: Never" (herd7/kernel convention), "Kind: unmap|map|pin" (writer
    // files), "Kernel: ..." and "Summary: ..." (what a writer file models), "Folio-lock: held"
    // (a writer file's path runs with the folio locked: checks that hold it never race it).
    std::string expected_result;
    std::string kind, kernel, summary, folio_lock;
};

}  // namespace fc::lang
