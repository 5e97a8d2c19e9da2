// tests/scenario_support.hpp: helpers for the scenario-file tests: run the foliocheck binary
// from the source directory, read files, compile a scenario text in process.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "cli_support.hpp"
#include "harness/search/litmus_run.hpp"
#include "lang/scenario.hpp"

namespace fc::test {

using CliResult = Result;  // cli_support.hpp

// Runs `foliocheck <args>` with the source directory as working directory.
inline CliResult run_cli(const std::string& args) {
    char o[] = "/tmp/fc-scn-out-XXXXXX", e[] = "/tmp/fc-scn-err-XXXXXX";
    const int fo = mkstemp(o), fe = mkstemp(e);
    close(fo);
    close(fe);
    const std::string cmd =
        std::string("cd ") + FOLIOCHECK_SOURCE_DIR + " && " + FOLIOCHECK_BIN + " " + args + " >" + o + " 2>" + e;
    const int status = std::system(cmd.c_str());
    CliResult r;
    if (status != -1 && WIFEXITED(status)) r.code = WEXITSTATUS(status);
    r.out = slurp(o);
    r.err = slurp(e);
    std::remove(o);
    std::remove(e);
    return r;
}

// Compiles a scenario text and runs it (the litmus command's path, in process).
inline LitmusResult run_text(const std::string& text, Memory m, const lang::Overrides& o = {}) {
    char path[] = "/tmp/fc-scn-XXXXXX";
    const int fd = mkstemp(path);
    if (fd < 0) throw std::runtime_error("mkstemp");
    const ssize_t n = write(fd, text.data(), text.size());
    close(fd);
    if (n != static_cast<ssize_t>(text.size())) throw std::runtime_error("write");
    LitmusRequest r;
    r.file = path;
    r.memory = m;
    r.search.mode = SearchMode::reduced;
    r.overrides = o;
    auto l = load_litmus(r);
    LitmusResult res = run_litmus(*l);
    std::remove(path);
    return res;
}

}  // namespace fc::test
