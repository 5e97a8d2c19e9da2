// tests/test_export_dot.cpp: `run --dot` (harness/report/export_dot): the counterexample execution
// as a graphviz digraph. Every displayed step is a node in its CPU's cluster, po edges follow
// each CPU's steps, every load has its rf edge (from the write it read or from "init"), the
// writes of each location are chained by mo edges, stale reads are highlighted, and the text
// is a well-formed digraph (checked structurally here; rendered with `dot` when installed).
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "harness/report/export_dot.hpp"
#include "harness/report/report.hpp"
#include "harness/search/runner.hpp"

using namespace fc;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

RunRequest request(const char* check, const char* writer, int pages, Memory memory, ReadOrder order) {
    RunRequest r;
    r.check = find_check(check);
    r.writer = find_writer(writer);
    REQUIRE(r.check);
    REQUIRE(r.writer);
    r.pages = pages;
    r.order = order;
    r.memory = memory;
    r.search.mode = SearchMode::full;
    return r;
}

Counterexample run_cx(const RunRequest& r) {
    const RunResult res = run_config(r);
    REQUIRE(res.verdict == Verdict::violation);
    REQUIRE(res.counterexample);
    return *res.counterexample;
}

// The DOT text as statements: node declarations (id -> attribute text) and edges.
struct Graph {
    std::map<std::string, std::string> nodes;
    struct Edge {
        std::string from, to, attrs;
    };
    std::vector<Edge> edges;
    std::vector<std::string> clusters;
    std::map<std::string, std::string> node_cluster;
};

