// model/program_analysis.hpp: what the search needs to know about a scenario's programs
// before it runs them. Relacy-free; computed once per search.
//   slots:     the locations some instruction touches, numbered densely in location order
//              (an engine gives state only to these: a 512-page folio has over a thousand
//              locations, most of them untouched by a given scenario)
//   remaining: per CPU and pc, the slots its remaining instructions may read or write (the
//              reduced search's conflict test)
//   liveness:  per CPU and pc, the registers that may still be read (by a later instruction
//              or by the judge), and whether a stamp instruction may still run (the cached
//              search's state key leaves the rest out)
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/engine.hpp"

namespace fc {

struct ProgramAnalysis {
    static constexpr int kMaxSlots = 2048;

    std::vector<int> slot_of;   // location -> slot, -1 = never touched
    std::vector<int> slot_loc;  // slot -> location
    int nslots() const { return static_cast<int>(slot_loc.size()); }

    // Bit s of word (pc * mask_words + s / 64) is slot s. Branches only jump forward, so
    // "pc and after" over-approximates what can still run.
    size_t mask_words = 1;
    std::vector<uint64_t> rem_read[kRelacyMaxCpus], rem_write[kRelacyMaxCpus];

    std::vector<uint64_t> live[kRelacyMaxCpus];  // bit r: register r is live at pc
    std::vector<uint8_t> stamps_ahead[kRelacyMaxCpus];
    bool uses_stamps = false;  // some program stamps modification-order positions

    // True if an access by `cpu` to `slot` (a write if `writes`) conflicts with something
    // another of the `ncpus` CPUs, now at pc[o], may still do.
    bool conflicts(unsigned cpu, unsigned ncpus, const size_t* pc, int slot, bool writes) const {
        const uint64_t bit = uint64_t(1) << (slot & 63);
        const size_t word = static_cast<size_t>(slot) / 64;
        for (unsigned o = 0; o < ncpus; o++) {
            if (o == cpu) continue;
            const size_t at = pc[o] * mask_words + word;
            if (rem_write[o][at] & bit) return true;
            if (writes && (rem_read[o][at] & bit)) return true;
        }
        return false;
    }
};

// Fills `a` for scenario `s`. Returns "" or why the scenario cannot run (an instruction names
// a location or spinlock the scenario does not have, or too many locations are touched).
std::string analyse_programs(const EngineScenario& s, ProgramAnalysis& a);

}  // namespace fc
