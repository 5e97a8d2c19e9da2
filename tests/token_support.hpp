// tests/token_support.hpp: forging replay tokens in tests. A token's state is a list of
// numbers (a Relacy schedule, or the exact engine's execution state); these read it, and
// re-encode an edited one with a correct checksum, as a user pasting a hand-edited token would.
#pragma once

#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "harness/search/token.hpp"

namespace fc::test {

inline std::vector<uint64_t> numbers(const std::string& state) {
    std::istringstream s(state);
    std::vector<uint64_t> v;
    uint64_t n;
    while (s >> n) v.push_back(n);
    return v;
}

inline std::string state_of(const std::vector<uint64_t>& v) {
    std::string s;
    for (uint64_t n : v) s += std::to_string(n) + " ";
    return s;
}

inline std::string forge(ReplayToken t, const std::vector<uint64_t>& state) {
    t.state = state_of(state);
    return encode_token(t);
}

}  // namespace fc::test
