// model/lkmm/replay.cpp: replay states of the exact engine (see replay.hpp).
#include "model/lkmm/replay.hpp"

#include <sstream>
#include <vector>

namespace fc::lkmm {

namespace {

// Reads at most this many numbers: a forged count must not make the parser allocate for it.
constexpr uint64_t kMaxStateEvents = 1u << 22;

bool parse(const std::string& state, std::vector<uint64_t>& out, std::string& problem) {
    std::istringstream in(state);
    uint64_t n = 0;
    if (!(in >> n) || n == 0 || n > kMaxStateEvents) {
        problem = "the execution's event count is missing or impossible";
        return false;
    }
    uint64_t v = 0;
    while (in >> v) {
        if (out.size() == n) {
            problem = "more entries than its event count";
            return false;
        }
        out.push_back(v);
    }
    if (!in.eof()) {
        problem = "an entry is not a number";
        return false;
    }
    if (out.size() != n) {
        problem = "fewer entries than its event count";
        return false;
    }
    return true;
}

}  // namespace

std::string execution_state(const Encoding& enc, const z3::model& m) {
    std::string s = std::to_string(enc.ev.size());
    const ModelChoices chosen = model_choices(enc, m);
    for (size_t i = 0; i < enc.ev.size(); i++) {
        const SymEvent& e = enc.ev[i];
        uint64_t v = 0;
        if (chosen.ran[i]) {
            v = 1;
            if (e.ev.type == EvType::read) {
                if (chosen.source[i] >= 0) v = 1 + static_cast<uint64_t>(chosen.source[i]);
            } else if (e.ev.type == EvType::write || e.ev.type == EvType::init) {
                v = 1 + static_cast<uint64_t>(chosen.clock[i]);
            }
        }
        s += " " + std::to_string(v);
    }
    return s;
}

std::string state_shape_problem(const std::string& state) {
    std::vector<uint64_t> v;
    std::string problem;
    return parse(state, v, problem) ? "" : problem;
}

bool replay_constraints(const Encoding& enc, const std::string& state, z3::expr_vector& out, std::string& problem) {
    std::vector<uint64_t> v;
    if (!parse(state, v, problem)) return false;
    if (v.size() != enc.ev.size()) {
        problem = "it names an execution of " + std::to_string(v.size()) + " events; this scenario encodes " +
                  std::to_string(enc.ev.size());
        return false;
    }
    for (size_t i = 0; i < v.size(); i++) {
        const SymEvent& e = enc.ev[i];
        if (v[i] == 0) {
            out.push_back(!e.guard);
            continue;
        }
        out.push_back(e.guard);
        const uint64_t x = v[i] - 1;
        const bool read = e.ev.type == EvType::read;
        const bool write = e.ev.type == EvType::write || e.ev.type == EvType::init;
        if (read && x >= e.picks.size()) {
            problem = "event " + std::to_string(i + 1) + " reads from candidate " + std::to_string(x + 1) + " of " +
                      std::to_string(e.picks.size());
            return false;
        }
        if (write && (enc.clock_bits >= 64 || x >= (uint64_t(1) << enc.clock_bits))) {
            problem = "event " + std::to_string(i + 1) + " has coherence position " + std::to_string(x) +
                      ", beyond the location's writes";
            return false;
        }
        if (!read && !write && x != 0) {
            problem = "event " + std::to_string(i + 1) + " is neither a read nor a write but names a choice";
            return false;
        }
        if (read) out.push_back(e.picks[x]);
        if (write) out.push_back(e.clk == enc.ctx.bv_val(x, enc.clock_bits));
    }
    return true;
}

}  // namespace fc::lkmm
