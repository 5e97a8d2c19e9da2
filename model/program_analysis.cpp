// model/program_analysis.cpp: see program_analysis.hpp.
#include "model/program_analysis.hpp"

namespace fc {

namespace {

std::string assign_slots(const EngineScenario& s, ProgramAnalysis& a) {
    const size_t nlocs = s.init.value.size();
    a.slot_of.assign(nlocs, -1);
    a.slot_loc.clear();
    std::vector<bool> touched(nlocs, false);
    for (const Program& p : s.cpus)
        for (const Insn& in : p.code) {
            if (in.op != Op::prim) continue;
            const PrimKind k = prim_info(in.prim).kind;
            if (k == PrimKind::fence) continue;
            if (k == PrimKind::lock) {
                if (in.loc >= s.nlocks)
                    return "a lock primitive names spinlock " + std::to_string(in.loc) + " of " +
                           std::to_string(s.nlocks);
                continue;
            }
            if (in.loc >= nlocs)
                return "an instruction names location " + std::to_string(in.loc) + " of " + std::to_string(nlocs);
            touched[in.loc] = true;
        }
    for (size_t loc = 0; loc < nlocs; loc++) {
        if (!touched[loc]) continue;
        if (a.nslots() >= ProgramAnalysis::kMaxSlots)
            return "more than " + std::to_string(ProgramAnalysis::kMaxSlots) + " locations";
        a.slot_of[loc] = a.nslots();
        a.slot_loc.push_back(static_cast<int>(loc));
    }
    return "";
}

void compute_remaining(const EngineScenario& s, ProgramAnalysis& a) {
    const size_t words = static_cast<size_t>(a.nslots() + 63) / 64 + (a.nslots() == 0 ? 1 : 0);
    a.mask_words = words;
    for (size_t c = 0; c < static_cast<size_t>(kRelacyMaxCpus); c++) {
        const std::vector<Insn> none;
        const std::vector<Insn>& code = c < s.cpus.size() ? s.cpus[c].code : none;
        std::vector<uint64_t>& reads = a.rem_read[c];
        std::vector<uint64_t>& writes = a.rem_write[c];
        reads.assign((code.size() + 1) * words, 0);
        writes.assign((code.size() + 1) * words, 0);
        for (size_t i = code.size(); i-- > 0;) {
            for (size_t w = 0; w < words; w++) {
                reads[i * words + w] = reads[(i + 1) * words + w];
                writes[i * words + w] = writes[(i + 1) * words + w];
            }
            const Insn& in = code[i];
            if (in.op != Op::prim) continue;
            const PrimKind k = prim_info(in.prim).kind;
            if (k == PrimKind::fence || k == PrimKind::lock) continue;
            const int slot = a.slot_of[in.loc];
            const uint64_t bit = uint64_t(1) << (slot & 63);
            const size_t at = i * words + static_cast<size_t>(slot) / 64;
            reads[at] |= bit;  // a store reads nothing, but a mask too large is only less reduction
            if (k != PrimKind::load) writes[at] |= bit;
        }
    }
}

// A register is live at pc if some path from pc reads it before writing it, or reaches the end
// without writing it and the judge reads it. Branches only jump forward, so one backward pass
// is exact for this dataflow. Leaving dead registers out of the state key is sound: no later
// step and not the judge can tell two states apart that differ only in them.
void compute_liveness(const EngineScenario& s, ProgramAnalysis& a) {
    a.uses_stamps = false;
    for (size_t c = 0; c < static_cast<size_t>(kRelacyMaxCpus); c++) {
        const std::vector<Insn> none;
        const std::vector<Insn>& code = c < s.cpus.size() ? s.cpus[c].code : none;
        const size_t n = code.size();
        std::vector<uint64_t>& live = a.live[c];
        std::vector<uint8_t>& stamps = a.stamps_ahead[c];
        live.assign(n + 1, 0);
        stamps.assign(n + 1, 0);
        live[n] = c < s.judge_regs.size() ? s.judge_regs[c] : ~uint64_t(0);
        auto bit = [](int r) { return r >= 0 ? uint64_t(1) << r : uint64_t(0); };
        for (size_t i = n; i-- > 0;) {
            const Insn& in = code[i];
            uint64_t out = live[i + 1];
            stamps[i] = stamps[i + 1];
            const bool branch = in.op == Op::jz || in.op == Op::jnz || in.op == Op::jne || in.op == Op::jmp;
            if (branch) {
                const size_t t = static_cast<size_t>(in.target) <= n ? static_cast<size_t>(in.target) : n;
                out = in.op == Op::jmp ? live[t] : out | live[t];
                stamps[i] = in.op == Op::jmp ? stamps[t] : static_cast<uint8_t>(stamps[i] | stamps[t]);
            }
            uint64_t use = 0, def = 0;
            switch (in.op) {
            case Op::prim:
                use = bit(in.src) | bit(in.src2) | bit(in.addr);
                def = bit(in.dst);
                break;
            case Op::movi: def = bit(in.dst); break;
            case Op::add:
                use = bit(in.dst) | bit(in.src);
                def = bit(in.dst);
                break;
            case Op::addi:
                use = bit(in.dst);
                def = bit(in.dst);
                break;
            case Op::jz:
            case Op::jnz: use = bit(in.src); break;
            case Op::jne: use = bit(in.src) | bit(in.src2); break;
            case Op::jmp: break;
            case Op::stamp_write:
            case Op::stamp_rf:
                def = bit(in.dst);
                stamps[i] = 1;
                a.uses_stamps = true;
                break;
            case Op::alu:
                use = bit(in.src) | bit(in.src2);
                def = bit(in.dst);
                break;
            }
            live[i] = (out & ~def) | use;
        }
    }
}

}  // namespace

std::string analyse_programs(const EngineScenario& s, ProgramAnalysis& a) {
    if (std::string why = assign_slots(s, a); !why.empty()) return why;
    compute_remaining(s, a);
    compute_liveness(s, a);
    return "";
}

}  // namespace fc
