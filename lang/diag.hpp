// lang/diag.hpp: positions in a scenario file and the one error a malformed file gets.
//
// Every problem the front end finds is a LangError whose what() reads
// "FILE:LINE:COL: what is wrong" (lines and columns 1-based, columns in bytes), the form
// compilers use, so editors jump to it. The command line prints it after "foliocheck: ".
#pragma once

#include <memory>
#include <stdexcept>
#include <string>

namespace fc::lang {

// How deep the front end lets a file nest: braces, parentheses, prefix operators and casts,
// and the height of an expression tree (a sum of N terms is N levels deep). Every pass that
// walks the tree (parser, constant evaluation, lowering, the condition's compiler, the tree's
// destructor) recurses once per level, so the limit keeps each of them within a small part
// of the stack, sanitizer builds included. Kernel litmus tests nest fewer than 20 levels.
constexpr int kMaxNesting = 256;

struct SrcLoc {
    int line = 1;
    int col = 1;
    // The file the position is in, set by the lexer: a file composed of parts (--with) keeps
    // each part's own name, so an error points into the part that has it.
    std::shared_ptr<const std::string> file;
};

struct LangError : std::runtime_error {
    LangError(const std::string& file, SrcLoc at, const std::string& msg)
        : std::runtime_error((at.file ? *at.file : file) + ":" + std::to_string(at.line) + ":" +
                             std::to_string(at.col) + ": " + msg),
          loc(at),
          message(msg) {}
    SrcLoc loc;
    std::string message;  // without the FILE:LINE:COL: prefix
};

}  // namespace fc::lang
