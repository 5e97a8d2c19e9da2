// lang/lexer.hpp: tokens of the kernel's C litmus dialect (tools/memory-model, herd7) and
// foliocheck's folio extensions.
//
// Comments: // and /* */ anywhere; herd7's OCaml-style (* *) (nesting) outside braces and
// parentheses, where the kernel's litmus tests put their "Result:" paragraphs (inside a
// thread body "(*x)" is C). The first line "C NAME" is special: NAME is the rest of the
// line (herd7 test names contain + . - and digits).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "lang/diag.hpp"

namespace fc::lang {

enum class Tok { ident, number, string, punct, test_name, end };

struct Token {
    Tok kind = Tok::end;
    std::string text;  // identifier, punctuation, string contents or the test name
    long long value = 0;
    SrcLoc loc;
};

struct Lexed {
    std::vector<Token> tokens;          // ends with Tok::end
    std::vector<std::string> comments;  // every comment's text, in order (for "Result:")
    // herd7's information lines after the test name (Cycle=..., Generator=...): key, value.
    std::vector<std::pair<std::string, std::string>> headers;
};

// Throws LangError (unterminated comment or string, a character the dialect has no use for,
// a number out of range).
Lexed lex(const std::string& file, const std::string& text);

// `text` with control bytes and bytes that are not valid UTF-8 written as \xHH, so that it can
// go to a terminal and into JSON as is (test names, metadata lines).
std::string printable(const std::string& text);

}  // namespace fc::lang
