// harness/search/token.hpp: replay tokens. A token names one execution exactly: the scenario (check,
// writer, pages, mapcount design, resolved reader order, barrier, memory, pin, swapcache), the
// search mode that found it, Relacy's scheduler state (thread and stale-read choices), and
// the foliocheck version. `foliocheck replay TOKEN` re-executes it without searching.
//
// Format: "fc1." base64url(payload) "." crc32(payload) in hex. The payload is the fields as
// text separated by '|', then a NUL, then the scheduler state's numbers as LEB128 varints.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "harness/search/runner.hpp"

namespace fc {

struct TokenError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct ReplayToken {
    std::string version;
    RunRequest request;  // order set to the resolved order; search mode and bound set
    std::string state;   // Relacy's "<iteration> <scheduler state>"
};

std::string encode_token(const ReplayToken& t);
// Throws TokenError with one line naming what is wrong (malformed, truncated, foreign version).
ReplayToken decode_token(const std::string& token, const std::string& expected_version);

uint32_t crc32(const std::string& data);

// "" if `state` has the shape of Relacy's scheduler state for `mode` (random: one number, the
// iteration; the tree schedulers: "<iteration> <n>" and n entries of three numbers), else
// what is wrong. Relacy's set_state_impl trusts n: a forged n of 10^12 would make it build
// that many nodes. Every replay path checks this before Relacy sees the state.
std::string schedule_shape_problem(const std::string& state, SearchMode mode);

}  // namespace fc
