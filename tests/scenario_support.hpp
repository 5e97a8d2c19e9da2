// tests/scenario_support.hpp: helpers for the scenario-file tests: run the foliocheck binary
// from the source directory, read files, compile a scenario text in process.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "cli_support.hpp"
#include "harness/search/litmus_run.hpp"
#include "lang/scenario.hpp"

namespace fc::test {

using CliResult = Result;  // cli_support.hpp

// A new empty file in the system's temporary directory ($TMPDIR or its default), named
// STEM-XXXXXX; the caller removes it.
inline std::string temp_file(const std::string& stem) {
    std::string path = (std::filesystem::temp_directory_path() / (stem + "-XXXXXX")).string();
    const int fd = mkstemp(path.data());
    if (fd < 0) throw std::runtime_error("mkstemp " + path);
    close(fd);
    return path;
}

// Runs `foliocheck <args>` with the source directory as working directory.
inline CliResult run_cli(const std::string& args) {
    const std::string o = temp_file("fc-scn-out"), e = temp_file("fc-scn-err");
    const std::string cmd =
        std::string("cd ") + FOLIOCHECK_SOURCE_DIR + " && " + FOLIOCHECK_BIN + " " + args + " >" + o + " 2>" + e;
    const int status = std::system(cmd.c_str());
    CliResult r;
    if (status != -1 && WIFEXITED(status)) r.code = WEXITSTATUS(status);
    r.out = slurp(o);
    r.err = slurp(e);
    std::remove(o.c_str());
    std::remove(e.c_str());
    return r;
}

// Compiles a scenario text and runs it (the litmus command's path, in process).
inline LitmusResult run_text(const std::string& text, Memory m, const lang::Overrides& o = {}) {
    const std::string path = temp_file("fc-scn");
    {
        std::ofstream f(path);
        f << text;
        if (!f) throw std::runtime_error("write " + path);
    }
    LitmusRequest r;
    r.file = path;
    r.memory = m;
    r.search.mode = SearchMode::reduced;
    r.overrides = o;
    auto l = load_litmus(r);
    LitmusResult res = run_litmus(*l);
    std::remove(path.c_str());
    return res;
}

}  // namespace fc::test
