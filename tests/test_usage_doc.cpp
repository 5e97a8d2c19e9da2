// tests/test_usage_doc.cpp: docs/usage.md and README.md against the binary: every JSON key and
// `stopped_by` value it prints, every option its --help offers, every check and writer it
// lists, the exit codes it gives, and what the default matrix leaves out.
#include <algorithm>
#include <csignal>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "checks/check.hpp"
#include "checks/writers/writer.hpp"
#include "cli_support.hpp"
#include "harness/cli/commands.hpp"

using fc::test::run;
using fc::test::slurp;

namespace {

std::string doc(const char* file) { return slurp(std::string(FOLIOCHECK_SOURCE_DIR) + "/" + file); }

// `word` in `text`, not as part of a longer name (letters, digits, '_' and '-' around it).
bool names(const std::string& text, const std::string& word) {
    auto part = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; };
    for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
        const bool before = at == 0 || !part(text[at - 1]);
        const bool after = at + word.size() >= text.size() || !part(text[at + word.size()]);
        if (before && after) return true;
    }
    return false;
}

// Every key of every object in `j`, at any depth; a split part's `configuration` holds the
// request's own fields (documented as such), so its keys are not collected.
void keys_of(const nlohmann::json& j, std::set<std::string>& out) {
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it) {
            out.insert(it.key());
            if (it.key() != "configuration") keys_of(it.value(), out);
        }
    } else if (j.is_array()) {
        for (const nlohmann::json& v : j) keys_of(v, out);
    }
}

nlohmann::json json_run(const std::string& args) {
    const auto r = run(args + " --json");
    const nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

// The words after "NAME:" in `list`'s section NAME, one per line.
std::vector<std::string> listed(const std::string& section) {
    const std::string out = "\n" + run("list").out;
    std::vector<std::string> names;
    size_t at = out.find("\n" + section + ":\n");
    REQUIRE(at != std::string::npos);
    at = out.find('\n', at + 1) + 1;
    while (at < out.size() && out.compare(at, 2, "  ") == 0) {
        const size_t start = out.find_first_not_of(' ', at);
        names.push_back(out.substr(start, out.find(' ', start) - start));
        at = out.find('\n', at) + 1;
    }
    REQUIRE_FALSE(names.empty());
    return names;
}

}  // namespace

TEST_CASE("every key run --json and matrix --json print is documented in docs/usage.md") {
    std::set<std::string> keys;
    const std::string base = "run --check compaction --writer zap-v6.5 --pages 2";
    for (const std::string& args :
         {base, base + " --memory lkmm", base + " --memory relaxed --reader-order ref-first --search reduced",
          base + " --search bound", base + " --search random --iterations 20", base + " --jobs 2",
          base + " --split 1/2", base + " --also gup-fast --own-ref taken",
          std::string("run --check compaction --writer batch-zap-v4 --pages 2 --reader-order ref-first --minimize"),
          std::string("matrix --checks compaction --writers zap-v6.5 --pages 2")})
        keys_of(json_run(args), keys);
    const std::string usage = doc("docs/usage.md");
    for (const std::string& k : keys) {
        CAPTURE(k);
        CHECK(names(usage, k));
    }
    CHECK(keys.count("own_ref") == 1);  // the runs above reach the keys the docs once missed
    CHECK(keys.count("also") == 1);
    CHECK(keys.count("part_results") == 1);
}

TEST_CASE("every stopped_by value the binary reports is documented in docs/usage.md") {
    const std::string base = "run --check compaction --writer zap-v6.5 --pages 2";
    std::set<std::string> values;
    for (const std::string& args : {base + " --max-executions 3", base + " --first", base + " --memory lkmm --first",
                                    std::string("run --check compaction --writer zap-v6.5 --pages 16 --count "
                                                "--timeout 0.0001")})
        values.insert(json_run(args)["stopped_by"].get<std::string>());
    for (const nlohmann::json& row : json_run("matrix --pages 1-3 --memory sc,lkmm --jobs 2 --timeout 0.5"))
        if (row["stopped_by"].is_string()) values.insert(row["stopped_by"].get<std::string>());
    CHECK(values.count("command-timeout") == 1);
    CHECK(values.count("timeout") == 1);
    const std::string usage = doc("docs/usage.md");
    for (std::string v : values) {
        v = std::regex_replace(v, std::regex("context bound [0-9]+"), "context bound N");
        CAPTURE(v);
        CHECK(usage.find("\"" + v + "\"") != std::string::npos);
    }
}