// A structural parse: comments and quoted strings are respected, braces must balance, and
// every statement must be a node, an edge, an attribute or a subgraph.
Graph parse(const std::string& dot) {
    Graph g;
    // Drop // comment lines before the graph.
    std::string text;
    size_t at = 0;
    while (at < dot.size()) {
        size_t nl = dot.find('\n', at);
        if (nl == std::string::npos) nl = dot.size();
        const std::string line = dot.substr(at, nl - at);
        const size_t first = line.find_first_not_of(' ');
        if (first == std::string::npos || line.compare(first, 2, "//") != 0) text += line + "\n";
        at = nl + 1;
    }
    REQUIRE(text.rfind("digraph foliocheck {\n", 0) == 0);
    REQUIRE(text.size() >= 2);
    CHECK(text.substr(text.size() - 2) == "}\n");

    // Quotes balance (escaped quotes excepted) and braces balance outside quotes.
    int depth = 0;
    bool quoted = false;
    for (size_t i = 0; i < text.size(); i++) {
        const char c = text[i];
        if (quoted) {
            if (c == '\\') i++;
            else if (c == '"') quoted = false;
            else CHECK(c != '\n');
            continue;
        }
        if (c == '"') quoted = true;
        else if (c == '{') depth++;
        else if (c == '}') depth--;
        CHECK(depth >= 0);
    }
    CHECK_FALSE(quoted);
    CHECK(depth == 0);

    static const std::regex node_re(R"(^\s*(e[0-9]+|init) \[(.*)\];$)");
    static const std::regex edge_re(R"(^\s*(e[0-9]+|init) -> (e[0-9]+) \[(.*)\];$)");
    static const std::regex cluster_re(R"(^\s*subgraph (cluster_cpu[0-9]+) \{$)");
    static const std::regex attr_re(R"(^\s*[a-z]+=("([^"\\]|\\.)*"|[A-Za-z0-9.]+);$)");
    static const std::regex defaults_re(R"(^\s*(node|edge) \[.*\];$)");
    std::string cluster;
    std::smatch m;
    at = text.find('\n') + 1;
    while (at < text.size()) {
        size_t nl = text.find('\n', at);
        const std::string line = text.substr(at, nl - at);
        at = nl + 1;
        if (line.find_first_not_of(' ') == std::string::npos) continue;
        if (std::regex_match(line, m, edge_re)) {
            g.edges.push_back({m[1], m[2], m[3]});
        } else if (std::regex_match(line, m, node_re)) {
            CHECK_MESSAGE(g.nodes.count(m[1]) == 0, "node declared twice: " << m[1]);
            g.nodes[m[1]] = m[2];
            g.node_cluster[m[1]] = cluster;
        } else if (std::regex_match(line, m, cluster_re)) {
            cluster = m[1];
            g.clusters.push_back(cluster);
        } else if (line == "  }") {
            cluster.clear();
        } else if (line == "}") {
            break;
        } else {
            const bool known = std::regex_match(line, attr_re) || std::regex_match(line, defaults_re);
            CHECK_MESSAGE(known, "not a DOT statement foliocheck writes: " << line);
        }
    }
    for (const Graph::Edge& e : g.edges) {
        CHECK_MESSAGE(g.nodes.count(e.from), "edge from an undeclared node " << e.from);
        CHECK_MESSAGE(g.nodes.count(e.to), "edge to an undeclared node " << e.to);
    }
    return g;
}

std::vector<const Graph::Edge*> edges_labelled(const Graph& g, const std::string& label_prefix) {
    std::vector<const Graph::Edge*> out;
    for (const Graph::Edge& e : g.edges)
        if (contains(e.attrs, "label=\"" + label_prefix)) out.push_back(&e);
    return out;
}

bool has_edge(const Graph& g, const std::string& from, const std::string& to, const std::string& label_prefix) {
    for (const Graph::Edge* e : edges_labelled(g, label_prefix))
        if (e->from == from && e->to == to) return true;
    return false;
}

std::string id(size_t i) { return "e" + std::to_string(i); }

void check_graph(const RunRequest& req, const Counterexample& cx) {
    const std::string dot = export_dot(req, cx);
    INFO(dot);
    const Graph g = parse(dot);
    const Trace& t = cx.trace;
    const std::vector<int> numbers = display_numbers(t);

    // Clusters: one per CPU.
    REQUIRE(g.clusters.size() == cx.cpus.size());
    CHECK(g.nodes.count("init"));

    // Every displayed event is a node in its CPU's cluster, labelled like the text trace.
    size_t shown = 0;
    for (size_t i = 0; i < t.events.size(); i++) {
        if (numbers[i] == 0) {
            CHECK(g.nodes.count(id(i)) == 0);
            continue;
        }
        shown++;
        const TraceEvent& e = t.events[i];
        REQUIRE_MESSAGE(g.nodes.count(id(i)), "event " << i << " has no node");
        CHECK(g.node_cluster.at(id(i)) == "cluster_cpu" + std::to_string(e.cpu));
        const std::string& attrs = g.nodes.at(id(i));
        CHECK(contains(attrs, "#" + std::to_string(numbers[i]) + "  "));
        CHECK(contains(attrs, prim_info(e.prim).name));
        if (e.kind == EventKind::access) CHECK(contains(attrs, loc_name(e.loc)));
        if (e.stale) {
            CHECK(contains(attrs, "STALE (latest " + std::to_string(e.latest) + ")"));
            CHECK(contains(attrs, "filled"));
        }
    }
    CHECK(g.nodes.size() == shown + 1);  // + init

    // po: consecutive displayed steps of each CPU.
    std::map<int, size_t> last;
    size_t po = 0;
    for (size_t i = 0; i < t.events.size(); i++) {
        if (numbers[i] == 0) continue;
        const int c = t.events[i].cpu;
        if (last.count(c)) {
            CHECK(has_edge(g, id(last[c]), id(i), "po"));
            po++;
        }
        last[c] = i;
    }
    CHECK(edges_labelled(g, "po").size() == po);

    // rf: every load, from the write it read or from init.
    size_t loads = 0;
    for (size_t i = 0; i < t.events.size(); i++) {
        const TraceEvent& e = t.events[i];
        if (e.kind != EventKind::access || prim_info(e.prim).kind != PrimKind::load) continue;
        loads++;
        const std::string from = e.rf == -1 ? "init" : id(static_cast<size_t>(e.rf));
        CHECK_MESSAGE(has_edge(g, from, id(i), "rf"), "no rf edge " << from << " -> " << id(i));
    }
    CHECK(edges_labelled(g, "rf").size() == loads);
    CHECK(loads > 0);

    // mo: per location, each write to the next.
    std::map<int, size_t> last_write;
    size_t mo = 0;
    for (size_t i = 0; i < t.events.size(); i++) {
        const TraceEvent& e = t.events[i];
        if (e.kind != EventKind::access) continue;
        const PrimInfo& info = prim_info(e.prim);
        const bool write = info.kind == PrimKind::store ||
                           (info.kind == PrimKind::rmw && (info.result != RmwResult::success || e.result));
        if (!write) continue;
        if (last_write.count(e.loc)) {
            CHECK(has_edge(g, id(last_write[e.loc]), id(i), "mo " + loc_name(e.loc)));
            mo++;
        }
        last_write[e.loc] = i;
    }
    CHECK(edges_labelled(g, "mo").size() == mo);

    // The graph label names the configuration and the snapshot.
    CHECK(contains(dot, std::string(req.check->name) + " vs " + req.writer->name));
    CHECK(contains(dot, "the check saw refcount " + std::to_string(cx.snapshot.refcount) + ", mapcount " +
                            std::to_string(cx.snapshot.mapcount)));
}

bool have_dot() { return std::system("command -v dot >/dev/null 2>&1") == 0; }

}  // namespace

