// harness/report/litmus_report.hpp: a scenario file's result (harness/search/litmus_run.hpp)
// as herd7 prints it, for people and as JSON.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "harness/search/litmus_run.hpp"

namespace fc {

// "Never (bounded: ...)": the observation with its qualifier, as the verdict line says it.
std::string litmus_verdict(const LitmusResult& r);
std::string litmus_text(const LitmusResult& r, bool with_trace);
// The same as JSON (one object per file; `foliocheck litmus --json` prints an array).
nlohmann::json litmus_json(const LitmusResult& r, const SearchSpec& search);

}  // namespace fc
