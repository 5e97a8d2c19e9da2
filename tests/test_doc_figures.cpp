// tests/test_doc_figures.cpp: every figure the hand-written docs quote comes from the binary,
// and this test fails when the binary gives another. Three kinds: the result tables of
// docs/checks.md (every cell re-run), the `$ foliocheck run ...` blocks of the docs (their
// verdict, spurious, shown, snapshot, why and cause lines re-run), and figures in prose (each
// listed here with the run that produces it). docs/results.md is generated (its own test).
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#if !defined(FOLIOCHECK_BIN) || !defined(FOLIOCHECK_SOURCE_DIR)
#error "FOLIOCHECK_BIN and FOLIOCHECK_SOURCE_DIR must be defined (tests/CMakeLists.txt)"
#endif

namespace {

std::string slurp(const std::string& path) {
    std::ifstream f(path);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

std::string doc(const std::string& name) { return slurp(std::string(FOLIOCHECK_SOURCE_DIR) + "/docs/" + name); }

// Whitespace runs (line breaks of the prose included) as one space.
std::string squeeze(const std::string& s) {
    std::string out;
    for (char c : s) {
        const bool ws = c == ' ' || c == '\n' || c == '\t';
        if (ws && (out.empty() || out.back() == ' ')) continue;
        out += ws ? ' ' : c;
    }
    return out;
}

std::string run_out(const std::string& args) {
    std::string name_s = (std::filesystem::temp_directory_path() / "foliocheck-docfig-XXXXXX").string();
    char* name = &name_s[0];
    const int fd = mkstemp(name);
    REQUIRE(fd >= 0);
    close(fd);
    const std::string cmd = std::string(FOLIOCHECK_BIN) + " " + args + " >" + name + " 2>/dev/null";
    const int status = std::system(cmd.c_str());
    REQUIRE(WIFEXITED(status));
    const std::string out = slurp(name);
    std::remove(name);
    return out;
}

nlohmann::json run_json(const std::string& args) {
    const nlohmann::json j = nlohmann::json::parse(run_out(args + " --json"), nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

struct Figure {
    const char* doc;     // file under docs/
    const char* quoted;  // the text the doc must contain (whitespace squeezed)
    const char* args;    // the run that produces it
    const char* field;   // JSON field of `run --json`
    long long value;     // what the binary must print
};

// Figures quoted in prose. Each line: where, what, from which run.
const std::vector<Figure> kFigures = {
    // docs/checks.md, the COW reuse check and reclaim's precheck (reduced search, every pin count).
    {"checks.md", "(`zap-v6.9` 148 executions, reduced search;",
     "run --check cow-reuse --writer zap-v6.9 --kernel current --pages 2 --search reduced", "executions", 148},
    {"checks.md", "holds there (963 executions)",
     "run --check cow-reuse --writer batch-zap-v4 --kernel current --what-if --pages 2 --search reduced", "executions",
     963},
    {"checks.md", "(`--mapcount large --what-if`: 40 of 126, one pin:",
     "run --check cow-reuse --writer batch-zap-v4 --mapcount large --what-if --pages 2 --search reduced",
     "violating_executions", 40},
    {"checks.md", "(`--mapcount large --what-if`: 40 of 126, one pin:",
     "run --check cow-reuse --writer batch-zap-v4 --mapcount large --what-if --pages 2 --search reduced", "executions",
     126},
    {"checks.md", "against `zap-v6.9` at 2 pages (6 of 86, with 2 pins:",
     "run --check reclaim-precheck --writer zap-v6.9 --kernel current --pages 2 --search reduced",
     "violating_executions", 6},
    {"checks.md", "**holds** against GUP-fast (12 executions:",
     "run --check reclaim-precheck --writer gup-fast --kernel current --pages 2 --search reduced", "executions", 12},
    {"checks.md", "khugepaged-expected at 2 pages (46 of 349)",
     "run --check khugepaged-expected --writer try-to-unmap-v6.10 --kernel current --pages 2 --search reduced",
     "violating_executions", 46},
    {"checks.md", "only with a pin per page (6 of 86, 2 pins)",
     "run --check khugepaged-expected --writer try-to-unmap-batched --kernel current --pages 2 --search reduced",
     "violating_executions", 6},
    {"checks.md", "(6126 executions over both orders)", "run --check ksm --writer gup-fast --memory c11 --search full",
     "executions", 6126},
    {"checks.md", "296310 executions",
     "run --check compaction --writer zap-v6.5 --pages 2 --reader-order ref-first --reader-barrier rmb --memory c11 "
     "--search full",
     "executions", 296310},
    {"checks.md", "(497383 executions)",
     "run --check compaction --writer zap-v6.5 --pages 2 --reader-order ref-first --reader-barrier mb --memory c11 "
     "--search full",
     "executions", 497383},
    {"checks.md", "(6131 and 1295 executions)",
     "run --check compaction --writer fork-v6.5 --pages 2 --reader-order map-first --reader-barrier rmb --writer-mb "
     "--memory c11 --search full",
     "executions", 6131},
    {"checks.md", "(6131 and 1295 executions)",
     "run --check compaction --writer fork-v6.9 --pages 2 --reader-order map-first --reader-barrier rmb --writer-mb "
     "--memory c11 --search full",
     "executions", 1295},
    {"checks.md", "give `violation` (3 of 40)",
     "run --check khugepaged --writer fork-v6.9 --mapcount large --reader-order either --search full",
     "violating_executions", 3},
    {"checks.md", "give `violation` (3 of 40)",
     "run --check khugepaged --writer zap-v6.9 --mapcount large --reader-order either --search full", "executions", 40},
    {"checks.md", "hold (112 and 168 executions)",
     "run --check khugepaged --writer zap-v6.9 --mapcount large --reader-order either --search full --pages 2",
     "executions", 112},
    {"checks.md", "hold (112 and 168 executions)",
     "run --check khugepaged --writer fork-v6.9 --mapcount large --reader-order either --search full --pages 3",
     "executions", 168},
    {"limitations.md", "`holds` at 2 pages (112 executions) and 3 pages (168 executions)",
     "run --check khugepaged --writer zap-v6.9 --mapcount large --reader-order either --search full --pages 2",
     "executions", 112},
    {"limitations.md", "is a `violation` (3 of 35 executions at 2 and at 3 pages",
     "run --check khugepaged --writer zap-v6.9 --mapcount large --reader-order map-first --search full --pages 3 "
     "--range 0",
     "violating_executions", 3},
    {"limitations.md", "`--search full` counts 1241 of 1268 executions",
     "run --check compaction --writer zap-v6.5 --pages 2 --reader-order ref-first --search full", "spurious", 1241},
    {"limitations.md", "pages 1 to 5: 20, 1513, 17627, 191635",
     "run --check compaction --writer zap-v6.5 --pages 4 --reader-order map-first --search full", "executions", 191635},
    {"limitations.md", "pages 1 to 5: 20, 1513, 17627",
     "run --check compaction --writer zap-v6.5 --pages 3 --reader-order map-first --search full", "executions", 17627},
    {"limitations.md", "pages 1 and 2: 274 and 303058 executions",
     "run --check compaction --writer zap-v6.5 --pages 1 --reader-order ref-first --memory c11 --search full",
     "executions", 274},
    {"limitations.md", "`sc`: 242 executions at 2 pages, 4962 at 4 and 20132 at 5",
     "run --check compaction --writer zap-v6.5 --pages 5 --reader-order map-first --search reduced", "executions",
     20132},
    {"limitations.md", "`sc`: 242 executions at 2 pages, 4962 at 4",
     "run --check compaction --writer zap-v6.5 --pages 4 --reader-order map-first --search reduced", "executions",
     4962},
    {"limitations.md", "`sc`: 242 executions at 2 pages",
     "run --check compaction --writer zap-v6.5 --pages 2 --reader-order map-first --search reduced", "executions", 242},
    {"limitations.md", "`c11`: 603 executions at 2 pages and 3354 at 3",
     "run --check compaction --writer zap-v6.5 --pages 3 --reader-order ref-first --memory c11", "executions", 3354},
    {"limitations.md", "603 instead of 303058 executions",
     "run --check compaction --writer zap-v6.5 --pages 2 --reader-order ref-first --memory c11", "executions", 603},
    {"limitations.md", "1268 executions under `sc`, 9650 under `relaxed` and 303058 under `c11`",
     "run --check compaction --writer zap-v6.5 --pages 2 --reader-order ref-first --memory relaxed --search full",
     "executions", 9650},
    {"model.md", "gives `violation (1869 of 303058 executions)`",
     "run --check compaction --writer zap-v6.5 --pages 2 --reader-order ref-first --memory c11 --search full",
     "violating_executions", 1869},
    {"model.md", "gives `violation (1869 of 303058 executions)`",
     "run --check compaction --writer zap-v6.5 --pages 2 --reader-order ref-first --memory c11 --search full",
     "executions", 303058},
    {"model.md", "the reduced search 116, 603 under `c11`",
     "run --check compaction --writer zap-v6.5 --pages 2 --reader-order ref-first --search reduced", "executions", 116},
    {"model.md", "the cached search (the default) 28 executions, 20 distinct states under `sc`",
     "run --check compaction --writer zap-v6.5 --pages 2 --reader-order ref-first --count", "executions", 28},
    {"model.md", "the cached search (the default) 28 executions, 20 distinct states under `sc`",
     "run --check compaction --writer zap-v6.5 --pages 2 --reader-order ref-first --count", "states", 20},
    {"model.md", "by default a hunt of 15 executions at context bounds 0-1 runs before it",
     "run --check compaction --writer zap-v6.5 --pages 2 --reader-order ref-first", "executions", 15 + 28},
    {"model.md", "(under `c11` it caches nothing and runs the reduced search's 603)",
     "run --check compaction --writer zap-v6.5 --pages 2 --reader-order ref-first --memory c11", "executions", 603},
    {"model.md", "98 of 116 under `reduced`",
     "run --check compaction --writer zap-v6.5 --pages 2 --reader-order ref-first --search reduced", "spurious", 98},
    {"model.md", "and 39 of 603 under `reduced`",
     "run --check compaction --writer zap-v6.5 --pages 2 --reader-order ref-first --memory c11", "violating_executions",
     39},
};

// Spurious reads-from classes quoted in prose (the same under full and reduced search).
struct Classes {
    const char* doc;
    const char* quoted;
    const char* args;
    long long transient, torn;
};
const std::vector<Classes> kClasses = {
    {"limitations.md", "(5 writer-transient, 2 torn for this configuration, in both modes",
     "run --check compaction --writer zap-v6.5 --pages 2 --reader-order ref-first", 5, 2},
    {"model.md", "(5 and 2 above in both;",
     "run --check compaction --writer zap-v6.5 --pages 2 --reader-order ref-first", 5, 2},
    {"model.md", "the same in both (5 writer-transient, 4 torn)",
     "run --check compaction --writer zap-v6.5 --pages 2 --reader-order ref-first --memory c11", 5, 4},
};

bool quoted_line(const std::string& l) {
    for (const char* p : {"foliocheck: ", "check: ", "verdict: ", "refusals without", "shown: ", "counterexample (",
                          "  the check saw", "  when it read", "  why: ", "  cause: "})
        if (l.rfind(p, 0) == 0) return true;
    return false;
}

}  // namespace

TEST_SUITE("docs/figures") {
    TEST_CASE("every cell of the result tables in docs/checks.md is what a full search prints") {
        const std::string text = doc("checks.md");
        const std::regex section(R"(\n## (\w+):)");
        const std::regex results(R"(\*\*Results\*\* \(`--pages (\d+) --memory (\w+)`)");
        const std::regex row(R"(\| `([\w.-]+)` \| ([^|]+) \| ([^|]+) \|)");
        size_t cells = 0;
        std::vector<std::pair<size_t, std::string>> starts;
        for (auto it = std::sregex_iterator(text.begin(), text.end(), section); it != std::sregex_iterator(); ++it)
            starts.push_back({static_cast<size_t>(it->position()), (*it)[1]});
        for (size_t k = 0; k < starts.size(); k++) {
            // A check's section ends at the next level-2 heading of any kind.
            const size_t next = text.find("\n## ", starts[k].first + 1);
            const size_t end = next == std::string::npos ? text.size() : next;
            const std::string sec = text.substr(starts[k].first, end - starts[k].first);
            std::smatch m;
            if (!std::regex_search(sec, m, results)) continue;
            const std::string pages = m[1], memory = m[2];
            for (auto it = std::sregex_iterator(sec.begin(), sec.end(), row); it != std::sregex_iterator(); ++it) {
                const std::string writer = (*it)[1];
                const std::string cell[2] = {(*it)[2], (*it)[3]};
                const char* orders[2] = {"ref-first", "map-first"};
                for (int o = 0; o < 2; o++) {
                    // The batched zaps of 2023 only ever saw large folios: at 1 page (KSM's
                    // table) they are what-if rows, run with --what-if (L20).
                    const bool what_if = pages == "1" && writer.rfind("batch-zap", 0) == 0;
                    const std::string args = "run --check " + starts[k].second + " --writer " + writer + " --pages " +
                                             pages + " --memory " + memory + " --reader-order " + orders[o] +
                                             " --search full" + (what_if ? " --what-if" : "");
                    CAPTURE(args);
                    const nlohmann::json j = run_json(args);
                    const std::string want = j["verdict"] == "holds"
                                                 ? "holds (" + std::to_string(j["executions"].get<long long>()) + ")"
                                                 : "**violation** (" +
                                                       std::to_string(j["violating_executions"].get<long long>()) +
                                                       " of " + std::to_string(j["executions"].get<long long>()) + ")";
                    CHECK(squeeze(cell[o]) == want);
                    cells++;
                }
            }
        }
        CHECK(cells == 64);  // 4 checks x 8 writers x 2 orders
    }

    TEST_CASE("every `$ foliocheck run` block in the docs prints what the binary prints") {
        size_t blocks = 0;
        for (const char* name : {"model.md", "checks.md", "reading-a-trace.md", "usage.md", "limitations.md"}) {
            const std::string text = doc(name);
            size_t at = 0;
            while ((at = text.find("```text\n$ foliocheck run ", at)) != std::string::npos) {
                const size_t cmd_end = text.find('\n', at + 8);
                const size_t end = text.find("```", cmd_end);
                const std::string args = text.substr(at + 8 + 13, cmd_end - (at + 8 + 13));  // after "$ foliocheck "
                CAPTURE(name);
                CAPTURE(args);
                const std::string got = run_out(args);
                std::istringstream quoted(text.substr(cmd_end + 1, end - cmd_end - 1));
                std::string line;
                while (std::getline(quoted, line))
                    if (quoted_line(line)) CHECK_MESSAGE(got.find(line + "\n") != std::string::npos, line);
                blocks++;
                at = end;
            }
        }
        CHECK(blocks >= 5);
    }

    TEST_CASE("every release summary quoted in docs/checks.md is what release prints") {
        const std::string text = doc("checks.md");
        for (const char* k : {"v6.5", "current"}) {
            CAPTURE(k);
            const std::string out =
                run_out(std::string("release --kernel ") + k + " --pages 1-2 --memory sc --no-fixes");
            std::istringstream lines(out);
            std::string line;
            size_t quoted = 0;
            while (std::getline(lines, line)) {
                // "is V safe? ..." up to its parenthesis, and each proposal's "== NAME: ... ==" line.
                std::string q;
                if (line.rfind("is ", 0) == 0) q = line.substr(0, line.find(" (the paths"));
                else if (line.rfind("== batch-zap-v4: ", 0) == 0 || line.rfind("== try-to-unmap-batched: ", 0) == 0)
                    q = line;
                if (q.empty()) continue;
                CAPTURE(q);
                CHECK(text.find(q + "\n") != std::string::npos);
                quoted++;
            }
            CHECK(quoted == 2);
        }
    }

    TEST_CASE("every figure quoted in the prose of the docs is what the binary prints") {
        for (const Figure& f : kFigures) {
            CAPTURE(f.doc);
            CAPTURE(f.quoted);
            CHECK(squeeze(doc(f.doc)).find(f.quoted) != std::string::npos);
            CAPTURE(f.args);
            CHECK(run_json(f.args)[f.field].get<long long>() == f.value);
        }
        for (const Classes& c : kClasses) {
            CAPTURE(c.doc);
            CAPTURE(c.quoted);
            CHECK(squeeze(doc(c.doc)).find(c.quoted) != std::string::npos);
            for (const char* mode : {" --search reduced", " --search full"}) {  // classes need every execution
                const nlohmann::json j = run_json(std::string(c.args) + mode);
                CHECK(j["spurious_classes"]["writer_transient"].get<long long>() == c.transient);
                CHECK(j["spurious_classes"]["torn_snapshot"].get<long long>() == c.torn);
            }
        }
    }

    TEST_CASE("the larger searches docs/limitations.md quotes") {
        CHECK(squeeze(doc("limitations.md")).find("191635 and 1976672 executions") != std::string::npos);
        CHECK(run_json("run --check compaction --writer zap-v6.5 --pages 5 --reader-order map-first --search full")
                  ["executions"]
                      .get<long long>() == 1976672);
    }
}
