// tests/test_export_litmus.cpp: `run --litmus` (harness/report/export_litmus): the C litmus test of a
// counterexample, for every writer.
//
// Three kinds of checks:
//   - shape: one thread per CPU, every primitive of each Program with its kernel name and
//     location, the scenario's initial values, the exists clause, balanced braces, no
//     arrays or loops, and the traps of herd7's parsers (herdtools7 lib/CLexer.mll,
//     lib/CParser.mly, lib/splitter.mll): "-1" glued to a name, empty blocks, &&/||/!,
//     splitter keywords in thread code;
//   - meaning: a small interpreter for the generated C (kernel calls with the semantics of
//     tools/memory-model/linux-kernel.def) runs the threads one after the other, in both
//     orders, and must end with the same registers and memory as foliocheck's Programs run
//     the same way; and replaying the counterexample's own interleaving in the litmus code
//     must read the same values and end with r_extra = 0 (herd7 must find that execution);
//   - the predicate: CheckDef::sees_extra_c agrees with sees_extra on many values.
#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "checks/check.hpp"
#include "checks/scenario.hpp"
#include "checks/writers/writer.hpp"
#include "harness/report/export_litmus.hpp"
#include "harness/search/runner.hpp"
#include "tests/litmus_c_interpreter.hpp"
#include "tests/litmus_text_support.hpp"

using namespace fc;
using namespace fc::litmus_test;

