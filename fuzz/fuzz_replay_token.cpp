// fuzz/fuzz_replay_token.cpp: decode_token() and replay_run() on arbitrary tokens.
//
// Properties:
//   decoding:  decode_token either returns or throws TokenError with a one-line message (no
//              other exception, no crash, no leak); a token it accepts re-encodes to exactly
//              the same text, and that text decodes to the same token.
//   replaying: every accepted token is REPLAYED (replay_run, as `foliocheck replay` does):
//              either the replay refuses it with a one-line TokenError, or it runs exactly one
//              execution, without an internal error, and that execution violates the check.
//              A forged schedule that made Relacy read past its buffers is an ASan finding here.
//
// Every input is tried twice: as a token as given, and as a payload wrapped into a token with
// a correct checksum, so that mutations get past the CRC check to the field parsing.
//
// Structured mutator (LLVMFuzzerCustomMutator, used by libFuzzer and by fuzz/corpus_main.cpp):
// it decodes a token (or payload) into its header fields and its scheduler numbers, changes
// the schedule as a forger would (an entry's count, index or kind; entries inserted, dropped,
// duplicated or swapped; the entry count field; the iteration), or a header field to another
// valid value (memory, search mode, pages, order, context bound), and re-encodes it with a
// correct checksum. Byte-level mutations (libFuzzer's own) are kept for a quarter of the calls.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "harness/search/token.hpp"

extern "C" __attribute__((weak)) size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t max_size);

namespace {

const char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string b64url(const std::string& in) {
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (char c : in) {
        acc = (acc << 8) | static_cast<uint8_t>(c);
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kB64[(acc >> bits) & 63];
        }
    }
    if (bits > 0) out += kB64[(acc << (6 - bits)) & 63];
    return out;
}

bool b64url_decode(const std::string& in, std::string& out) {
    uint32_t acc = 0;
    int bits = 0;
    for (char c : in) {
        const char* p = std::strchr(kB64, c);
        if (!p || !c) return false;
        acc = (acc << 6) | static_cast<uint32_t>(p - kB64);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xff);
        }
    }
    return true;
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

void check_replay(const fc::ReplayToken& t, const std::string& token) {
    fc::RunResult r;
    try {
        r = fc::replay_run(t.request, t.state, false);
    } catch (const fc::TokenError& e) {
        fcfuzz::require(fcfuzz::one_line(e.what()), "replay refusal is not one non-empty line",
                        fcfuzz::printable(e.what()));
        return;
    }
    fcfuzz::require(r.internal_error.empty(), "replay of an accepted token failed inside",
                    fcfuzz::printable(token) + ": " + r.internal_error);
    fcfuzz::require(r.executions == 1, "replay did not run exactly one execution", fcfuzz::printable(token));
    fcfuzz::require(r.verdict == fc::Verdict::violation && r.counterexample.has_value(),
                    "replay of an accepted token does not violate (a forged token passed as a counterexample)",
                    fcfuzz::printable(token));
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
    check_replay(t, token);
}

// ---- the structured mutator ----

struct Parsed {
    std::vector<std::string> fields;  // the '|' fields before the NUL
    std::vector<uint64_t> nums;       // the scheduler state
};

bool parse_payload(const std::string& p, Parsed& out) {
    const size_t nul = p.find('\0');
    if (nul == std::string::npos) return false;
    out.fields.clear();
    std::string cur;
    for (size_t i = 0; i < nul; i++) {
        if (p[i] == '|') {
            out.fields.push_back(cur);
            cur.clear();
        } else {
            cur += p[i];
        }
    }
    out.fields.push_back(cur);
    out.nums.clear();
    uint64_t v = 0;
    int shift = 0;
    for (size_t i = nul + 1; i < p.size(); i++) {
        const uint8_t b = static_cast<uint8_t>(p[i]);
        if (shift < 64) v |= uint64_t(b & 0x7f) << shift;
        shift += 7;
        if (!(b & 0x80)) {
            out.nums.push_back(v);
            v = 0;
            shift = 0;
        }
    }
    return true;
}

std::string serialize(const Parsed& p) {
    std::string s;
    for (size_t i = 0; i < p.fields.size(); i++) s += (i ? "|" : "") + p.fields[i];
    s += '\0';
    for (uint64_t n : p.nums) {
        do {
            uint8_t b = n & 0x7f;
            n >>= 7;
            if (n) b |= 0x80;
            s += static_cast<char>(b);
        } while (n);
    }
    return s;
}

