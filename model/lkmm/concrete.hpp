// model/lkmm/concrete.hpp: the execution graph of one solver model: the events that ran, their
// values, reads-from and coherence order, and the dependencies of the paths taken.
#pragma once

#include <z3++.h>

#include <vector>

#include "model/lkmm/encode.hpp"
#include "model/lkmm/graph.hpp"

namespace fc::lkmm {

// Immediate post-dominator of every instruction of a DAG program (pc n = the exit). The
// events a branch decides on are those strictly between it and its post-dominator: the
// "then" and "else" bodies of a structured if (herd7's C control dependency; LKMM orders a
// load in the condition only with the stores inside the if).
std::vector<int> post_dominators(const Program& p);

struct Concrete {
    Graph g;
    std::vector<int> enc_of;             // graph event -> encoding event
    std::vector<std::vector<int>> regs;  // per CPU, kMaxRegs final registers
    std::vector<int> final_values;       // per memory location
    // Executed writes of one location with equal clocks (encoding indices): the model is not
    // a candidate until they are told apart.
    std::vector<std::pair<int, int>> ties;
};

Concrete concretise(const EngineScenario& s, const Encoding& enc, const z3::model& m,
                    const std::vector<std::vector<int>>& ipdom);

}  // namespace fc::lkmm
