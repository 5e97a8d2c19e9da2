// fuzz/fuzz_replay_token.cpp: decode_token() on arbitrary bytes.
//
// Properties: decode_token either returns or throws TokenError with a one-line message (no
// other exception, no crash, no leak); a token it accepts re-encodes to exactly the same
// text, and that text decodes to the same token.
//
// Every input is tried twice: as a token as given, and as a payload wrapped into a token with
// a correct checksum, so that mutations get past the CRC check to the field parsing.
#include <cstdint>
#include <cstdio>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "harness/token.hpp"

namespace {

std::string b64url(const std::string& in) {
    static const char k[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (char c : in) {
        acc = (acc << 8) | static_cast<uint8_t>(c);
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += k[(acc >> bits) & 63];
        }
    }
    if (bits > 0) out += k[(acc << (6 - bits)) & 63];
    return out;
}

std::string wrap(const std::string& payload) {
    char crc[9];
    std::snprintf(crc, sizeof crc, "%08x", fc::crc32(payload));
    return "fc1." + b64url(payload) + "." + crc;
}

bool same(const fc::ReplayToken& a, const fc::ReplayToken& b) {
    const fc::RunRequest& x = a.request;
    const fc::RunRequest& y = b.request;
    return a.version == b.version && a.state == b.state && x.check == y.check && x.writer == y.writer &&
           x.pages == y.pages && x.mapcount == y.mapcount && x.order == y.order && x.barrier == y.barrier &&
           x.memory == y.memory && x.pin == y.pin && x.swapcache == y.swapcache && x.writer_mb == y.writer_mb &&
           x.writer_prefix == y.writer_prefix && x.search.mode == y.search.mode &&
           x.search.context_bound == y.search.context_bound;
}

void check_token(const std::string& token) {
    fc::ReplayToken t;
    try {
        t = fc::decode_token(token, FOLIOCHECK_VERSION);
    } catch (const fc::TokenError& e) {
        fcfuzz::require(fcfuzz::one_line(e.what()), "TokenError message is not one non-empty line",
                        fcfuzz::printable(e.what()));
        return;
    }
    fcfuzz::require(t.request.check && t.request.writer && t.request.order.has_value(), "decoded token is incomplete",
                    fcfuzz::printable(token));
    const std::string again = fc::encode_token(t);
    fcfuzz::require(again == token, "accepted token does not re-encode to itself",
                    "in:  " + fcfuzz::printable(token) + "\n  out: " + fcfuzz::printable(again));
    fc::ReplayToken t2;
    try {
        t2 = fc::decode_token(again, FOLIOCHECK_VERSION);
    } catch (const fc::TokenError& e) {
        fcfuzz::fail("re-encoded token does not decode", fcfuzz::printable(again) + ": " + e.what());
    }
    fcfuzz::require(same(t, t2), "re-encoded token decodes to a different token", fcfuzz::printable(again));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string in(reinterpret_cast<const char*>(data), size);
    check_token(in);
    check_token(wrap(in));
    return 0;
}