TEST_CASE("matrix --help, README.md and docs/usage.md name what the default matrix leaves out") {
    const fc::MatrixPlan plan = fc::parse_matrix_options({});
    const std::string help = fc::matrix_help();
    const size_t at = help.find("Left out of that default:");
    REQUIRE(at != std::string::npos);
    const std::string left_out = help.substr(at, help.find('\n', at) - at);
    const std::string readme = doc("README.md"), usage = doc("docs/usage.md");
    const size_t readme_at = readme.find("It leaves out"), usage_at = usage.find("It leaves out");
    REQUIRE(readme_at != std::string::npos);
    REQUIRE(usage_at != std::string::npos);
    // The paragraph that says it (up to the blank line that ends it).
    const std::string readme_out = readme.substr(readme_at, readme.find("\n\n", readme_at) - readme_at);
    const std::string usage_out = usage.substr(usage_at, usage.find("\n\n", usage_at) - usage_at);
    size_t out = 0;
    for (const fc::CheckDef* c : fc::all_checks()) {
        const bool runs = std::count(plan.spec.checks.begin(), plan.spec.checks.end(), c) == 1;
        const std::string check = c->name;
        CAPTURE(check);
        CHECK(names(left_out, c->name) == !runs);
        CHECK(names(readme_out, c->name) == !runs);
        CHECK(names(usage_out, c->name) == !runs);
        out += !runs;
    }
    for (const fc::WriterDef* w : fc::all_writers()) {
        const bool runs = std::count(plan.spec.writers.begin(), plan.spec.writers.end(), w) == 1;
        const std::string writer = w->name;
        CAPTURE(writer);
        CHECK(names(left_out, w->name) == !runs);
        CHECK(names(readme_out, w->name) == !runs);
        CHECK(names(usage_out, w->name) == !runs);
        out += !runs;
    }
    CHECK(out > 0);  // today the default leaves some out: the test is not vacuous
}

TEST_CASE("run --help and docs/usage.md name every check and writer foliocheck list names") {
    const std::string help = run("run --help").out, usage = doc("docs/usage.md");
    // The rows of run's option table that list them.
    auto row = [&](const std::string& option) {
        const size_t at = usage.find("\n| `" + option + "` |");
        REQUIRE(at != std::string::npos);
        return usage.substr(at, usage.find('\n', at + 1) - at);
    };
    const std::string checks_row = row("--check"), writers_row = row("--writer");
    for (const char* section : {"checks", "writers"})
        for (const std::string& name : listed(section)) {
            CAPTURE(name);
            CHECK(names(help, name));
            CHECK(names(std::string(section) == "checks" ? checks_row : writers_row, name));
        }
}

TEST_CASE("docs/usage.md names every option each command's --help offers") {
    const std::string usage = doc("docs/usage.md");
    const std::regex option("--[a-z][a-z-]*[a-z]");
    for (const std::string cmd : {"run", "matrix", "validate", "compare", "fixes", "release", "litmus", "merge"}) {
        const auto r = run(cmd + " --help");
        CHECK(r.code == 0);
        for (std::sregex_iterator it(r.out.begin(), r.out.end(), option), end; it != end; ++it) {
            CAPTURE(cmd);
            CAPTURE(it->str());
            CHECK(names(usage, it->str()));
        }
    }
    CHECK(names(usage, "--timeout-each"));
    CHECK(names(usage, "--own-ref"));
    CHECK(names(usage, "--also"));
}

TEST_CASE("release --help states one --memory default") {
    const std::string help = run("release --help").out;
    const std::regex defaults("default:? (sc[a-z,]*)");
    std::set<std::string> memory;
    for (std::sregex_iterator it(help.begin(), help.end(), defaults), end; it != end; ++it) memory.insert((*it)[1]);
    CHECK(memory == std::set<std::string>{"sc,lkmm"});
}

TEST_CASE("the exit codes the binary gives each have a row in docs/usage.md's table") {
    const std::string usage = doc("docs/usage.md");
    auto row = [&](const std::string& code) { return usage.find("\n| " + code + " |") != std::string::npos; };
    const std::string base = "run --check compaction --writer zap-v6.5 --pages 2";
    CHECK(run(base + " --reader-order ref-first").code == 0);
    CHECK(row("0"));
    CHECK(run(base).code == 1);
    CHECK(row("1"));
    CHECK(run("run --check compaction --writer zap-v6.5 --pages 0").code == 2);
    CHECK(row("2"));
    CHECK(run(base, ">/dev/full").code == 3);  // results lost
    CHECK(row("3"));
    CHECK(run(base + " --reader-order ref-first --max-executions 2").code == 4);
    CHECK(row("4"));
    // 128 + the signal: tests/test_signals.cpp sends them.
    CHECK(usage.find("\n| " + std::to_string(128 + SIGHUP) + ", " + std::to_string(128 + SIGINT) + ", " +
                     std::to_string(128 + SIGTERM) + " |") != std::string::npos);
}
