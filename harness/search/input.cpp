// harness/search/input.cpp: see input.hpp.
#include "harness/search/input.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "checks/kernels.hpp"

namespace fc {

PageRange parse_page_range(const std::string& option, const std::string& text) {
    const size_t dash = text.find('-');
    PageRange r;
    if (dash == std::string::npos) {
        r.first = r.last = static_cast<int>(parse_integer(option, text, 0, kMaxPages - 1));
        return r;
    }
    r.first = static_cast<int>(parse_integer(option, text.substr(0, dash), 0, kMaxPages - 1));
    r.last = static_cast<int>(parse_integer(option, text.substr(dash + 1), 0, kMaxPages - 1));
    if (r.last < r.first) throw UsageError(option + " '" + text + "' is empty; write FIRST-LAST, e.g. 0-1");
    return r;
}

ExtraWriter parse_also(const std::string& text, const RunRequest& r) {
    const size_t colon = text.find(':');
    const std::string name = text.substr(0, colon);
    ExtraWriter x;
    const KernelRelease* k = r.kernel.empty() ? nullptr : find_kernel(r.kernel);
    x.writer = k ? kernel_writer(*k, name) : find_writer(name);
    if (!x.writer && k && r.what_if) x.writer = find_writer(name);
    if (!x.writer)
        throw UsageError("unknown --also writer '" + name + "'" + (k ? " for --kernel " + r.kernel : std::string()) +
                         "; give WRITER[:RANGE] with a name from 'foliocheck list'");
    if (colon != std::string::npos) x.range = parse_page_range("--also", text.substr(colon + 1));
    return x;
}

void resolve_kernel(RunRequest& r, const std::string& check, const std::string& writer) {
    const KernelRelease* k = find_kernel(r.kernel);
    if (!k) throw UsageError("unknown --kernel '" + r.kernel + "'; valid: " + kernel_names());
    r.mapcount = k->design;
    r.check = kernel_check(*k, check);
    if (!r.check) {
        if (!r.what_if || !find_check(check)) {
            std::string names;
            for (const CheckDef* c : k->checks) names += (names.empty() ? "" : ", ") + std::string(c->name);
            throw UsageError("--check " + check + " is not a check " + r.kernel + " runs (it runs " + names +
                             "); choose one of them, or add --what-if");
        }
        r.check = find_check(check);
    }
    r.writer = kernel_writer(*k, writer);
    if (!r.writer) {
        if (!r.what_if || !find_writer(writer)) {
            std::string names;
            for (const WriterDef* w : k->writers) names += (names.empty() ? "" : ", ") + std::string(w->name);
            for (const WriterDef* w : k->proposals)
                names += (names.empty() ? "" : ", ") + std::string(w->name) + " (proposal)";
            throw UsageError("--writer " + writer + " is not a path " + r.kernel + " runs (it runs " + names +
                             "); choose one of them, or add --what-if");
        }
        r.writer = find_writer(writer);
    }
}

long long parse_integer(const std::string& option, const std::string& text, long long min, long long max) {
    errno = 0;
    char* end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    if (text.empty() || end == text.c_str() || *end != '\0' || errno == ERANGE)
        throw UsageError(option + " takes a whole number, not '" + text + "'");
    if (v < min || v > max)
        throw UsageError(option + " must be between " + std::to_string(min) + " and " + std::to_string(max) + ", not " +
                         text);
    return v;
}

std::string escape_controls(const std::string& text) {
    std::string out;
    for (char c : text) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            char b[5];
            std::snprintf(b, sizeof b, "\\x%02x", u);
            out += b;
        } else {
            out += c;
        }
    }
    return out;
}

double parse_seconds(const std::string& option, const std::string& text) {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (text.empty() || end == text.c_str() || *end != '\0' || !std::isfinite(v))
        throw UsageError(option + " takes a number of seconds, not '" + text + "'");
    if (v <= 0 || v > 1e7) throw UsageError(option + " must be more than 0 and at most 10000000 seconds, not " + text);
    return v;
}

}  // namespace fc
