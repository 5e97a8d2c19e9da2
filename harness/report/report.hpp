// harness/report/report.hpp: turning results into text for people and JSON for tools.
// Pure functions of a RunResult: no Relacy, no I/O.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "harness/search/runner.hpp"
#include "harness/search/trace_names.hpp"

namespace fc {

std::string title_text(const RunRequest& q);
std::string result_text(const RunResult& r);
// The counterexample block; `run` and `replay` print the same block for the same execution.
std::string counterexample_text(const RunResult& r);
// The pin counts a hold covers: ", for every pin count 1..N", ", with K pins (--pins)", ...
std::string pins_text(const RunRequest& q);
// numbers: display step numbers (display_numbers()), used for reads-from; null = raw indices.
std::string event_text(const TraceEvent& e, const std::vector<int>* numbers = nullptr,
                       const TraceNames* names = nullptr);
std::vector<int> display_numbers(const Trace& t);
std::string short_call(const std::string& path);
std::string interleaving_text(const Trace& t, const std::vector<Program>& cpus, Memory memory,
                              const TraceNames* names = nullptr);
std::string why_text(const RunResult& r, const Counterexample& cx);
// The weakest memory model that allows the counterexample: an execution without stale reads
// is an interleaving, which sc allows, so no barrier can forbid it.
std::string cause_text(const RunResult& r, const Counterexample& cx);

nlohmann::json result_json(const RunResult& r);

}  // namespace fc