namespace {
// ---- the checks ---------------------------------------------------------------------------

void check_shape(const RunRequest& req, const Counterexample& cx, const std::string& text) {
    INFO(text);
    BuiltScenario b;
    build_scenario(scenario_config(req, cx.order), b);
    const JudgeContext& j = b.judge;
    const Parts p = split(text);

    // Name line and header.
    CHECK(p.name_line.rfind("C foliocheck+", 0) == 0);
    CHECK(std::regex_match(p.name_line, std::regex(R"(C [A-Za-z0-9_./+\-\[\]]+)")));
    CHECK(contains(p.header, " * Result: "));
    CHECK(contains(p.header, std::string("foliocheck ") + FOLIOCHECK_VERSION));
    CHECK(contains(p.header, std::string("memory setting was ") + memory_name(req.memory)));
    CHECK(contains(p.header, std::string(req.check->name) + " vs " + req.writer->name));
    CHECK(count_of(p.header, "(*") == 1);  // the splitter skips it whole only if not nested
    CHECK(count_of(p.header, "*)") == 1);
    CHECK_FALSE(contains(p.header, "{"));
    CHECK(text.find("(*") == text.find("\n\n(*\n") + 2);  // "(*" alone on its line
    CHECK_FALSE(contains(p.header, "NOT EXPRESSED"));
    CHECK_FALSE(contains(text, "INCOMPLETE"));

    // One thread per CPU, P0, P1, ...
    REQUIRE(p.threads.size() == cx.cpus.size());
    for (size_t c = 0; c < p.threads.size(); c++) CHECK(p.threads[c].rfind("P" + std::to_string(c) + "(", 0) == 0);

    // Init: exactly the locations some CPU accesses, with the scenario's initial values.
    std::vector<bool> accessed(LOC_COUNT, false);
    for (const Program& prog : cx.cpus)
        for (const Insn& in : prog.code)
            if (in.op == Op::prim && prim_info(in.prim).kind != PrimKind::fence) accessed[in.loc] = true;
    for (int loc = 0; loc < LOC_COUNT; loc++) {
        const std::string n = litmus_loc_name(loc);
        if (!accessed[static_cast<size_t>(loc)]) {
            CHECK_FALSE(std::regex_search(p.init, std::regex("\\b" + n + "\\b")));
            continue;
        }
        CHECK(b.engine.init.used[static_cast<size_t>(loc)]);
        const std::string v = std::to_string(b.engine.init.value[static_cast<size_t>(loc)]);
        if (loc >= LOC_PTE0) CHECK(contains(p.init, "\tint " + n + " = " + v + ";\n"));
        else CHECK(contains(p.init, "\tatomic_t " + n + " = ATOMIC_INIT(" + v + ");\n"));
    }

    // Every primitive, with its kernel name and location, in its own thread, as often as the
    // Program has it; parameters name exactly the thread's locations.
    for (size_t c = 0; c < cx.cpus.size(); c++) {
        const std::string code = strip_c_comments(body_of(p.threads[c]));
        std::map<std::string, size_t> want;
        std::vector<int> locs;
        for (const Insn& in : cx.cpus[c].code) {
            if (in.op != Op::prim) continue;
            want[expected_call(in)]++;
            if (prim_info(in.prim).kind != PrimKind::fence) locs.push_back(in.loc);
        }
        for (const auto& [call, n] : want) {
            INFO("P" << c << ": " << call);
            CHECK(count_of(code, call) == n);
        }
        const std::string params = p.threads[c].substr(0, p.threads[c].find('\n'));
        for (int loc = 0; loc < LOC_COUNT; loc++) {
            const bool in_thread = std::find(locs.begin(), locs.end(), loc) != locs.end();
            const bool param = contains(params, "*" + litmus_loc_name(loc) + ",") ||
                               contains(params, "*" + litmus_loc_name(loc) + ")");
            CHECK(param == in_thread);
        }
        // Registers: every rN used is declared (int rN = 0;) before the code.
        static const std::regex reg(R"(\br(_extra|[0-9]+)\b)");
        for (std::sregex_iterator it(code.begin(), code.end(), reg), end; it != end; ++it)
            CHECK(contains(code, "int " + it->str() + " = 0;"));
    }

    // The C part: balanced braces and parentheses, no arrays, loops, goto, && || !, no
    // name-glued minus, no empty block, no splitter keyword.
    std::string c_part = p.init;
    for (const std::string& t : p.threads) c_part += t;
    const std::string code = strip_c_comments(c_part);
    int depth = 0, parens = 0;
    for (char ch : code) {
        depth += ch == '{' ? 1 : ch == '}' ? -1 : 0;
        parens += ch == '(' ? 1 : ch == ')' ? -1 : 0;
        CHECK(depth >= 0);
        CHECK(parens >= 0);
    }
    CHECK(depth == 0);
    CHECK(parens == 0);
    CHECK(count_of(text, "{") == count_of(text, "}"));
    CHECK_FALSE(contains(code, "["));
    CHECK_FALSE(contains(code, "]"));
    CHECK_FALSE(std::regex_search(code, std::regex(R"(\b(while|for|do|goto|switch)\b)")));
    CHECK_FALSE(contains(code, "&&"));
    CHECK_FALSE(contains(code, "||"));
    CHECK_FALSE(std::regex_search(code, std::regex(R"(![^=])")));
    CHECK_FALSE(std::regex_search(code, std::regex(R"([A-Za-z0-9_)]-[0-9])")));
    CHECK_FALSE(std::regex_search(code, std::regex(R"(\{\s*\})")));
    CHECK_FALSE(contains(c_part, "\""));
    CHECK_FALSE(std::regex_search(
        c_part,
        std::regex(
            R"((^|[^A-Za-z0-9_/.\-])(exists|final|forall|locations|filter|cases|observed|Observed)($|[^A-Za-z0-9_/.\-]))")));

    // The check's outcome and the final state.
    const std::string reader = strip_c_comments(p.threads[static_cast<size_t>(j.reader_cpu)]);
    CHECK(contains(reader, "int r_extra = 0;"));
    CHECK(contains(reader, "r_extra = 1;"));
    CHECK(contains(reader, "r_extra = 0;\n}"));
    const std::string rc = std::to_string(j.reader_cpu);
    CHECK(contains(p.final_state, "locations [" + rc + ":r" + std::to_string(j.reg_refcount) + "; " + rc + ":r" +
                                      std::to_string(j.reg_mapcount) + "]\n"));
    if (req.writer->kind == WriterKind::pin)
        CHECK(contains(p.final_state, "exists (" + std::to_string(j.writer_cpu) + ":r" + std::to_string(j.writer.kept) +
                                          "=1 /\\ " + rc + ":r_extra=0)\n"));
    else CHECK(contains(p.final_state, "exists (" + rc + ":r_extra=0)\n"));
    CHECK(text.back() == '\n');
}

// Runs the threads one after the other in `order`, litmus and Programs alike, and compares.
void check_sequential(const RunRequest& req, const Counterexample& cx, const std::string& text,
                      const std::vector<size_t>& order) {
    BuiltScenario b;
    build_scenario(scenario_config(req, cx.order), b);
    const JudgeContext& j = b.judge;
    Machine m = load(split(text));
    Ref r;
    r.mem = b.engine.init.value;
    r.pc.assign(cx.cpus.size(), 0);
    for (const Program& p : cx.cpus) r.regs.emplace_back(static_cast<size_t>(std::max(p.nregs, 1)), 0);
    for (size_t c : order) {
        while (step(m, c)) {
        }
        while (ref_step(r, cx.cpus, c)) {
        }
    }
    for (const auto& [name, v] : m.mem) {
        int loc = -1;
        for (int l = 0; l < LOC_COUNT; l++)
            if (litmus_loc_name(l) == name) loc = l;
        REQUIRE(loc >= 0);
        INFO("location " << name);
        CHECK(v == r.mem[static_cast<size_t>(loc)]);
    }
    for (size_t c = 0; c < cx.cpus.size(); c++)
        for (const auto& [name, v] : m.regs[c]) {
            if (name == "r_extra") continue;
            const int n = std::stoi(name.substr(1));
            if (n >= cx.cpus[c].nregs) continue;  // a fresh register for an ignored result
            INFO("P" << c << ":" << name);
            CHECK(v == r.regs[c][static_cast<size_t>(n)]);
        }
    const auto& rr = r.regs[static_cast<size_t>(j.reader_cpu)];
    const bool sees = req.check->sees_extra(rr[static_cast<size_t>(j.reg_refcount)],
                                            rr[static_cast<size_t>(j.reg_mapcount)], req.pages, req.swapcache);
    CHECK(m.regs[static_cast<size_t>(j.reader_cpu)]["r_extra"] == (sees ? 1 : 0));
}

// Replays the counterexample's interleaving (each access or barrier event = one call of its
// thread) in the litmus code: the loads must read what foliocheck's loads read, and the final
// state must satisfy the exists clause. Only for executions without stale reads (the
// interpreter is sequentially consistent).
void check_replay(const RunRequest& req, const Counterexample& cx, const std::string& text) {
    for (const TraceEvent& e : cx.trace.events)
        if (e.stale) return;
    BuiltScenario b;
    build_scenario(scenario_config(req, cx.order), b);
    const JudgeContext& j = b.judge;
    Machine m = load(split(text));
    for (const TraceEvent& e : cx.trace.events) {
        if (e.kind != EventKind::access && e.kind != EventKind::barrier) continue;
        REQUIRE(step(m, e.cpu));
        CHECK(m.last_call == prim_info(e.prim).name);
        if (e.kind == EventKind::access && prim_info(e.prim).kind == PrimKind::load) CHECK(m.last_value == e.before);
    }
    for (size_t c = 0; c < m.code.size(); c++) CHECK_FALSE(step(m, c));  // nothing left but local code
    CHECK(m.regs[static_cast<size_t>(j.reader_cpu)]["r_extra"] == 0);
    if (req.writer->kind == WriterKind::pin)
        CHECK(m.regs[static_cast<size_t>(j.writer_cpu)]["r" + std::to_string(j.writer.kept)] == 1);
}

void check_all(const RunRequest& req, const Counterexample& cx) {
    const std::string text = export_litmus(req, cx);
    // A run over every pin count exports its counterexample with the pins it holds.
    RunRequest at = req;
    if (at.pins == kEveryPinCount && cx.pins > 0) at.pins = cx.pins;
    check_shape(at, cx, text);
    check_sequential(at, cx, text, {0, 1});
    check_sequential(at, cx, text, {1, 0});
    check_replay(at, cx, text);
}

}  // namespace