TEST_SUITE("harness/export_dot") {
    TEST_CASE(
        "the canonical counterexample: every step a node, po, rf from init and from CPU 0's drop, mo on refcount") {
        const RunRequest req = request("compaction", "batch-zap-v4", 2, Memory::sc, ReadOrder::ref_first);
        const Counterexample cx = run_cx(req);
        check_graph(req, cx);
        const std::string dot = export_dot(req, cx);
        CHECK(contains(dot, "subgraph cluster_cpu0 {"));
        CHECK(contains(dot, "label=\"CPU 0: batch-zap-v4\";"));
        CHECK(contains(dot, "label=\"CPU 1: compaction\";"));
        CHECK(contains(dot, "folio->_refcount = 4"));  // the init node
        CHECK(contains(dot, "atomic_read(&folio->_refcount) = 3  [rf #3]"));
    }

    TEST_CASE("counterexamples of every kind of writer, with weak memory and stale reads, are well-formed graphs") {
        struct Config {
            const char* check;
            const char* writer;
            int pages;
            Memory memory;
            ReadOrder order;
        };
        const ReadOrder ref = ReadOrder::ref_first, map = ReadOrder::map_first;
        const Config configs[] = {
            {"compaction", "zap-v6.5", 2, Memory::sc, map},           {"compaction", "zap-v6.9", 2, Memory::c11, map},
            {"compaction", "fork-v6.9", 2, Memory::c11, ref},         {"ksm", "gup-fast", 1, Memory::relaxed, ref},
            {"split", "batch-zap-two-loop", 3, Memory::relaxed, ref},
        };
        bool stale_seen = false;
        for (const Config& c : configs) {
            const std::string writer_name = c.writer;
            CAPTURE(writer_name);
            const RunRequest req = request(c.check, c.writer, c.pages, c.memory, c.order);
            const Counterexample cx = run_cx(req);
            for (const TraceEvent& e : cx.trace.events) stale_seen = stale_seen || e.stale;
            check_graph(req, cx);
        }
        CHECK(stale_seen);  // the highlighting was exercised
    }

    TEST_CASE("graphviz renders the graph when it is installed") {
        if (!have_dot()) {
            MESSAGE("dot (graphviz) is not installed: rendering not checked");
            return;
        }
        const RunRequest req = request("compaction", "batch-zap-v4", 2, Memory::sc, ReadOrder::ref_first);
        const std::string dot = export_dot(req, run_cx(req));
        std::string name_s = (std::filesystem::temp_directory_path() / "foliocheck-dot-XXXXXX").string();
        char* name = &name_s[0];
        const int fd = mkstemp(name);
        REQUIRE(fd >= 0);
        close(fd);
        {
            std::ofstream f(name);
            f << dot;
        }
        const std::string cmd = std::string("dot -Tsvg ") + name + " -o /dev/null 2>&1";
        const int rc = std::system(cmd.c_str());
        std::remove(name);
        CHECK(WIFEXITED(rc));
        CHECK(WEXITSTATUS(rc) == 0);
    }

}  // TEST_SUITE("harness/export_dot")
