// tests/test_sweep_rows.cpp: sweep results are typed rows (harness/search/sweep_row.hpp): the verdict
// of a row is read once into an Outcome, and the exit codes and summaries decide on it.
#include <doctest/doctest.h>

#include <vector>

#include "harness/cli/expect.hpp"
#include "harness/search/sweep_row.hpp"
#include "harness/search/validate_rows.hpp"
#include "harness/search/verdict.hpp"

using namespace fc;

namespace {
SweepRow row(const char* verdict, const char* memory = "sc") {
    return sweep_row(
        {{"verdict", verdict}, {"check", "compaction"}, {"writer", "zap-v6.5"}, {"pages", 2}, {"memory", memory}});
}
}  // namespace

TEST_CASE("a row's verdict is read once into an outcome; a verdict it does not name is an error row") {
    CHECK(row("holds").outcome == Outcome::holds);
    CHECK(row("violation").outcome == Outcome::violation);
    CHECK(row("no-violation-found").outcome == Outcome::no_violation_found);
    CHECK(row("interrupted").outcome == Outcome::interrupted);
    CHECK(row("Holds").outcome == Outcome::error);
    CHECK(sweep_row(nlohmann::json::object()).outcome == Outcome::error);
    CHECK(sweep_row(nlohmann::json(nullptr)).outcome == Outcome::error);
    const SweepRow r = row("violation", "lkmm");
    CHECK(r.check == "compaction");
    CHECK(r.writer == "zap-v6.5");
    CHECK(r.pages == 2);
    CHECK(r.memory == Memory::lkmm);  // the row names lkmm
    CHECK(std::string(outcome_name(r.outcome)) == "violation");
    CHECK(rows_json({r})[0]["verdict"] == "violation");  // the JSON travels unchanged
    CHECK(outcome_of(Verdict::no_violation_found) == Outcome::no_violation_found);
}

TEST_CASE("--expect and the overall outcome decide on the typed rows") {
    const std::vector<SweepRow> holds = {row("holds"), row("holds")};
    const std::vector<SweepRow> one_fails = {row("holds"), row("violation")};
    const std::vector<SweepRow> not_exhaustive = {row("holds"), row("no-violation-found")};
    const std::vector<SweepRow> broken = {row("holds"), row("garbage")};
    CHECK(results_exit_code(holds, Expect::holds) == EXIT_HOLDS);
    CHECK(results_exit_code(one_fails, Expect::holds) == EXIT_VIOLATION);
    CHECK(results_exit_code(one_fails, Expect::violation) == EXIT_HOLDS);
    CHECK(results_exit_code(holds, Expect::violation) == EXIT_VIOLATION);
    CHECK(results_exit_code(not_exhaustive, Expect::holds) == EXIT_NOT_EXHAUSTIVE);
    CHECK(results_exit_code(broken, Expect::none) == EXIT_INTERNAL);
    CHECK(overall_outcome(holds) == Outcome::holds);
    CHECK(overall_outcome(one_fails) == Outcome::violation);
    CHECK(overall_outcome(not_exhaustive) == Outcome::no_violation_found);
    CHECK(overall_outcome(broken) == Outcome::no_violation_found);
    // Rows the command's --timeout left: never holds, and the command exits 4 unless a violation
    // found settles what --expect asked.
    CHECK(row("not-run").outcome == Outcome::not_run);
    const std::vector<SweepRow> cut = {row("holds"), row("not-run")};
    const std::vector<SweepRow> cut_failing = {row("violation"), row("not-run")};
    CHECK(results_exit_code(cut, Expect::none) == EXIT_NOT_EXHAUSTIVE);
    CHECK(results_exit_code(cut, Expect::holds) == EXIT_NOT_EXHAUSTIVE);
    CHECK(results_exit_code(cut, Expect::violation) == EXIT_NOT_EXHAUSTIVE);
    CHECK(results_exit_code(cut_failing, Expect::violation) == EXIT_HOLDS);
    CHECK(results_exit_code(cut_failing, Expect::holds) == EXIT_VIOLATION);
    CHECK(results_exit_code(cut_failing, Expect::none) == EXIT_NOT_EXHAUSTIVE);
    CHECK(overall_outcome(cut) == Outcome::no_violation_found);
}

TEST_CASE("fails from names the weakest model only where every stronger model was answered") {
    Row r;
    r.verdict = {{Memory::sc, Outcome::holds}, {Memory::lkmm, Outcome::holds}, {Memory::relaxed, Outcome::violation}};
    CHECK(fails_from(r) == "relaxed: relies on the kernel's implied ordering");
    // lkmm cut by the command's --timeout: relaxed's failure does not say lkmm holds.
    r.verdict[Memory::lkmm] = Outcome::not_run;
    CHECK(fails_from(r) ==
          "relaxed: relies on the kernel's implied ordering (lkmm not answered: it may fail there already)");
    r.verdict[Memory::lkmm] = Outcome::no_violation_found;
    CHECK(fails_from(r) ==
          "relaxed: relies on the kernel's implied ordering (lkmm not answered: it may fail there already)");
    r.verdict[Memory::sc] = Outcome::violation;
    CHECK(fails_from(r) == "sc: interleaving bug");
}
