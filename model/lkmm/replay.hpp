// model/lkmm/replay.hpp: replay states of the exact engine. A state names one execution of a
// scenario's encoding exactly: for every encoded event (encode.hpp, in its order) whether it
// ran, and if it did, which write a read reads (the index of its reads-from candidate) or the
// coherence clock of a write. From those the solver recomputes every value, so the replay is
// the same execution, and it is checked again: the encoding must admit it (the same events on
// the same paths), the cat model must call it consistent, and the caller's judge decides
// whether it violates. A forged or foreign state is refused with the reason, never replayed
// as something else.
//
// Text form (what SearchOutcome::cx_state holds and a token carries as numbers):
//   "<n> <v1> ... <vn>", n the number of encoded events; v = 0: did not run; a read: 1 + its
//   candidate's index; a write: 1 + its clock; any other event: 1.
#pragma once

#include <z3++.h>

#include <string>

#include "model/lkmm/encode.hpp"

namespace fc::lkmm {

std::string execution_state(const Encoding& enc, const z3::model& m);

// "" if the text has the form above (any scenario), else what is wrong. Checked before a
// token's state is used; replay_constraints then checks it against the scenario.
std::string state_shape_problem(const std::string& state);

// The constraints that fix the execution a state names, or "" and `problem` set to why the
// state cannot be one of this encoding's executions.
bool replay_constraints(const Encoding& enc, const std::string& state, z3::expr_vector& out, std::string& problem);

}  // namespace fc::lkmm
