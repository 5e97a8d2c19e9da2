// harness/search/input.hpp: bad input, and the text of a request's fields. The command line
// and the replay tokens (token.cpp) read pages, ranges, releases and --also writers with the
// same grammar and the same messages, so it lives below both.
#pragma once

#include <stdexcept>
#include <string>

#include "harness/search/runner.hpp"

namespace fc {

// Input foliocheck cannot use: one line naming the problem and the fix (exit 2). Search code
// throws it for input only a search can find wrong (a writer file's undefined operation).
struct UsageError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// "FIRST-LAST" or "N" (pages 0..kMaxPages-1) for --range and --mms.
PageRange parse_page_range(const std::string& option, const std::string& text);
// --kernel: the release's form of the named check and writer, and its mapcount design.
// Throws UsageError for an unknown release, or a check/writer the release does not run
// (unless r.what_if).
void resolve_kernel(RunRequest& r, const std::string& check, const std::string& writer);
// --also WRITER[:RANGE] (after --kernel and --what-if are known).
ExtraWriter parse_also(const std::string& text, const RunRequest& r);

// Number parsing with messages that name the option.
long long parse_integer(const std::string& option, const std::string& text, long long min, long long max);
double parse_seconds(const std::string& option, const std::string& text);

// User text made fit for a one-line message: control characters (a newline or a terminal
// escape in an argument or a replay token) become \xNN.
std::string escape_controls(const std::string& text);

}  // namespace fc
