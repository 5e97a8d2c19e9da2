// harness/report/export_litmus.cpp: a counterexample as an LKMM C litmus test (see export_litmus.hpp).
//
// What herd7 accepts was read from herdtools7 (lib/CLexer.mll, lib/CParser.mly,
// lib/stateLexer.mll, lib/stateParser.mly, lib/splitter.mll) and from the kernel's
// tools/memory-model (linux-kernel.def, Documentation/litmus-tests.txt). Traps this file
// avoids, each from those sources:
//   - the C lexer reads "-1" as one constant, so "r0-1" is IDENTIFIER CONSTANT: a parse
//     error; every binary minus is written with a space after it;
//   - a block needs at least one statement ("{ }" does not parse): empty branches are left
//     out, and an if with only an else branch is written with the negated condition;
//   - the splitter ends the thread code at the first word "exists", "final", "forall",
//     "locations", "filter", "cases" or "observed", even inside a C comment, and skips
//     double-quoted strings: comments in thread code are cleaned of both;
//   - the header comment is skipped as a whole only if "(*" opens it on its own line, and it
//     must hold no "(*", "*)" or "{" of its own;
//   - a value-returning call such as atomic_dec_and_test() is an expression macro, so it is
//     always assigned to a register, never used as a statement.
#include "harness/report/export_litmus.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>
#include <stdexcept>

#include "checks/scenario.hpp"
#include "harness/report/litmus_threads.hpp"
#include "harness/report/report.hpp"

