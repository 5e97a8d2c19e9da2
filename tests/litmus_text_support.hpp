// tests/litmus_text_support.hpp: for the export tests (tests/test_export_litmus.cpp): requests
// and counterexamples, the exported text split into its parts, and the kernel spelling
// foliocheck's Programs must appear with.
#pragma once

#include <regex>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "checks/check.hpp"
#include "checks/scenario.hpp"
#include "checks/writers/writer.hpp"
#include "harness/search/runner.hpp"

namespace fc::litmus_test {

inline bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

inline size_t count_of(const std::string& s, const std::string& part) {
    size_t n = 0;
    for (size_t at = s.find(part); at != std::string::npos; at = s.find(part, at + part.size())) n++;
    return n;
}

inline RunRequest request(const char* check, const char* writer, int pages, Memory memory = Memory::sc,
                          ReadOrder order = ReadOrder::ref_first) {
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

// A real counterexample (a full search).
inline Counterexample run_cx(const RunRequest& r) {
    const RunResult res = run_config(r);
    REQUIRE(res.verdict == Verdict::violation);
    REQUIRE(res.counterexample);
    return *res.counterexample;
}

// The scenario's programs without a search (for configurations that need no real violation).
inline Counterexample built_cx(const RunRequest& r) {
    BuiltScenario b;
    build_scenario(scenario_config(r, r.effective_order()), b);
    Counterexample cx;
    cx.order = r.effective_order();
    cx.cpus = b.engine.cpus;
    cx.snapshot.refcount = b.true_refcount;
    cx.snapshot.mapcount = b.true_mapcount;
    return cx;
}

// ---- the text, split into its parts ----------------------------------------------------

struct Parts {
    std::string name_line, header, init, final_state;
    std::vector<std::string> threads;  // each "Pn(...)\n{\n...}" with its body
};

inline Parts split(const std::string& text) {
    Parts p;
    const size_t nl = text.find('\n');
    p.name_line = text.substr(0, nl);
    const size_t h0 = text.find("(*\n"), h1 = text.find(" *)\n");
    REQUIRE(h0 != std::string::npos);
    REQUIRE(h1 != std::string::npos);
    p.header = text.substr(h0, h1 + 4 - h0);
    const size_t i0 = text.find("{\n", h1), i1 = text.find("}\n", i0);
    p.init = text.substr(i0, i1 + 2 - i0);
    size_t at = i1 + 2;
    for (;;) {
        const size_t t0 = text.find("\nP", at);
        if (t0 == std::string::npos || !std::isdigit(static_cast<unsigned char>(text[t0 + 2]))) break;
        const size_t t1 = text.find("\n}\n", t0);
        REQUIRE(t1 != std::string::npos);
        p.threads.push_back(text.substr(t0 + 1, t1 + 2 - t0));
        at = t1 + 2;
    }
    p.final_state = text.substr(at);
    return p;
}

inline std::string strip_c_comments(const std::string& code) {
    std::string out;
    for (size_t i = 0; i < code.size(); i++) {
        if (code.compare(i, 2, "/*") == 0) {
            const size_t end = code.find("*/", i + 2);
            REQUIRE(end != std::string::npos);
            i = end + 1;
            continue;
        }
        out += code[i];
    }
    return out;
}

inline std::string body_of(const std::string& thread) {
    const size_t b0 = thread.find("{\n");
    return thread.substr(b0 + 2, thread.rfind('}') - b0 - 2);
}

// ---- the kernel spelling foliocheck's Programs must appear with ------------------------

inline std::string expected_call(const Insn& in) {
    const PrimInfo& info = prim_info(in.prim);
    const std::string x = litmus_loc_name(in.loc);
    const std::string operand = in.src >= 0 ? "r" + std::to_string(in.src) : std::to_string(in.imm);
    switch (info.kind) {
    case PrimKind::fence: return std::string(info.name) + "();";
    case PrimKind::load:
        return in.prim == Prim::READ_ONCE ? "READ_ONCE(*" + x + ");" : std::string(info.name) + "(" + x + ");";
    case PrimKind::store:
        return in.prim == Prim::WRITE_ONCE ? "WRITE_ONCE(*" + x + ", " + operand + ");"
                                           : std::string(info.name) + "(" + x + ", " + operand + ");";
    case PrimKind::rmw:
        if (in.prim == Prim::atomic_add_unless) return std::string(info.name) + "(" + x + ", " + operand + ", 0);";
        if (info.operand_shown()) return std::string(info.name) + "(" + operand + ", " + x + ");";
        return std::string(info.name) + "(" + x + ");";
    case PrimKind::lock: return std::string(info.name) + "(lock" + std::to_string(in.loc) + ");";
    }
    return "?";
}

}  // namespace fc::litmus_test
