// tests/test_cli.cpp: the foliocheck binary as a user runs it: exit codes (0 holds,
// 1 violation, 2 usage error, 4 not exhaustive), one-line usage errors, and --json output.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "cli_support.hpp"

namespace {

using fc::test::Result;
using fc::test::run;

size_t count_lines(const std::string& s) {
    size_t n = 0;
    for (char c : s) n += c == '\n';
    return n;
}

bool starts_with(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0; }
bool contains(const std::string& s, const std::string& p) { return s.find(p) != std::string::npos; }

const std::string kHolding = "run --check compaction --writer zap-v6.5 --pages 2 --reader-order ref-first --memory sc";
const std::string kViolating =
    "run --check compaction --writer batch-zap-v4 --pages 2 --reader-order ref-first --memory sc";

}  // namespace

TEST_SUITE("harness/cli") {
    TEST_CASE("every usage error exits 2 with exactly one line on stderr starting with 'foliocheck: '") {
        const std::string base = "run --check compaction --writer zap-v6.5";
        struct Bad {
            std::string args;
            std::string says;  // a word the message must contain
        };
        const std::vector<Bad> bad = {
            {"run --check nope --writer zap-v6.5", "unknown check 'nope'"},
            {"run --check compaction --writer nope", "unknown writer 'nope'"},
            {base + " --pages 0", "--pages must be between 1 and 512"},
            {base + " --pages 513", "--pages must be between 1 and 512"},
            {base + " --jobs 2 --search bound", "--jobs splits an exhaustive search"},
            {base + " --split 3/2", "--split I must be between 1 and 2"},
            {base + " --split 1", "--split takes I/N"},
            {base + " --pages abc", "--pages takes a whole number"},
            {"run --check ksm --writer zap-v6.5 --pages 2", "--pages 1"},
            {base + " --context-bound 1", "--context-bound needs --search bound"},
            {base + " --iterations 5", "--iterations needs --search random"},
            {base + " --search random", "--iterations"},
            {base + " --memory foo", "unknown --memory 'foo'"},
            {base + " --reader-order foo", "unknown --reader-order 'foo'"},
            {"run --check ksm --writer gup-fast --no-pin", "--no-pin"},
            {base + " --swapcache", "--swapcache"},
            {base + " --bogus", "--bogus"},
            {"", "no command"},
            {"bogus", "unknown command 'bogus'"},
            {base + " --timeout -1", "--timeout"},
            {base + " --timeout 0", "--timeout"},
            {base + " --search foo", "unknown --search 'foo'"},
            {base + " --search bound --context-bound 21", "--context-bound must be between 0 and 20"},
            {base + " --max-executions 0", "--max-executions"},
            {base + " --mapcount foo", "unknown --mapcount 'foo'"},
            {base + " --reader-barrier foo", "unknown --reader-barrier 'foo'"},
            {base + " --pages 1 --pages 2", "--pages"},
            {"run --writer zap-v6.5", "run needs --check"},
            {"run --check compaction", "run needs --writer"},
            {"list extra", "list takes no arguments"},
        };
        REQUIRE(bad.size() >= 15);
        for (const Bad& b : bad) {
            CAPTURE(b.args);
            const Result r = run(b.args);
            CAPTURE(r.err);
            CHECK(r.code == 2);
            CHECK(r.out == "");
            CHECK(starts_with(r.err, "foliocheck: "));
            CHECK(count_lines(r.err) == 1);
            CHECK(r.err.back() == '\n');
            CHECK(contains(r.err, b.says));
        }
    }

    TEST_CASE("a configuration that holds exits 0") {
        const Result r = run(kHolding);
        CHECK(r.code == 0);
        CHECK(r.err == "");
        CHECK_FALSE(r.out.empty());
    }

    TEST_CASE("a configuration with a violation exits 1") {
        const Result r = run(kViolating);
        CHECK(r.code == 1);
        CHECK(r.err == "");
        CHECK_FALSE(r.out.empty());
    }

    TEST_CASE("a random search without a violation exits 4") {
        const Result r = run(kHolding + " --search random --iterations 50");
        CHECK(r.code == 4);
        CHECK(r.err == "");
    }

    TEST_CASE("a bound search without a violation exits 4") {
        const Result r = run(kHolding + " --search bound --context-bound 2");
        CHECK(r.code == 4);
    }

    TEST_CASE("a full search cut short by --max-executions exits 4") {
        const Result r = run(kHolding + " --max-executions 10 --json");
        CHECK(r.code == 4);
        const auto j = nlohmann::json::parse(r.out);
        CHECK(j["verdict"] == "no-violation-found");
        CHECK(j["exhaustive"] == false);
        CHECK(j["executions"] == 10);
        CHECK(j["stopped_by"] == "max-executions");
    }

    TEST_CASE("list and help exit 0 and print to stdout only") {
        const Result l = run("list");
        CHECK(l.code == 0);
        CHECK(l.err == "");
        for (const char* name :
             {"ksm", "compaction", "khugepaged", "split", "zap-v6.5", "batch-zap-v4", "gup-fast", "lkmm"})
            CHECK(contains(l.out, name));
        const Result h = run("--help");
        CHECK(h.code == 0);
        CHECK(starts_with(h.out, "usage: foliocheck list"));
        const Result rh = run("run --help");
        CHECK(rh.code == 0);
        CHECK(starts_with(rh.out, "usage: foliocheck run"));
        CHECK(contains(rh.out, "--context-bound"));
    }

    TEST_CASE("--json for a holding configuration parses and carries every field") {
        const Result r = run(kHolding + " --json");
        REQUIRE(r.code == 0);
        const auto j = nlohmann::json::parse(r.out);
        for (const char* f :
             {"check", "writer", "pages", "mapcount", "reader_order", "reader_barrier", "memory", "pin", "search",
              "verdict", "exhaustive", "executions", "seconds", "spurious", "counterexample"}) {
            CAPTURE(f);
            CHECK(j.contains(f));
        }
        CHECK(j["check"] == "compaction");
        CHECK(j["writer"] == "zap-v6.5");
        CHECK(j["pages"] == 2);
        CHECK(j["mapcount"] == "per-page");
        CHECK(j["reader_order"] == "ref-first");
        CHECK(j["reader_barrier"] == "none");
        CHECK(j["memory"] == "sc");
        CHECK(j["pin"] == true);
        CHECK(j["search"] == "cached");  // the default
        CHECK(j["verdict"] == "holds");
        CHECK(j["exhaustive"] == true);
        // The hunt at context bounds 0-1 (15 executions), then the cached search (28; the
        // reduced search: 116; the plain full search: 1268).
        CHECK(j["executions"] == 15 + 28);
        CHECK(j["hunt"]["executions"] == 15);
        CHECK(j["hunt"]["found_at_context_bound"].is_null());
        CHECK(j["states"].is_number_unsigned());
        CHECK(j["cut_executions"].is_number_unsigned());
        CHECK(j["seconds"].is_number());
        CHECK(j["seconds"].get<double>() >= 0);
        CHECK(j["spurious"].is_number_unsigned());
        CHECK(j["counterexample"].is_null());
    }

    TEST_CASE("--json for a violation carries the counterexample's snapshot and steps") {
        const Result r = run(kViolating + " --search full --json");
        REQUIRE(r.code == 1);
        const auto j = nlohmann::json::parse(r.out);
        CHECK(j["verdict"] == "violation");
        CHECK(j["search"] == "full");
        CHECK(j["exhaustive"] == true);
        CHECK(j["executions"] == 2763);
        CHECK(j["violating_executions"] == 10);
        const auto& cx = j["counterexample"];
        REQUIRE(cx.is_object());
        CHECK(cx["reader_order"] == "ref-first");
        CHECK(cx["preemptions"] == 1);
        // Derived in tests/test_verdicts.cpp: R = 3, M = 2 with true counters 3 and 2.
        CHECK(cx["snapshot"]["refcount"] == 3);
        CHECK(cx["snapshot"]["mapcount"] == 2);
        CHECK(cx["snapshot"]["no_extra_refcount"] == 3);
        CHECK(cx["snapshot"]["sees_extra"] == false);
        CHECK(cx["snapshot"]["true_refcount"] == 3);
        CHECK(cx["snapshot"]["true_mapcount"] == 2);
        REQUIRE(cx["steps"].is_array());
        CHECK_FALSE(cx["steps"].empty());
        // Steps carry the text's display numbers: consecutive from 1, null for a CPU's exit (and
        // for an implied smp_mb() folded into its RMW). reads_from names a display number.
        int n = 1, exits = 0, reader_refcount_reads = 0;
        std::map<int, nlohmann::json> by_number;
        for (const auto& s : cx["steps"]) {
            CHECK((s["cpu"] == 0 || s["cpu"] == 1));
            REQUIRE(s.contains("kind"));
            if (s["kind"] == "exit") {
                exits++;
                CHECK(s["step"].is_null());
                continue;
            }
            CHECK(s["step"] == n);
            by_number[n++] = s;
            if (s["kind"] == "access" && s["cpu"] == 1 && s["location"] == "folio->_refcount") {
                reader_refcount_reads++;
                CHECK(s["value"] == 3);
            }
        }
        CHECK(exits == 2);
        CHECK(reader_refcount_reads == 1);
        // Every load that read another step's write names a write to the same location that
        // wrote the value it returned.
        int numbered_rf = 0;
        for (const auto& [num, s] : by_number) {
            if (!s.contains("reads_from") || !s["reads_from"].is_number()) continue;
            numbered_rf++;
            const int from = s["reads_from"];
            CAPTURE(num);
            REQUIRE(by_number.count(from) == 1);
            const auto& w = by_number[from];
            CHECK(from < num);
            CHECK(w["location"] == s["location"]);
            CHECK(w["after"] == s["value"]);
        }
        CHECK(numbered_rf >= 1);  // the refcount read of 3 reads the second per-page folio_put
        REQUIRE(cx["cpus"].size() == 2);
        CHECK(cx["cpus"][0] == "batch-zap-v4");
        CHECK(cx["cpus"][1] == "compaction");
    }

    TEST_CASE("--json for an lkmm stale-read violation marks the stale step and what it read from") {
        const Result r =
            run("run --check compaction --writer zap-v6.5 --pages 1 --reader-order ref-first --memory c11 --json");
        REQUIRE(r.code == 1);
        const auto j = nlohmann::json::parse(r.out);
        CHECK(j["stale_read_depth"] == 1);
        const auto& cx = j["counterexample"];
        CHECK(cx["snapshot"]["refcount"] == 2);
        CHECK(cx["snapshot"]["mapcount"] == 1);
        int stale = 0;
        for (const auto& s : cx["steps"])
            if (s.contains("stale") && s["stale"] == true) {
                stale++;
                CHECK(s["location"] == "page[0]->_mapcount");
                CHECK(s["value"] == 0);  // _mapcount is -1 based: mapcount 1
                CHECK(s["reads_from"] == "init");
            }
        CHECK(stale == 1);
    }

    TEST_CASE("--json for random search reports the iterations and no exhaustiveness") {
        const Result r = run(kHolding + " --search random --iterations 50 --json");
        REQUIRE(r.code == 4);
        const auto j = nlohmann::json::parse(r.out);
        CHECK(j["search"] == "random");
        CHECK(j["iterations"] == 50);
        CHECK(j["executions"] == 50);
        CHECK(j["verdict"] == "no-violation-found");
        CHECK(j["exhaustive"] == false);
    }

    TEST_CASE("replaying a counterexample's token reproduces the same snapshot and steps") {
        const Result r = run(kViolating + " --json");
        REQUIRE(r.code == 1);
        const auto j = nlohmann::json::parse(r.out);
        const auto& cx = j["counterexample"];
        REQUIRE(cx.contains("replay_token"));
        REQUIRE(cx["replay_token"].is_string());
        const std::string token = cx["replay_token"];
        CHECK(starts_with(token, "fc1."));
        const Result rep = run("replay " + token + " --json");
        CHECK(rep.code == 1);
        CHECK(rep.err == "");
        const auto rj = nlohmann::json::parse(rep.out);
        CHECK(rj["verdict"] == "violation");
        CHECK(rj["counterexample"]["snapshot"] == cx["snapshot"]);
        CHECK(rj["counterexample"]["steps"] == cx["steps"]);
        CHECK(rj["counterexample"]["preemptions"] == cx["preemptions"]);
        // The text replay exits 1 as well.
        CHECK(run("replay " + token).code == 1);
    }

    TEST_CASE("a damaged replay token is a usage error with one line on stderr") {
        for (const std::string bad : {"replay garbage", "replay fc1.AAAA.00000000", "replay"}) {
            CAPTURE(bad);
            const Result r = run(bad);
            CHECK(r.code == 2);
            CHECK(r.out == "");
            CHECK(starts_with(r.err, "foliocheck: "));
            CHECK(count_lines(r.err) == 1);
        }
    }

}  // TEST_SUITE("harness/cli")
