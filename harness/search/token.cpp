// harness/search/token.cpp: replay token encoding (see token.hpp).
#include "harness/search/token.hpp"

#include <array>
#include <cstdio>
#include <sstream>
#include <vector>

#include "checks/kernels.hpp"
#include "harness/search/engine_choice.hpp"
#include "harness/search/input.hpp"
#include "model/lkmm/replay.hpp"

namespace fc {

namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr size_t kMaxToken = 1 << 20;

std::string b64_encode(const std::string& in) {
    std::string out;
    size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8) | uint8_t(in[i + 2]);
        out += kB64[(v >> 18) & 63];
        out += kB64[(v >> 12) & 63];
        out += kB64[(v >> 6) & 63];
        out += kB64[v & 63];
    }
    if (i + 1 == in.size()) {
        const uint32_t v = uint8_t(in[i]) << 16;
        out += kB64[(v >> 18) & 63];
        out += kB64[(v >> 12) & 63];
    } else if (i + 2 == in.size()) {
        const uint32_t v = (uint8_t(in[i]) << 16) | (uint8_t(in[i + 1]) << 8);
        out += kB64[(v >> 18) & 63];
        out += kB64[(v >> 12) & 63];
        out += kB64[(v >> 6) & 63];
    }
    return out;
}

bool b64_decode(const std::string& in, std::string& out) {
    std::array<int, 256> rev;
    rev.fill(-1);
    for (int i = 0; i < 64; i++) rev[static_cast<uint8_t>(kB64[i])] = i;
    if (in.size() % 4 == 1) return false;
    uint32_t acc = 0;
    int bits = 0;
    for (char c : in) {
        const int v = rev[static_cast<uint8_t>(c)];
        if (v < 0) return false;
        acc = (acc << 6) | static_cast<uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xff);
        }
    }
    // The bits left over must be zero, as b64_encode leaves them: one payload, one spelling.
    return (acc & ((1u << bits) - 1)) == 0;
}

void put_varint(std::string& out, uint64_t v) {
    do {
        uint8_t b = v & 0x7f;
        v >>= 7;
        if (v) b |= 0x80;
        out += static_cast<char>(b);
    } while (v);
}

bool get_varint(const std::string& in, size_t& pos, uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= in.size()) return false;
        const uint8_t b = static_cast<uint8_t>(in[pos++]);
        if (shift == 63 && b > 1) return false;  // more than 64 bits
        v |= uint64_t(b & 0x7f) << shift;
        if (!(b & 0x80)) return b != 0 || shift == 0;  // a final 0 byte: overlong, not as put_varint writes it
    }
    return false;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> parts;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            parts.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    parts.push_back(cur);
    return parts;
}

const char* mode_code(SearchMode m) { return search_name(m); }

std::string also_text(const std::vector<ExtraWriter>& also) {
    std::string s;
    for (const ExtraWriter& x : also)
        s +=
            (s.empty() ? "" : ";") + std::string(x.writer->name) + (x.range.first < 0 ? "" : ":" + range_text(x.range));
    return s.empty() ? "-" : s;
}

std::string mms_text(const std::vector<PageRange>& mms) {
    std::string s;
    for (const PageRange& m : mms) s += (s.empty() ? "" : ";") + range_text(m);
    return s.empty() ? "-" : s;
}

// A number field exactly as encode_token writes it: decimal digits, no sign, no space, no
// leading zero, at most `max`. (std::stoi would also take " 2", "+2" or "2junk".)
bool number_field(const std::string& s, unsigned long max, unsigned long& out) {
    if (s.empty() || s.size() > 9 || (s.size() > 1 && s[0] == '0')) return false;
    out = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return false;
        out = out * 10 + static_cast<unsigned long>(c - '0');
    }
    return out <= max;
}

}  // namespace

std::string schedule_shape_problem(const std::string& state, SearchMode mode) {
    std::istringstream in(state);
    std::vector<uint64_t> nums;
    uint64_t v;
    while (in >> v) nums.push_back(v);
    in.clear();
    std::string rest;
    if (in >> rest) return "the schedule holds something other than numbers";
    if (mode == SearchMode::random)
        return nums.size() == 1 && nums[0] != UINT64_MAX ? "" : "a random-search state is one iteration number";
    // (size - 2) / 3, not 2 + 3 * n: a huge n would wrap around and pass.
    if (nums.size() < 2 || (nums.size() - 2) % 3 != 0 || (nums.size() - 2) / 3 != nums[1])
        return "the schedule's length does not match its entry count";
    return "";
}

