// fuzz/fuzz_run_options.cpp: parse_run_options() on argument vectors made of arbitrary bytes
// (one argument per line; see fuzz_support.hpp).
//
// Properties: it returns or throws UsageError with a non-empty message, nothing else; what it
// returns is a configuration the model can build (the checks `run` relies on afterwards).
// It never runs a search.
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz/fuzz_support.hpp"
#include "harness/cli/options.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::vector<std::string> args = fcfuzz::split_args(data, size);
    fc::RunOptions o;
    try {
        o = fc::parse_run_options(args);
    } catch (const fc::UsageError& e) {
        fcfuzz::require(e.what()[0] != '\0', "empty UsageError", fcfuzz::joined(args));
        return 0;
    }
    const fc::RunRequest& r = o.request;
    const std::string a = fcfuzz::joined(args);
    fcfuzz::require(r.check && r.writer, "accepted without a check or writer", a);
    fcfuzz::require(r.pages >= 1 && r.pages <= fc::kMaxPages, "accepted pages out of range", a);
    const fc::SearchSpec& s = r.search;
    fcfuzz::require(s.context_bound <= 20, "accepted a context bound above 20", a);
    fcfuzz::require(s.mode != fc::SearchMode::random || s.iterations > 0, "random search without iterations", a);
    fcfuzz::require(s.timeout_seconds >= 0, "negative timeout", a);
    for (fc::ReadOrder order : {fc::ReadOrder::ref_first, fc::ReadOrder::map_first}) {
        const std::string problem = fc::validate_config(fc::scenario_config(r, order));
        fcfuzz::require(problem.empty(), "accepted an impossible configuration", a + ": " + problem);
    }
    return 0;
}
