// model/lkmm/version.hpp: the LKMM this engine implements, pinned. A later LKMM (the kernel
// moved linux-kernel.cat to `variant lkmmv2` in 2025) is a new pinned version with its own
// herd7 answers, never a silent change: the definitions cited in lkmm_model.cpp are these.
#pragma once

#include <string>

namespace fc::lkmm {

// The kernel files whose relations model/lkmm/ implements (torvalds/linux commits).
extern const char* const kPinnedModel;
// The tool whose answers the engine is tested against (tests/data, tests/lkmm-conformance).
extern const char* const kOracle;
// "Z3 4.x.y": the solver the engine was built with.
std::string solver_version();

}  // namespace fc::lkmm
