// tests/test_command_table.cpp: one table of commands (harness/cli/command_table.hpp) behind the
// dispatch, the top-level usage and the unknown-command error.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "cli_support.hpp"
#include "harness/cli/cli.hpp"
#include "harness/cli/command_table.hpp"

using namespace fc;
using fc::test::Result;

namespace {

size_t lines_of(const std::string& s) {
    size_t n = 0;
    for (char c : s) n += c == '\n';
    return n;
}

}  // namespace

TEST_SUITE("command table") {
    TEST_CASE("every command in the table answers --help with its help and exit 0") {
        for (const Command& c : command_table()) {
            CAPTURE(c.name);
            std::ostringstream out, err;
            CHECK(c.run({"--help"}, out, err) == 0);
            CHECK(!out.str().empty());
            CHECK(out.str().find(c.name) != std::string::npos);
            CHECK(err.str().empty());
        }
    }

    TEST_CASE("the real binary answers --help for every command with exit 0") {
        for (const Command& c : command_table()) {
            CAPTURE(c.name);
            const Result r = fc::test::run(std::string(c.name) + " --help");
            CHECK(r.code == 0);
            CHECK(r.err.empty());
            CHECK(!r.out.empty());
        }
    }

    TEST_CASE("the top-level help has one usage line per command, in the table's order") {
        const Result r = fc::test::run("--help");
        CHECK(r.code == 0);
        CHECK(r.out == usage_text());
        CHECK(lines_of(r.out) == command_table().size());
        size_t at = 0;
        for (const Command& c : command_table()) {
            CAPTURE(c.name);
            const size_t found = r.out.find("foliocheck " + std::string(c.name), at);
            REQUIRE(found != std::string::npos);
            at = found;
        }
    }

    TEST_CASE("an unknown command exits 2 with one line naming every command") {
        const Result r = fc::test::run("frobnicate");
        CHECK(r.code == 2);
        CHECK(r.out.empty());
        CHECK(lines_of(r.err) == 1);
        CHECK(r.err.find("unknown command 'frobnicate'") != std::string::npos);
        for (const Command& c : command_table()) {
            CAPTURE(c.name);
            CHECK(r.err.find(c.name) != std::string::npos);
        }
        CHECK(r.err.find(command_names()) != std::string::npos);
    }

    TEST_CASE("the dispatch runs the table's row for each command name") {
        for (const Command& c : command_table()) {
            CAPTURE(c.name);
            CHECK(find_command(c.name) == &c);
            std::ostringstream direct_out, direct_err, main_out, main_err;
            c.run({"--help"}, direct_out, direct_err);
            CHECK(cli_main({c.name, "--help"}, main_out, main_err) == 0);
            CHECK(main_out.str() == direct_out.str());
        }
        CHECK(find_command("frobnicate") == nullptr);
    }

}  // TEST_SUITE("command table")