// A token ("fc1.<b64>.<crc>") or a raw payload, as the target reads its input.
bool parse_input(const std::string& in, Parsed& out, bool& was_token) {
    was_token = in.compare(0, 4, "fc1.") == 0;
    if (!was_token) return parse_payload(in, out);
    const size_t dot = in.find('.', 4);
    std::string payload;
    if (dot == std::string::npos || !b64url_decode(in.substr(4, dot - 4), payload)) return false;
    return parse_payload(payload, out);
}

struct Rng {
    uint64_t s;
    uint64_t next() {
        uint64_t z = (s += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    size_t below(size_t n) { return n ? static_cast<size_t>(next() % n) : 0; }
};

// Numbers a forger tries: the edges of every range Relacy and the decoder care about.
uint64_t edge(Rng& r) {
    static const uint64_t k[] = {0, 1, 2, 3, 4, 5, 63, 64, 65, 255, 256, 4294967295ull, 4294967296ull, ~0ull};
    return r.below(3) ? r.below(6) : k[r.below(sizeof k / sizeof k[0])];
}

void mutate_schedule(std::vector<uint64_t>& n, Rng& r) {
    const size_t entries = n.size() > 2 ? (n.size() - 2) / 3 : 0;
    const size_t e = 2 + 3 * r.below(entries ? entries : 1);
    switch (r.below(10)) {
    case 0:  // an entry's count
    case 1:  // an entry's index
    case 2:  // an entry's kind
        if (e + 2 < n.size()) n[e + r.below(3)] = edge(r);
        break;
    case 3:  // flip a choice within its count, the likeliest forgery
        if (e + 2 < n.size() && n[e] >= 2) n[e + 1] = (n[e + 1] + 1 + r.below(n[e] - 1)) % n[e];
        break;
    case 4:  // drop entries from the end (keeping the count field consistent half the time)
        if (n.size() >= 5) {
            n.resize(n.size() - 3);
            if (r.below(2) && n.size() >= 2) n[1] = (n.size() - 2) / 3;
        }
        break;
    case 5:  // append an entry
        n.push_back(edge(r));
        n.push_back(edge(r));
        n.push_back(r.below(5));
        if (r.below(2) && n.size() >= 2) n[1] = (n.size() - 2) / 3;
        break;
    case 6:  // duplicate or swap entries
        if (e + 2 < n.size()) {
            const size_t f = 2 + 3 * r.below(entries);
            if (r.below(2)) {
                for (int k = 0; k < 3; k++) std::swap(n[e + static_cast<size_t>(k)], n[f + static_cast<size_t>(k)]);
            } else {
                n.insert(n.begin() + static_cast<std::ptrdiff_t>(e), n.begin() + static_cast<std::ptrdiff_t>(f),
                         n.begin() + static_cast<std::ptrdiff_t>(f + 3));
                n[1] += 1;
            }
        }
        break;
    case 7:  // the entry count field
        if (n.size() >= 2) n[1] = edge(r);
        break;
    case 8:  // the iteration (random search: the seed)
        if (!n.empty()) n[0] = r.below(2) ? edge(r) : r.below(100000);
        break;
    case 9:  // an empty or tiny schedule
        n.resize(r.below(3));
        break;
    }
}

void mutate_header(std::vector<std::string>& f, Rng& r) {
    if (f.size() != 15) return;
    static const char* const memory[] = {"sc", "lkmm", "c11", "relaxed"};
    static const char* const mode[] = {"full", "reduced", "bound", "random"};
    static const char* const order[] = {"ref-first", "map-first"};
    switch (r.below(5)) {
    case 0: f[8] = memory[r.below(3)]; break;
    case 1: f[11] = mode[r.below(4)]; break;
    case 2: f[4] = std::to_string(1 + r.below(4)); break;
    case 3: f[6] = order[r.below(2)]; break;
    case 4: f[12] = std::to_string(r.below(4)); break;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string in(reinterpret_cast<const char*>(data), size);
    check_token(in);
    check_token(wrap(in));
    return 0;
}

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size, unsigned int seed) {
    Rng r{seed};
    Parsed p;
    bool token = false;
    const std::string in(reinterpret_cast<const char*>(data), size);
    if ((r.below(4) == 0 || !parse_input(in, p, token)) && LLVMFuzzerMutate)
        return LLVMFuzzerMutate(data, size, max_size);
    if (!parse_input(in, p, token)) return size;
    const int steps = 1 + static_cast<int>(r.below(3));
    for (int k = 0; k < steps; k++) {
        if (r.below(5) == 0) mutate_header(p.fields, r);
        else mutate_schedule(p.nums, r);
    }
    const std::string payload = serialize(p);
    const std::string out = token ? wrap(payload) : payload;
    if (out.size() > max_size) return size;
    std::memcpy(data, out.data(), out.size());
    return out.size();
}
