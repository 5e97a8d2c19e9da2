// fuzz/fuzz_support.hpp: what the fuzz targets share: turning bytes into an argument vector,
// and failing loudly (abort, so libFuzzer and the corpus driver both report a crash) when a
// property does not hold.
//
// Input format of the argument targets: one argument per line ('\n'). An input holding a NUL
// byte is split on NUL instead, so arguments can also contain newlines.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace fcfuzz {

inline std::vector<std::string> split_args(const uint8_t* data, size_t size) {
    const std::string in(reinterpret_cast<const char*>(data), size);
    const char sep = in.find('\0') != std::string::npos ? '\0' : '\n';
    std::vector<std::string> args;
    if (in.empty()) return args;
    std::string cur;
    for (char c : in) {
        if (c == sep) {
            args.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) args.push_back(cur);  // a trailing separator ends the last argument
    return args;
}

[[noreturn]] inline void fail(const std::string& what, const std::string& detail) {
    std::fprintf(stderr, "\nFUZZ PROPERTY FAILED: %s\n  %s\n", what.c_str(), detail.c_str());
    std::abort();
}

inline void require(bool ok, const std::string& what, const std::string& detail = "") {
    if (!ok) fail(what, detail);
}

// A user-facing error message: not empty, and one line (no control characters at all).
inline bool one_line(const std::string& msg) {
    if (msg.empty()) return false;
    for (char c : msg)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
    return true;
}

// What cli_main wrote to its error stream for a usage error: exactly one line, with the prefix.
inline bool usage_line(const std::string& err) {
    const std::string prefix = "foliocheck: ";
    return err.size() > prefix.size() + 1 && err.compare(0, prefix.size(), prefix) == 0 && err.back() == '\n' &&
           one_line(err.substr(0, err.size() - 1));
}

inline std::string printable(const std::string& s) {
    std::string out;
    for (char c : s) {
        const unsigned char u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u < 0x7f && c != '\\') {
            out += c;
        } else {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", u);
            out += buf;
        }
    }
    return out;
}

inline std::string joined(const std::vector<std::string>& args) {
    std::string s;
    for (const std::string& a : args) s += (s.empty() ? "" : " ") + ("'" + printable(a) + "'");
    return s;
}

}  // namespace fcfuzz
