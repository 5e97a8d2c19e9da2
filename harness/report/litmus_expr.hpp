// harness/report/litmus_expr.hpp: herd7's C-expression fragment, evaluated: the expressions
// export_litmus writes are checked with it (tests/), so a test herd7 would not parse is caught here.
#pragma once

#include <string>

namespace fc {

// Evaluates an integer expression in herd7's C-expression fragment (constants, + - * /,
// & | ^, == != < > <= >=, parentheses; herd7's precedences, and its lexing of "-1" as one
// constant). Returns false with a message for anything herd7 would not parse.
bool eval_litmus_expr(const std::string& expr, long long& value, std::string* error = nullptr);

}  // namespace fc
