// harness/search/litmus_token.cpp: see litmus_token.hpp.
#include "harness/search/litmus_token.hpp"

#include <array>
#include <cstdio>
#include <sstream>

#include "harness/search/token.hpp"

namespace fc {

namespace {

constexpr char kPrefix[] = "fcl1.";
constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string b64(const std::string& in) {
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (unsigned char c : in) {
        acc = (acc << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kB64[(acc >> bits) & 63];
        }
    }
    if (bits > 0) out += kB64[(acc << (6 - bits)) & 63];
    return out;
}

bool unb64(const std::string& in, std::string& out) {
    std::array<int, 256> rev;
    rev.fill(-1);
    for (int i = 0; i < 64; i++) rev[static_cast<unsigned char>(kB64[i])] = i;
    uint32_t acc = 0;
    int bits = 0;
    for (unsigned char c : in) {
        if (rev[c] < 0) return false;
        acc = (acc << 6) | static_cast<uint32_t>(rev[c]);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xff);
        }
    }
    return (acc & ((1u << bits) - 1)) == 0;
}

std::string hex32(uint32_t v) {
    char b[9];
    std::snprintf(b, sizeof b, "%08x", v);
    return b;
}

}  // namespace

bool is_litmus_token(const std::string& token) { return token.rfind(kPrefix, 0) == 0; }

std::string encode_litmus_token(const LoadedLitmus& l, const SearchSpec& search, const std::string& state) {
    std::ostringstream p;
    const LitmusRequest& r = l.request;
    p << "v=" << FOLIOCHECK_VERSION << "\n";
    // parts: the --with files first, the file itself last (load_litmus's order)
    for (size_t i = 0; i < l.parts.size(); i++)
        p << (i + 1 == l.parts.size() ? "file=" : "with=") << l.parts[i].hash << ":" << l.parts[i].path << "\n";
    p << "memory=" << memory_name(r.memory) << "\n";
    p << "search=" << search_name(search.mode) << "\n";
    p << "bound=" << search.context_bound << "\n";
    for (const auto& [k, v] : r.overrides.set) p << "set=" << k << "=" << v << "\n";
    if (r.overrides.pages) p << "pages=" << *r.overrides.pages << "\n";
    if (r.overrides.design) p << "mapcount=" << mapcount_name(*r.overrides.design) << "\n";
    if (r.overrides.pins) p << "pins=" << *r.overrides.pins << "\n";
    if (r.overrides.swapcache) p << "swapcache=" << (*r.overrides.swapcache ? 1 : 0) << "\n";
    p << "state=" << state << "\n";
    const std::string payload = p.str();
    return kPrefix + b64(payload) + "." + hex32(crc32(payload));
}

LitmusReplay decode_litmus_token(const std::string& token) {
    const char* bad = "malformed scenario replay token; copy the whole 'replay:' line of a litmus run";
    if (!is_litmus_token(token) || token.size() > (1u << 20)) throw TokenError(bad);
    const std::string body = token.substr(sizeof(kPrefix) - 1);
    const size_t dot = body.rfind('.');
    if (dot == std::string::npos) throw TokenError(bad);
    std::string payload;
    if (!unb64(body.substr(0, dot), payload)) throw TokenError(bad);
    if (hex32(crc32(payload)) != body.substr(dot + 1))
        throw TokenError("scenario replay token checksum mismatch: the token was altered or truncated");
    LitmusReplay out;
    out.request.search.mode = SearchMode::reduced;
    std::istringstream in(payload);
    std::string line;
    bool have_file = false, have_state = false, have_version = false;
    while (std::getline(in, line)) {
        const size_t eq = line.find('=');
        if (eq == std::string::npos) throw TokenError(bad);
        const std::string k = line.substr(0, eq), v = line.substr(eq + 1);
        try {
            if (k == "v") {
                if (v != FOLIOCHECK_VERSION)
                    throw TokenError("replay token from foliocheck " + v + ", this is " + FOLIOCHECK_VERSION +
                                     "; rerun the litmus command with this version");
                have_version = true;
            } else if (k == "file" || k == "with") {
                const size_t colon = v.find(':');
                if (colon == std::string::npos) throw TokenError(bad);
                const std::string hash = v.substr(0, colon), path = v.substr(colon + 1);
                lang::ScenarioFile f;
                try {
                    f = lang::load_scenario_file(path);
                } catch (const std::exception& e) {
                    throw TokenError("cannot replay: " + std::string(e.what()));
                }
                if (f.hash != hash)
                    throw TokenError("scenario file '" + path + "' changed since this token was made (content hash " +
                                     f.hash + ", token " + hash + "); rerun foliocheck litmus on it");
                if (k == "file") {
                    out.request.file = path;
                    have_file = true;
                } else {
                    out.request.with.push_back(path);
                }
            } else if (k == "memory") {
                if (!parse_memory(v, out.request.memory)) throw TokenError(bad);
            } else if (k == "search") {
                // Scenario files never run the cached search (harness/cli/cmd_litmus.cpp).
                if (!parse_search_mode(v, out.request.search.mode) || out.request.search.mode == SearchMode::cached)
                    throw TokenError(bad);
            } else if (k == "bound") {
                out.request.search.context_bound = static_cast<unsigned>(std::stoul(v));
            } else if (k == "set") {
                const size_t e2 = v.find('=');
                if (e2 == std::string::npos) throw TokenError(bad);
                out.request.overrides.set[v.substr(0, e2)] = std::stoi(v.substr(e2 + 1));
            } else if (k == "pages") {
                out.request.overrides.pages = std::stoi(v);
            } else if (k == "mapcount") {
                MapcountDesign d;
                if (!parse_mapcount(v, d)) throw TokenError(bad);
                out.request.overrides.design = d;
            } else if (k == "pins") {
                out.request.overrides.pins = std::stoi(v);
            } else if (k == "swapcache") {
                out.request.overrides.swapcache = v == "1";
            } else if (k == "state") {
                out.state = v;
                have_state = true;
            } else {
                throw TokenError(bad);
            }
        } catch (const std::logic_error&) {  // stoi/stoul
            throw TokenError(bad);
        }
    }
    if (!have_file || !have_state || !have_version || out.state.empty()) throw TokenError(bad);
    return out;
}

}  // namespace fc
