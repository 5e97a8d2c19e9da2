// fuzz/fuzz_scenario_parser.cpp: the scenario-file front end (lang/) on arbitrary bytes:
// lexer, parser, semantic checks and lowering to Programs, under sc and lkmm.
//
// Properties: a text is either compiled (then every CPU's program only branches forward,
// within the program, and every location and register it names exists) or refused with one
// LangError whose message is one line "FILE:LINE:COL: problem" with LINE and COL >= 1. No
// other exception, no crash. It never runs a search.
#include <cstdint>
#include <string>

#include "fuzz/fuzz_support.hpp"
#include "lang/scenario.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    const std::string shown = fcfuzz::printable(text.substr(0, 200));
    for (fc::Memory m : {fc::Memory::sc, fc::Memory::c11}) {
        try {
            const fc::lang::ScenarioFile f = fc::lang::parse_scenario_text("fuzz.litmus", text);
            fc::lang::CompiledScenario c;
            fc::lang::compile_scenario(f.ast, fc::lang::Overrides{}, m, c);
            const fc::EngineScenario& e = c.engine;
            // Default overrides hold a file to Relacy's CPUs (the exact engine's are asked for).
            fcfuzz::require(e.cpus.size() >= 2 && e.cpus.size() <= static_cast<size_t>(fc::kRelacyMaxCpus),
                            "CPU count out of range", shown);
            for (const fc::Program& p : e.cpus) {
                fcfuzz::require(p.nregs <= fc::kMaxRegs, "too many registers", shown);
                for (size_t pc = 0; pc < p.code.size(); pc++) {
                    const fc::Insn& in = p.code[pc];
                    const bool branch =
                        in.op == fc::Op::jz || in.op == fc::Op::jnz || in.op == fc::Op::jne || in.op == fc::Op::jmp;
                    if (branch)
                        fcfuzz::require(
                            in.target > static_cast<int32_t>(pc) && in.target <= static_cast<int32_t>(p.code.size()),
                            "a branch that is not forward and in the program", shown);
                    fcfuzz::require(in.dst < p.nregs && in.src < p.nregs && in.src2 < p.nregs && in.addr < p.nregs,
                                    "a register outside the program", shown);
                    if (in.op == fc::Op::prim && fc::prim_info(in.prim).kind == fc::PrimKind::lock)
                        fcfuzz::require(in.loc < e.nlocks, "a lock index outside the scenario", shown);
                    else if (in.op == fc::Op::prim && fc::prim_info(in.prim).kind != fc::PrimKind::fence)
                        fcfuzz::require(in.loc < e.init.value.size(), "a location outside the scenario", shown);
                }
            }
        } catch (const fc::lang::LangError& e) {
            const std::string msg = e.what();
            fcfuzz::require(fcfuzz::one_line(msg), "a LangError that is not one line", shown);
            fcfuzz::require(msg.rfind("fuzz.litmus:", 0) == 0 && e.loc.line >= 1 && e.loc.col >= 1,
                            "a LangError without FILE:LINE:COL", msg);
        }
    }
    return 0;
}