namespace fc {

std::string litmus_loc_name(int loc) {
    switch (loc) {
    case LOC_REFCOUNT: return "refcount";
    case LOC_ENTIRE_MAPCOUNT: return "entire_mapcount";
    case LOC_NR_PAGES_MAPPED: return "nr_pages_mapped";
    case LOC_LARGE_MAPCOUNT: return "large_mapcount";
    case LOC_PINCOUNT: return "pincount";
    case LOC_MM_ID_MAPCOUNT0: return "mm_id_mapcount0";
    case LOC_MM_ID_MAPCOUNT0 + 1: return "mm_id_mapcount1";
    case LOC_SWAPCACHE: return "pg_swapcache";
    default: break;
    }
    if (loc >= LOC_MAPCOUNT0 && loc < LOC_MAPCOUNT0 + kMaxPages)
        return "mapcount" + std::to_string(loc - LOC_MAPCOUNT0);
    if (loc >= LOC_PTE0 && loc < LOC_PTE0 + kMaxPages) return "pte" + std::to_string(loc - LOC_PTE0);
    return "loc" + std::to_string(loc);
}

std::string litmus_refusal(const RunRequest& req) {
    if (!req.also.empty())
        return "--litmus with --also: the export handles the two-CPU scenario only; drop --also or --litmus";
    if (req.writer && req.writer->sets_swapcache)
        return std::string("--litmus with --writer ") + req.writer->name +
               ": the exists clause would need the swapcache flag the check read; drop --litmus";
    if (req.writer && req.check && req.writer->kind == WriterKind::pin && !req.check->clears_pte_first)
        return std::string("--litmus with --writer ") + req.writer->name + " needs --check ksm: with --check " +
               req.check->name +
               ", whether a kept GUP-fast reference counts as missed depends on when it was taken relative to "
               "the check's refcount read, which a herd7 exists clause cannot state";
    return "";
}

std::string instantiate_sees_extra(const char* tmpl, const std::string& refcount, const std::string& mapcount,
                                   int pages, bool swapcache) {
    std::string out;
    const std::string t = tmpl ? tmpl : "";
    for (size_t i = 0; i < t.size(); i++) {
        if (t[i] == '{' && i + 2 < t.size() && t[i + 2] == '}') {
            const char k = t[i + 1];
            if (k == 'R') out += refcount;
            else if (k == 'M') out += mapcount;
            else if (k == 'P') out += std::to_string(pages);
            else if (k == 'S') out += swapcache ? "1" : "0";
            else throw std::logic_error(std::string("unknown placeholder in sees_extra_c: ") + t);
            i += 2;
        } else {
            out += t[i];
        }
    }
    return out;
}

namespace {

using namespace litmus_c;

// The test for `req` read in `order`; with a counterexample (`cx`), its header says what that
// execution read, else the configuration is exported as it is, for herd7 to answer.
std::string write_litmus(const RunRequest& req, ReadOrder order, const Counterexample* cx) {
    const std::string refusal = litmus_refusal(req);
    if (!refusal.empty()) throw std::invalid_argument(refusal);
    if (!req.check || !req.writer) throw std::invalid_argument("export_litmus needs a check and a writer");

    const ScenarioConfig cfg = scenario_config(req, order);
    BuiltScenario b;
    build_scenario(cfg, b);
    const JudgeContext& j = b.judge;
    const std::vector<Program>& cpus = cx && !cx->cpus.empty() ? cx->cpus : b.engine.cpus;
    const InitialValues& init = b.engine.init;

    // Locations: those some CPU accesses. int if only READ_ONCE/WRITE_ONCE touch it (the PTEs),
    // atomic_t otherwise.
    std::vector<bool> accessed(LOC_COUNT, false), int_loc(LOC_COUNT, true);
    for (const Program& p : cpus)
        for (const Insn& in : p.code)
            if (accesses(in)) {
                accessed[in.loc] = true;
                if (in.prim != Prim::READ_ONCE && in.prim != Prim::WRITE_ONCE) int_loc[in.loc] = false;
            }

    std::vector<ThreadWriter> writers;
    std::vector<Block> bodies;
    writers.reserve(cpus.size());
    for (const Program& p : cpus) {
        writers.emplace_back(p, int_loc);
        bodies.push_back(writers.back().body());
    }

    // The checker's outcome, into r_extra.
    ThreadWriter& rw = writers[static_cast<size_t>(j.reader_cpu)];
    const std::string reg_r = rw.reg(j.reg_refcount), reg_m = rw.reg(j.reg_mapcount);
    const std::string cond = instantiate_sees_extra(req.check->sees_extra_c, reg_r, reg_m, req.pages, req.swapcache);
    if (cx) {
        // Self-check: the instantiated template parses like herd7 and agrees with
        // sees_extra() on the snapshot this counterexample saw.
        long long v = 0;
        std::string error;
        const std::string at_snapshot =
            instantiate_sees_extra(req.check->sees_extra_c, std::to_string(cx->snapshot.refcount),
                                   std::to_string(cx->snapshot.mapcount), req.pages, req.swapcache);
        if (!eval_litmus_expr(at_snapshot, v, &error))
            throw std::logic_error(std::string("sees_extra_c of ") + req.check->name + " does not parse: " + error);
        if ((v != 0) != req.check->sees_extra(cx->snapshot.refcount, cx->snapshot.mapcount, req.pages, req.swapcache))
            throw std::logic_error(std::string("sees_extra_c of ") + req.check->name + " disagrees with sees_extra");
    }
    Block& rb = bodies[static_cast<size_t>(j.reader_cpu)];
    rb.add(c_comment(std::string("the check: ") + req.check->predicate + "; r_extra = 1: it sees an extra reference"),
           0, false);
    rb.add("if (" + cond + ")", 0, true);
    rb.add("r_extra = 1;", 1, true);
    rb.add("else", 0, false);
    rb.add("r_extra = 0;", 1, true);

    std::vector<std::string> problems;
    for (size_t c = 0; c < writers.size(); c++)
        for (const std::string& p : writers[c].problems()) problems.push_back("P" + std::to_string(c) + ": " + p);

    std::ostringstream s;
    s << "C " << litmus_name(req, order) << "\n\n";

    // Header.
    const bool gup = req.writer->kind == WriterKind::pin;
    std::vector<std::string> h;
    if (!cx) {
        h.push_back("Exported by foliocheck " + std::string(FOLIOCHECK_VERSION) + " from the configuration");
        RunRequest resolved = req;
        resolved.order = order;
        h.push_back("  " + title_text(resolved));
        h.push_back("as it is, for herd7 to answer: Sometimes means the check can miss the pin under LKMM.");
    } else if (req.memory == Memory::relaxed) {
        h.push_back("Result: Maybe");
        h.push_back("");
        h.push_back("(foliocheck found this outcome with --memory relaxed, which is weaker than the kernel's");
        h.push_back("model: even value-returning RMWs are unordered there. herd7 may answer Never, and then");
        h.push_back("the counterexample needs ordering the kernel does not allow.)");
    } else {
        h.push_back("Result: Sometimes");
        if (req.memory == Memory::c11) {
            h.push_back("");
            h.push_back("(Never here would mean that foliocheck's C++11 mapping of the kernel's ordering");
            h.push_back("allowed an outcome that LKMM forbids: --memory lkmm decides it exactly.)");
        } else if (req.memory == Memory::lkmm) {
            h.push_back("");
            h.push_back("(foliocheck's exact LKMM engine found this outcome: Never here would be a bug in");
            h.push_back("foliocheck's implementation of LKMM: please report it.)");
        }
    }
    if (cx) {
        h.push_back("");
        h.push_back(std::string("Exported by foliocheck ") + FOLIOCHECK_VERSION +
                    " (foliocheck run --litmus) from a counterexample of");
        RunRequest resolved = req;
        resolved.order = cx->order;
        h.push_back("  " + title_text(resolved));
    }
    h.push_back(std::string("Check: ") + req.check->predicate);
    h.push_back(std::string("       ") + req.check->kernel);
    for (size_t c = 0; c < cpus.size(); c++) {
        const bool reader = static_cast<int>(c) == j.reader_cpu;
        h.push_back("P" + std::to_string(c) + ": " + cpus[c].cpu_label +
                    (reader ? " (the check)" : " (the racing kernel path)"));
        if (!reader) h.push_back(std::string("    ") + req.writer->kernel);
    }
    h.push_back("");
    h.push_back("The exists clause is the missed pin: P" + std::to_string(j.reader_cpu) +
                " computes the check's outcome into r_extra");
    h.push_back("(1 = extra reference seen) and r_extra = 0 means the check concluded that the folio");
    h.push_back("has no references beyond its mappings and its own, while " +
                std::string(gup ? "GUP-fast kept its reference" : "a pin was held"));
    h.push_back(gup ? "(P" + std::to_string(j.writer_cpu) + "'s kept register is 1)."
                    : "(the pin is one of the references in refcount's initial value).");
    if (cx)
        h.push_back("foliocheck's counterexample read refcount " + std::to_string(cx->snapshot.refcount) +
                    " and computed mapcount " + std::to_string(cx->snapshot.mapcount) + " (" +
                    std::to_string(j.reader_cpu) + ":" + reg_r + "=" + std::to_string(cx->snapshot.refcount) + ", " +
                    std::to_string(j.reader_cpu) + ":" + reg_m + "=" + std::to_string(cx->snapshot.mapcount) + ").");
    h.push_back("");
    h.push_back(std::string("Memory: foliocheck's memory setting was ") + memory_name(req.memory) +
                ". This test states the kernel's primitives as");
    h.push_back("written; herd7 decides their ordering under LKMM.");
    h.push_back("Registers are foliocheck's, as int locals; branches are the kernel path's own");
    h.push_back("(if/else). foliocheck's bookkeeping registers (modification-order or clock stamps");
    h.push_back("for its own judge) are left out: nothing below reads them.");
    if (cx && !cx->replay_token.empty()) h.push_back("Replay in foliocheck: foliocheck replay " + cx->replay_token);
    h.push_back("Run: cd tools/memory-model && herd7 -conf linux-kernel.cfg FILE.litmus");
    if (!problems.empty()) {
        h.push_back("");
        h.push_back("INCOMPLETE: some control flow could not be written in herd7's C (see NOT EXPRESSED):");
        for (const std::string& p : problems) h.push_back("  " + p);
    }
    s << "(*\n";
    for (const std::string& l : h) s << (l.empty() ? " *" : " * " + header_text(l)) << "\n";
    s << " *)\n\n";

    // Init: the locations some CPU accesses, with the scenario's initial values, and the
    // spinlocks (the CONFIG_MM_ID mapcount bit spinlock) as spinlock_t parameters.
    std::vector<std::vector<int>> locks(cpus.size());
    for (size_t c = 0; c < cpus.size(); c++)
        for (const Insn& in : cpus[c].code)
            if (is_lock(in) && in.loc < kMaxLocks &&
                std::find(locks[c].begin(), locks[c].end(), in.loc) == locks[c].end())
                locks[c].push_back(in.loc);
    // herd7 7.57 refuses "spinlock_t lockN;" in the init block ("Cannot find the size of type
    // spinlock_t"): a lock is a thread parameter only, which herd7 starts unlocked (0).
    s << "{\n";
    for (int loc = 0; loc < LOC_COUNT; loc++) {
        if (!accessed[static_cast<size_t>(loc)]) continue;
        const int v = init.value[static_cast<size_t>(loc)];
        if (int_loc[static_cast<size_t>(loc)]) s << "\tint " << litmus_loc_name(loc) << " = " << v << ";\n";
        else s << "\tatomic_t " << litmus_loc_name(loc) << " = ATOMIC_INIT(" << v << ");\n";
    }
    s << "}\n";

    // The final-state condition (computed before the declarations are written: it names registers).
    const std::string rc = std::to_string(j.reader_cpu);
    std::string exists = "exists (";
    if (gup)
        exists += std::to_string(j.writer_cpu) + ":" + writers[static_cast<size_t>(j.writer_cpu)].reg(j.writer.kept) +
                  "=1 /\\ ";
    exists += rc + ":r_extra=0)";

    // Threads.
    for (size_t c = 0; c < cpus.size(); c++) {
        ThreadWriter& w = writers[c];
        const Program& p = cpus[c];
        s << "\nP" << c << "(";
        bool first = true;
        for (int loc : w.locations()) {
            s << (first ? "" : ", ") << (int_loc[static_cast<size_t>(loc)] ? "int *" : "atomic_t *")
              << litmus_loc_name(loc);
            first = false;
        }
        for (int l : locks[c]) {
            s << (first ? "" : ", ") << "spinlock_t *lock" << l;
            first = false;
        }
        s << ")\n{\n";
        for (int r : w.used()) {
            s << "\tint r" << r << " = 0;";
            if (w.is_fresh(r)) s << " " << c_comment("result not used");
            else if (r < static_cast<int>(p.reg_names.size()))
                s << " " << c_comment(p.reg_names[static_cast<size_t>(r)]);
            s << "\n";
        }
        if (static_cast<int>(c) == j.reader_cpu) s << "\tint r_extra = 0;\n";
        s << "\n";
        const Block& body = bodies[c];
        for (size_t i = 0; i < body.lines.size(); i++)
            s << std::string(static_cast<size_t>(body.depth[i]) + 1, '\t') << body.lines[i] << "\n";
        s << "}\n";
    }

    // Final state.
    s << "\nlocations [" << rc << ":" << reg_r << "; " << rc << ":" << reg_m << "]\n";
    s << exists << "\n";
    return s.str();
}

}  // namespace

std::string export_litmus(const RunRequest& req, const Counterexample& cx) {
    // A run over every pin count found this execution at one count: the test holds that many.
    RunRequest q = req;
    if (q.pins == kEveryPinCount && cx.pins > 0) q.pins = cx.pins;
    return write_litmus(q, cx.order, &cx);
}

std::string export_litmus_config(const RunRequest& req, ReadOrder order) { return write_litmus(req, order, nullptr); }

}  // namespace fc
