// harness/search/litmus_token.hpp: replay tokens for scenario files. Besides Relacy's scheduler
// state they name the file (and its --with parts) by path AND content hash, so a token
// refuses to replay once a file has changed. Format: "fcl1." base64url(payload) "." crc32.
// `foliocheck replay` dispatches on the prefix (fc1. tokens are harness/search/token.*).
#pragma once

#include <string>

#include "harness/search/litmus_run.hpp"

namespace fc {

std::string encode_litmus_token(const LoadedLitmus& l, const SearchSpec& search, const std::string& state);
bool is_litmus_token(const std::string& token);

struct LitmusReplay {
    LitmusRequest request;
    std::string state;
};
// Throws TokenError (harness/search/token.hpp) with one line: malformed, altered, foreign version,
// or a file that changed or cannot be read.
LitmusReplay decode_litmus_token(const std::string& token);

}  // namespace fc
