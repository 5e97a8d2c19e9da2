// lang/parser.hpp: text -> AST (lang/ast.hpp). Syntax only: names and arities are checked
// by lang/sema.cpp. Throws LangError ("FILE:LINE:COL: ...") on the first problem.
#pragma once

#include <string>

#include "lang/ast.hpp"
#include "lang/lexer.hpp"

namespace fc::lang {

File parse(const std::string& path, const std::string& text);

// The condition as text ("1:r0=1 /\ x=2"), for the herd7-style "Condition" line.
std::string expr_text(const Expr& e);

}  // namespace fc::lang
