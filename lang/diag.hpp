// lang/diag.hpp: positions in a scenario file and the one error a malformed file gets.
//
// Every problem the front end finds is a LangError whose what() reads
// "FILE:LINE:COL: what is wrong" (lines and columns 1-based, columns in bytes), the form
// compilers use, so editors jump to it. The command line prints it after "foliocheck: ".
#pragma once

#include <stdexcept>
#include <string>

namespace fc::lang {

struct SrcLoc {
    int line = 1;
    int col = 1;
};

struct LangError : std::runtime_error {
    LangError(const std::string& file, SrcLoc at, const std::string& msg)
        : std::runtime_error(file + ":" + std::to_string(at.line) + ":" + std::to_string(at.col) + ": " + msg),
          loc(at),
          message(msg) {}
    SrcLoc loc;
    std::string message;  // without the FILE:LINE:COL: prefix
};

}  // namespace fc::lang