uint32_t crc32(const std::string& data) {
    uint32_t crc = 0xffffffffu;
    for (char ch : data) {
        crc ^= static_cast<uint8_t>(ch);
        for (int k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

std::string encode_token(const ReplayToken& t) {
    const RunRequest& q = t.request;
    std::ostringstream f;
    f << "fc1|" << t.version << "|" << q.check->name << "|" << q.writer->name << "|" << q.pages << "|"
      << mapcount_name(q.mapcount) << "|" << read_order_name(q.effective_order()) << "|"
      << reader_barrier_name(q.barrier) << "|" << memory_name(q.memory) << "|" << (q.pin ? 1 : 0) << "|"
      << (q.swapcache ? 1 : 0) << "|" << mode_code(q.search.mode) << "|" << q.search.context_bound << "|"
      << (q.writer_mb ? 1 : 0) << "|" << q.writer_prefix << "|"
      << (q.range.first < 0 ? std::string("all") : range_text(q.range)) << "|" << mms_text(q.other_mms) << "|" << q.pins
      << "|" << pin_kind_name(q.pin_kind) << "|" << (q.ptep_flush_mb ? "mb" : "plain") << "|" << (q.what_if ? 1 : 0)
      << "|" << (q.kernel.empty() ? "-" : q.kernel) << "|" << also_text(q.also) << "|" << (q.own_ref_taken ? 1 : 0);
    std::string payload = f.str();
    payload += '\0';
    std::istringstream st(t.state);
    uint64_t n;
    while (st >> n) put_varint(payload, n);
    char crc[9];
    std::snprintf(crc, sizeof crc, "%08x", crc32(payload));
    return "fc1." + b64_encode(payload) + "." + crc;
}

ReplayToken decode_token(const std::string& token, const std::string& expected_version) {
    const std::string fix = "; copy the whole token from the 'replay:' line of a foliocheck run";
    if (token.size() > kMaxToken) throw TokenError("replay token is too long to be one of ours" + fix);
    const std::vector<std::string> parts = split(token, '.');
    if (parts.size() != 3 || parts[0] != "fc1")
        throw TokenError("not a foliocheck replay token (expected fc1.<data>.<checksum>)" + fix);
    std::string payload;
    if (!b64_decode(parts[1], payload)) throw TokenError("replay token is damaged (bad characters or length)" + fix);
    char crc[9];
    std::snprintf(crc, sizeof crc, "%08x", crc32(payload));
    if (parts[2] != crc) throw TokenError("replay token checksum mismatch: it is truncated or altered" + fix);
    const size_t nul = payload.find('\0');
    if (nul == std::string::npos) throw TokenError("replay token is damaged (no state)" + fix);
    const std::vector<std::string> f = split(payload.substr(0, nul), '|');
    if (f.size() != 24 || f[0] != "fc1") throw TokenError("replay token is damaged (wrong field count)" + fix);
    ReplayToken t;
    t.version = f[1];
    if (t.version != expected_version)
        throw TokenError("replay token is from foliocheck " + escape_controls(t.version.substr(0, 40)) + ", this is " +
                         expected_version + "; replay it with that version, or re-run the check to get a new token");
    RunRequest& q = t.request;
    q.check = find_check(f[2]);
    q.writer = find_writer(f[3]);
    if (!q.check || !q.writer) throw TokenError("replay token names an unknown check or writer" + fix);
    unsigned long n = 0;
    if (!number_field(f[4], kMaxPages, n)) throw TokenError("replay token is damaged (pages)" + fix);
    q.pages = static_cast<int>(n);
    ReadOrder order;
    ReaderBarrier barrier;
    Memory memory;
    if (!parse_mapcount(f[5], q.mapcount) || !parse_read_order(f[6], order) || order == ReadOrder::either ||
        !parse_reader_barrier(f[7], barrier) || !parse_memory(f[8], memory) || (f[9] != "0" && f[9] != "1") ||
        (f[10] != "0" && f[10] != "1"))
        throw TokenError("replay token is damaged (scenario fields)" + fix);
    q.order = order;
    q.barrier = barrier;
    q.memory = memory;
    q.pin = f[9] == "1";
    q.swapcache = f[10] == "1";
    if (f[13] != "0" && f[13] != "1") throw TokenError("replay token is damaged (writer barrier field)" + fix);
    q.writer_mb = f[13] == "1";
    if (!number_field(f[14], 10000, n)) throw TokenError("replay token is damaged (writer prefix)" + fix);
    q.writer_prefix = static_cast<int>(n);
    try {
        if (f[15] != "all") q.range = parse_page_range("range", f[15]);
        if (f[16] != "-")
            for (const std::string& m : split(f[16], ';')) q.other_mms.push_back(parse_page_range("mms", m));
    } catch (const UsageError&) {
        throw TokenError("replay token is damaged (ranges)" + fix);
    }
    if (!number_field(f[17], kMaxPages, n) || (f[9] == "1" && n == 0) || !parse_pin_kind(f[18], q.pin_kind) ||
        (f[19] != "mb" && f[19] != "plain") || (f[20] != "0" && f[20] != "1") || (f[21] != "-" && !find_kernel(f[21])))
        throw TokenError("replay token is damaged (pin, flush, what-if or kernel fields)" + fix);
    q.pins = static_cast<int>(n);
    q.ptep_flush_mb = f[19] == "mb";
    q.what_if = f[20] == "1";
    q.kernel = f[21] == "-" ? "" : f[21];
    if (f[23] != "0" && f[23] != "1") throw TokenError("replay token is damaged (own-ref field)" + fix);
    q.own_ref_taken = f[23] == "1";
    if (f[22] != "-") {
        for (const std::string& a : split(f[22], ';')) {
            try {
                q.also.push_back(parse_also(a, q));
            } catch (const UsageError&) {
                throw TokenError("replay token is damaged (further writers)" + fix);
            }
        }
    }
    if (!parse_search_mode(f[11], q.search.mode)) throw TokenError("replay token is damaged (search mode)" + fix);
    if (!number_field(f[12], 20, n)) throw TokenError("replay token is damaged (context bound)" + fix);
    q.search.context_bound = static_cast<unsigned>(n);
    const std::string problem = validate_config(scenario_config(q, order));
    if (!problem.empty()) throw TokenError("replay token describes an impossible scenario: " + problem);
    std::ostringstream st;
    size_t pos = nul + 1;
    bool first = true;
    while (pos < payload.size()) {
        uint64_t v;
        if (!get_varint(payload, pos, v)) throw TokenError("replay token is damaged (state)" + fix);
        st << (first ? "" : " ") << v;
        first = false;
    }
    if (first) throw TokenError("replay token has an empty schedule" + fix);
    // Relacy trusts its state string: check every entry against the scenario before handing it
    // over (Relacy's format: relacy/full_search_scheduler.hpp get_state_impl; the choice kinds:
    // rl::sched_type in relacy/defs.hpp). The replay then checks each entry against the choice
    // Relacy actually asks for (model/replay_scheduler.hpp).
    std::istringstream chk(st.str());
    std::vector<uint64_t> nums;
    uint64_t v;
    while (chk >> v) nums.push_back(v);
    if (exact_replay(q.memory)) {
        // The exact engine's execution state (model/lkmm/replay.hpp): its form here, each
        // entry against the scenario's encoding when it replays.
        const std::string shape = lkmm::state_shape_problem(st.str());
        if (!shape.empty()) throw TokenError("replay token is damaged (execution state: " + shape + ")" + fix);
    } else if (q.search.mode == SearchMode::random) {
        // Only the iteration, which seeds Relacy's generator; the replay runs exactly one.
        if (nums.size() != 1 || nums[0] == UINT64_MAX)
            throw TokenError("replay token is damaged (random-search state)" + fix);
    } else {
        // (size - 2) / 3, not 2 + 3 * n: a huge n would wrap around and pass.
        if (nums.size() < 2 || (nums.size() - 2) % 3 != 0 || (nums.size() - 2) / 3 != nums[1])
            throw TokenError("replay token is damaged (schedule length)" + fix);
        BuiltScenario b;
        build_scenario(scenario_config(q, order), b);
        const uint64_t cpus = b.engine.cpus.size();
        for (size_t i = 2; i < nums.size(); i += 3) {
            const uint64_t count = nums[i], index = nums[i + 1], type = nums[i + 2];
            bool ok = index < count;
            switch (type) {
            case 0:  // sched_type_sched: which running CPU goes next; asked only when 2+ run
                ok = ok && count >= 2 && count <= cpus && (i != 2 || count == cpus);
                break;
            case 1:  // sched_type_atomic_load: this store or an older one (relacy/thread.hpp)
                ok = ok && count == 2 && i != 2;
                break;
            case 2:  // sched_type_cas_fail: spurious CAS failure (relacy/atomic.hpp)
            case 3:  // sched_type_mem_realloc: (relacy/context.hpp)
                ok = ok && (count == 2 || count == 4) && i != 2;
                break;
            default:  // sched_type_user (rl::rand): foliocheck's programs never ask for one
                ok = false;
            }
            if (!ok)
                throw TokenError("replay token's schedule entry " + std::to_string((i - 2) / 3 + 1) + " (" +
                                 std::to_string(index) + " of " + std::to_string(count) + ", kind " +
                                 std::to_string(type) + ") is impossible for this " + std::to_string(cpus) +
                                 "-CPU scenario" + fix);
        }
    }
    t.state = st.str() + " ";
    return t;
}

}  // namespace fc
