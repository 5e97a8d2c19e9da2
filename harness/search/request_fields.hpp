// harness/search/request_fields.hpp: a RunRequest as named text fields, every field that can change
// a run's answer, and the build that ran it. The one place that decides whether two results
// answer the same question: `merge` compares split parts with it (harness/search/split.cpp), and a
// test changes each RunRequest field in turn to show it is covered (tests/test_search_split.cpp).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "harness/search/runner.hpp"

namespace fc {

// (name, value) pairs in a fixed order. Writer files are named with their content hash too:
// two files may register the same name.
std::vector<std::pair<std::string, std::string>> request_fields(const RunRequest& q);

// The build of this binary: the git commit it was built from (with "-dirty-HASH" if the
// tree had uncommitted changes, HASH naming them), set by CMake at every build
// (cmake/BuildId.cmake); without git, "exe-" and a hash of the running binary.
const std::string& build_id();

}  // namespace fc
