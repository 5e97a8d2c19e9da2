// harness/main.cpp: parse -> run -> print -> exit code. Everything else is in cli.cpp.
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "harness/cli.hpp"
#include "model/engine.hpp"

namespace {
void on_sigint(int) { fc::g_interrupt = 1; }
}  // namespace

int main(int argc, char** argv) {
    std::signal(SIGINT, on_sigint);
    std::vector<std::string> args(argv + 1, argv + argc);
    return fc::cli_main(args, std::cout, std::cerr);
}
