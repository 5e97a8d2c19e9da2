// tests/test_lkmm_plain.cpp: plain C accesses (`*x`, `*x = v`) under `--memory lkmm`, decided
// as linux-kernel.cat (02bae7a24257) decides them: the plain-coherence axiom, and herd7's
// `Flag data-race` / `Flag mixed-accesses` when some allowed execution raises the flag. The
// programs are the project's own; herd7 7.57 with the pinned LKMM files (`foliocheck
// --version`) answered each on 2026-12-07 as the test expects (Observation, Positive/Negative,
// number of states, flags).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "scenario_support.hpp"

using namespace fc::test;

namespace {

// `foliocheck litmus --json --memory lkmm` on `text`: the one result object.
nlohmann::json answer(const std::string& name, const std::string& text) {
    const std::string path = temp_file("fc-plain-" + name);
    {
        std::ofstream f(path);
        f << "C " << name << "\n\n{}\n\n" << text;
    }
    const CliResult r = run_cli("litmus --json --memory lkmm " + path);
    std::remove(path.c_str());
    INFO(r.err);
    REQUIRE(r.code == 0);
    const nlohmann::json j = nlohmann::json::parse(r.out);
    REQUIRE(j.is_array());
    REQUIRE(j.size() == 1);
    return j[0];
}

std::vector<std::string> flags(const nlohmann::json& j) {
    REQUIRE(j.contains("flags"));
    return j["flags"].get<std::vector<std::string>>();
}

const std::vector<std::string> kRace{"data-race"};

}  // namespace

TEST_SUITE("lkmm: plain accesses and herd7's flags") {
    TEST_CASE("load buffering with plain accesses is Sometimes with a data race, not the Never of a marked mapping") {
        // No Marked event orders anything here: hb and pb relate Marked events only.
        const auto j = answer("LB+plain",
                              "P0(int *x, int *y)\n{\n\tint r0 = *x;\n\t*y = 1;\n}\n\n"
                              "P1(int *x, int *y)\n{\n\tint r0 = *y;\n\t*x = 1;\n}\n\n"
                              "exists (0:r0=1 /\\ 1:r0=1)\n");
        CHECK(j["observation"] == "Sometimes");
        CHECK(j["positive"] == 1);
        CHECK(j["negative"] == 3);
        CHECK(j["states"].size() == 4);
        CHECK(flags(j) == kRace);
    }
    TEST_CASE("load buffering with a plain read and write around smp_mb() on each side is Never by plain-coherence") {
        // The plain read of x is no Marked event, so no hb cycle forbids it; wr-incoh does: the
        // read would read from a write it is rw-xbstar before (r-post-bounded through the
        // smp_mb(), the rfe of y, w-pre-bounded through the other smp_mb()).
        const auto j = answer("LB+plain+mbs",
                              "P0(int *x, int *y)\n{\n\tint r0 = *x;\n\tsmp_mb();\n\tWRITE_ONCE(*y, 1);\n}\n\n"
                              "P1(int *x, int *y)\n{\n\tint r1 = READ_ONCE(*y);\n\tsmp_mb();\n\t*x = 1;\n}\n\n"
                              "exists (0:r0=1 /\\ 1:r1=1)\n");
        CHECK(j["observation"] == "Never");
        CHECK(j["states"].size() == 3);
        CHECK(flags(j) == kRace);  // the executions where P0 reads 0 race
    }
    TEST_CASE("plain data published by smp_store_release() and read after smp_load_acquire() has no data race") {
        const auto j =
            answer("MP+plain+rel-acq",
                   "P0(int *x, int *y)\n{\n\t*x = 1;\n\tsmp_store_release(y, 1);\n}\n\n"
                   "P1(int *x, int *y)\n{\n\tint r0 = smp_load_acquire(y);\n\tint r1 = -1;\n\tif (r0)\n\t\tr1 = "
                   "*x;\n}\n\n"
                   "exists (1:r0=1 /\\ 1:r1=0)\n");
        CHECK(j["observation"] == "Never");
        CHECK(j["states"].size() == 2);
        CHECK(flags(j).empty());
    }
    TEST_CASE("plain data with no barrier between the flag and the data races: Sometimes, Flag data-race") {
        const auto j = answer("MP+plain",
                              "P0(int *x, int *y)\n{\n\t*x = 1;\n\tWRITE_ONCE(*y, 1);\n}\n\n"
                              "P1(int *x, int *y)\n{\n\tint r0 = READ_ONCE(*y);\n\tint r1 = *x;\n}\n\n"
                              "exists (1:r0=1 /\\ 1:r1=0)\n");
        CHECK(j["observation"] == "Sometimes");
        CHECK(j["states"].size() == 4);
        CHECK(flags(j) == kRace);
    }
    TEST_CASE(
        "a plain write and WRITE_ONCE() of one location on one CPU raise mixed-accesses, and race with a reader") {
        const auto j = answer("mixed+plain",
                              "P0(int *x)\n{\n\t*x = 1;\n\tWRITE_ONCE(*x, 2);\n}\n\n"
                              "P1(int *x)\n{\n\tint r0 = READ_ONCE(*x);\n}\n\n"
                              "exists (1:r0=1)\n");
        CHECK(j["observation"] == "Sometimes");
        CHECK(j["positive"] == 1);
        CHECK(j["negative"] == 2);
        CHECK(flags(j) == std::vector<std::string>{"data-race", "mixed-accesses"});
    }
    TEST_CASE("the text answer prints herd7's Flag line before the condition, as herd7 does") {
        const std::string path = temp_file("fc-plain-text");
        {
            std::ofstream f(path);
            f << "C MP+plain\n\n{}\n\nP0(int *x, int *y)\n{\n\t*x = 1;\n\tWRITE_ONCE(*y, 1);\n}\n\n"
                 "P1(int *x, int *y)\n{\n\tint r0 = READ_ONCE(*y);\n\tint r1 = *x;\n}\n\n"
                 "exists (1:r0=1 /\\ 1:r1=0)\n";
        }
        const CliResult r = run_cli("litmus --quiet " + path);
        std::remove(path.c_str());
        CHECK(r.code == 0);
        CHECK(r.out.find("Positive: 1 Negative: 3\nFlag data-race\nCondition exists") != std::string::npos);
    }
}