TEST_SUITE("harness/export_litmus") {
    TEST_CASE(
        "each writer's counterexample becomes a litmus test with every primitive, the init values and the exists "
        "clause") {
        // A configuration with a violation for each writer: the unmap paths with the mapcount read
        // first (except batch-zap-v4, which drops references first), fork with the refcount read
        // first, GUP-fast against KSM under --memory relaxed (sc and lkmm hold).
        struct Config {
            const char* check;
            const char* writer;
            int pages;
            Memory memory;
            ReadOrder order;
        };
        const ReadOrder ref = ReadOrder::ref_first, map = ReadOrder::map_first;
        const Config configs[] = {
            {"compaction", "zap-v6.5", 2, Memory::sc, map},
            {"compaction", "zap-v6.5-nogather", 2, Memory::sc, map},
            {"compaction", "batch-zap-v4", 2, Memory::sc, ref},
            {"compaction", "batch-zap-two-loop", 2, Memory::sc, map},
            {"compaction", "zap-v6.9", 2, Memory::sc, map},
            {"compaction", "fork-v6.5", 2, Memory::sc, ref},
            {"compaction", "fork-v6.9", 2, Memory::sc, ref},
            {"ksm", "gup-fast", 1, Memory::relaxed, ref},
            {"split", "zap-v6.9", 2, Memory::c11, map},
            {"khugepaged", "fork-v6.9", 2, Memory::c11, map},
        };
        for (const Config& c : configs) {
            const std::string writer_name = c.writer;
            CAPTURE(writer_name);
            const RunRequest req = request(c.check, c.writer, c.pages, c.memory, c.order);
            check_all(req, run_cx(req));
        }
    }

    TEST_CASE("the canonical counterexample: batch-zap-v4 against compaction, 2 pages, ref-first, sc") {
        const RunRequest req = request("compaction", "batch-zap-v4", 2);
        const Counterexample cx = run_cx(req);
        const std::string text = export_litmus(req, cx);
        CHECK(text.rfind("C foliocheck+compaction+batch-zap-v4+2pages+ref-first\n", 0) == 0);
        CHECK(contains(text, " * Result: Sometimes\n"));
        CHECK(contains(text, "\tatomic_t refcount = ATOMIC_INIT(4);\n"));
        CHECK(contains(text, "\tatomic_t entire_mapcount = ATOMIC_INIT(-1);\n"));
        CHECK(contains(text, "\tatomic_t nr_pages_mapped = ATOMIC_INIT(2);\n"));
        CHECK(contains(text, "\tatomic_t mapcount0 = ATOMIC_INIT(0);\n"));
        CHECK(contains(text, "\tatomic_t mapcount1 = ATOMIC_INIT(0);\n"));
        CHECK_FALSE(contains(text, "pte0"));  // no CPU reads a PTE here
        CHECK(contains(text, "\tatomic_inc(refcount);\n"));
        CHECK(contains(text, "= atomic_add_negative(-1, mapcount0);\n"));
        CHECK(contains(text, "= atomic_sub_return_relaxed(r0, nr_pages_mapped);\n"));
        CHECK(contains(text, "\tif ((r0 - 1) > r1)\n\t\tr_extra = 1;\n\telse\n\t\tr_extra = 0;\n"));
        CHECK(contains(text, "exists (1:r_extra=0)\n"));
    }

    TEST_CASE(
        "every check, writer and option combination exports a well-formed litmus test that means what the Programs "
        "do") {
        for (const CheckDef* check : all_checks())
            for (const WriterDef* writer : all_writers())
                for (int pages : {1, 3})
                    for (MapcountDesign design : {MapcountDesign::per_page, MapcountDesign::large})
                        for (ReaderBarrier barrier : {ReaderBarrier::none, ReaderBarrier::rmb})
                            for (ReadOrder order : {ReadOrder::ref_first, ReadOrder::map_first}) {
                                RunRequest req = request(check->name, writer->name, pages);
                                req.mapcount = design;
                                req.barrier = barrier;
                                req.order = order;
                                req.writer_mb = pages == 3;
                                req.swapcache = design == MapcountDesign::large && check->swapcache_refusal == nullptr;
                                if (!validate_config(scenario_config(req, order)).empty()) continue;
                                const std::string names = std::string(check->name) + " vs " + writer->name;
                                CAPTURE(names);
                                CAPTURE(pages);
                                if (!litmus_refusal(req).empty()) {
                                    CHECK_THROWS_AS(export_litmus(req, built_cx(req)), std::invalid_argument);
                                    continue;
                                }
                                const Counterexample cx = built_cx(req);
                                const std::string text = export_litmus(req, cx);
                                check_shape(req, cx, text);
                                check_sequential(req, cx, text, {0, 1});
                                check_sequential(req, cx, text, {1, 0});
                            }
    }

    TEST_CASE("gup-fast is refused for checks other than ksm: their judge is not a final-state condition") {
        RunRequest req = request("compaction", "gup-fast", 1);
        CHECK(contains(litmus_refusal(req), "--check ksm"));
        req = request("ksm", "gup-fast", 1);
        CHECK(litmus_refusal(req).empty());
        req = request("compaction", "zap-v6.5", 2);
        CHECK(litmus_refusal(req).empty());
    }

    TEST_CASE("the memory setting changes only the header: Sometimes for sc and lkmm, Maybe for relaxed") {
        RunRequest req = request("compaction", "zap-v6.5", 2);
        const Counterexample cx = built_cx(req);
        const std::string sc = export_litmus(req, cx);
        req.memory = Memory::c11;
        const std::string lkmm = export_litmus(req, cx);
        req.memory = Memory::relaxed;
        const std::string relaxed = export_litmus(req, cx);
        CHECK(contains(sc, " * Result: Sometimes\n"));
        CHECK(contains(lkmm, " * Result: Sometimes\n"));
        CHECK(contains(relaxed, " * Result: Maybe\n"));
        CHECK(contains(relaxed, "memory setting was relaxed"));
        auto after_header = [](const std::string& t) { return t.substr(t.find(" *)\n")); };
        CHECK(after_header(sc) == after_header(lkmm));
        CHECK(after_header(sc) == after_header(relaxed));
    }

    TEST_CASE("each check's sees_extra_c agrees with sees_extra on many values") {
        for (const CheckDef* c : all_checks()) {
            REQUIRE(c->sees_extra_c);
            for (int pages : {1, 2, 3, 4, 16})
                for (bool swap : {false, true})
                    for (int r = -3; r <= 40; r++)
                        for (int m = -3; m <= 40; m++) {
                            const std::string e = instantiate_sees_extra(c->sees_extra_c, std::to_string(r),
                                                                         std::to_string(m), pages, swap);
                            long long v = 0;
                            std::string error;
                            REQUIRE_MESSAGE(eval_litmus_expr(e, v, &error), c->name << ": " << e << ": " << error);
                            if ((v != 0) != c->sees_extra(r, m, pages, swap)) {
                                FAIL_CHECK(c->name << " disagrees at R=" << r << " M=" << m << " P=" << pages
                                                   << " S=" << swap << ": " << e << " = " << v);
                                return;
                            }
                        }
        }
    }

    TEST_CASE("sees_extra_c templates stay in herd7's expression fragment with registers too") {
        for (const CheckDef* c : all_checks()) {
            const std::string e = instantiate_sees_extra(c->sees_extra_c, "r0", "r1", 2, true);
            CHECK_FALSE(contains(e, "{"));
            CHECK_FALSE(contains(e, "&&"));
            CHECK_FALSE(contains(e, "||"));
            CHECK_FALSE(std::regex_search(e, std::regex(R"(![^=])")));
            CHECK_FALSE(std::regex_search(e, std::regex(R"([A-Za-z0-9_)]-[0-9])")));
        }
    }

    TEST_CASE("the expression evaluator follows herd7: precedences, nonassoc comparisons, -1 as one constant") {
        long long v = 0;
        CHECK(eval_litmus_expr("(4 - 1) > 2", v));
        CHECK(v == 1);
        CHECK(eval_litmus_expr("2 + 3 * 4 == 14", v));
        CHECK(v == 1);
        CHECK(eval_litmus_expr("1 | 2 ^ 3 & 6", v));  // | < ^ < &
        CHECK(v == (1 | (2 ^ (3 & 6))));
        CHECK(eval_litmus_expr("3 - -1", v));
        CHECK(v == 4);
        CHECK(eval_litmus_expr("7 - 2 - 1", v));  // left associative
        CHECK(v == 4);
        CHECK_FALSE(eval_litmus_expr("3 -1", v));  // CONSTANT CONSTANT in herd7
        CHECK_FALSE(eval_litmus_expr("1 < 2 < 3", v));
        CHECK_FALSE(eval_litmus_expr("1 && 1", v));
        CHECK_FALSE(eval_litmus_expr("!1", v));
        CHECK_FALSE(eval_litmus_expr("(1", v));
        CHECK_FALSE(eval_litmus_expr("1 / 0", v));
    }

}  // TEST_SUITE("harness/export_litmus")
