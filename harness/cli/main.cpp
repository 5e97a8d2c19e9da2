// harness/cli/main.cpp: signals -> parse -> run -> print -> exit code. Everything else is in cli.cpp.
//
// Signals: SIGINT, SIGTERM and SIGHUP set g_interrupt to the signal. A search stops after its
// current execution; a sweep kills and reaps its children at once (harness/search/pool.cpp); the
// command prints what completed, marked as such, and exits 128 + the signal (130, 143, 129).
//
// Standard output: results that cannot be written are an error, never a silent exit 0. A
// closed stdout (`>&-`) is refused before any search (and so no file foliocheck opens can
// become fd 1); a failed write (`>/dev/full`, EIO) is found when the output is flushed at the
// end: one line on stderr, exit 3.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "checks/kernels.hpp"
#include "harness/cli/cli.hpp"
#include "harness/search/proposals.hpp"
#include "harness/search/verdict.hpp"
#include "model/engine.hpp"

namespace {
void on_signal(int sig) { fc::g_interrupt = sig; }
}  // namespace

int main(int argc, char** argv) {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: a blocking call returns EINTR and the command notices
    for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);

    if (::fcntl(STDOUT_FILENO, F_GETFD) < 0) {
        std::cerr << "foliocheck: standard output is closed, so results would be lost; run it with stdout open "
                     "(e.g. > FILE)\n";
        return fc::EXIT_INTERNAL;
    }
    // The tables of checks, writers, releases and proposals are whole, or nothing runs: a
    // missing field would otherwise be a silent default in some answer.
    std::vector<std::string> problems = fc::table_problems();
    for (const std::string& p : fc::proposal_problems()) problems.push_back(p);
    if (!problems.empty()) {
        for (const std::string& p : problems) std::cerr << "foliocheck: internal table error: " << p << "\n";
        return fc::EXIT_INTERNAL;
    }
    std::vector<std::string> args(argv + 1, argv + argc);
    const int code = fc::cli_main(args, std::cout, std::cerr);
    errno = 0;
    std::cout.flush();
    const bool bad = std::cout.fail() || std::fflush(stdout) != 0 || std::ferror(stdout);
    if (bad) {
        const int e = errno;
        std::cerr << "foliocheck: cannot write the results to standard output"
                  << (e ? std::string(" (") + std::strerror(e) + ")" : std::string())
                  << "; they are lost: write them to a file on a disk with space, or to a pipe that reads them\n";
        return fc::EXIT_INTERNAL;
    }
    return code;
}
