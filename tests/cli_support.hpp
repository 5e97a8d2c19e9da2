// tests/cli_support.hpp: running the foliocheck binary as a user does, for the CLI tests:
// its exit code, stdout and stderr through the shell, and scratch files in the temporary directory.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#ifndef FOLIOCHECK_BIN
#error "FOLIOCHECK_BIN must name the foliocheck binary (tests/CMakeLists.txt)"
#endif

namespace fc::test {

struct Result {
    int code = -1;
    std::string out, err;
};

inline std::string slurp(const std::string& path) {
    std::ifstream f(path);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

// A new empty file foliocheck-TAG-XXXXXX in the temporary directory ($TMPDIR); the caller
// removes it.
inline std::string temp_name(const char* tag) {
    std::string name =
        (std::filesystem::temp_directory_path() / (std::string("foliocheck-") + tag + "-XXXXXX")).string();
    const int fd = mkstemp(&name[0]);
    REQUIRE(fd >= 0);
    close(fd);
    return name;
}

// `foliocheck ARGS` through the shell (plain words need no quoting); `redirect` replaces the
// stdout redirection (e.g. ">/dev/full", ">&-"). stdout is captured unless redirected,
// stderr always; stdin is /dev/null.
inline Result run(const std::string& args, const std::string& redirect = "") {
    const std::string out = temp_name("out"), err = temp_name("err");
    const std::string cmd = std::string(FOLIOCHECK_BIN) + " " + args + " " + (redirect.empty() ? ">" + out : redirect) +
                            " 2>" + err + " </dev/null";
    const int status = std::system(cmd.c_str());
    REQUIRE(status != -1);
    REQUIRE(WIFEXITED(status));
    Result r;
    r.code = WEXITSTATUS(status);
    r.out = slurp(out);
    r.err = slurp(err);
    std::remove(out.c_str());
    std::remove(err.c_str());
    return r;
}

// The stdout of a shell command line, and its exit status in `status` (-1 if it did not exit).
inline std::string shell_output(const std::string& cmd, int& status) {
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p != nullptr);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    status = pclose(p);
    status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return out;
}

}  // namespace fc::test
