// model/lkmm/version.cpp: see version.hpp.
#include "model/lkmm/version.hpp"

#include <z3.h>

namespace fc::lkmm {

const char* const kPinnedModel =
    "LKMM of tools/memory-model: linux-kernel.cat, linux-kernel.bell, linux-kernel.def at 02bae7a24257, "
    "lock.cat at 3867a24cc408, linux-kernel.cfg at fc4b04d84027";
const char* const kOracle = "herd7 7.57 with those files";

std::string solver_version() {
    unsigned major = 0, minor = 0, build = 0, revision = 0;
    Z3_get_version(&major, &minor, &build, &revision);
    return "Z3 " + std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(build);
}

}  // namespace fc::lkmm
