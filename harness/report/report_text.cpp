// harness/report/report_text.cpp: the result for people: verdict, what was explored, and for a
// violation the snapshot the check saw and the interleaving in CPU columns.
#include "harness/report/report.hpp"
#include "lang/writer_file.hpp"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace fc {

namespace {

std::string loc_arg(const TraceEvent& e) { return "&" + loc_name(e.loc); }

// A scenario file's own name for a location or a lock, if it gave one.
const std::string* named(const std::vector<std::string>* v, int i) {
    if (!v || i < 0 || static_cast<size_t>(i) >= v->size() || (*v)[static_cast<size_t>(i)].empty()) return nullptr;
    return &(*v)[static_cast<size_t>(i)];
}

std::string bool_text(bool b) { return b ? "true" : "false"; }

}  // namespace

// The last two segments of a call path: "free_page_and_swap_cache > folio_put(folio)".
std::string short_call(const std::string& path) {
    const size_t last = path.rfind(" > ");
    if (last == std::string::npos) return path;
    const size_t prev = path.rfind(" > ", last - 1);
    return prev == std::string::npos || last == 0 ? path : path.substr(prev + 3);
}

bool implied_mb_folds(const Trace& t, size_t i);

std::vector<int> display_numbers(const Trace& t) {
    std::vector<int> num(t.events.size(), 0);
    int n = 0;
    const auto& ev = t.events;
    for (size_t i = 0; i < ev.size(); i++) {
        const TraceEvent& e = ev[i];
        if (e.kind == EventKind::exit) continue;
        if (e.kind == EventKind::implied_mb && implied_mb_folds(t, i)) continue;
        num[i] = ++n;
    }
    return num;
}

bool implied_mb_folds(const Trace& t, size_t i) {
    const auto& ev = t.events;
    const TraceEvent& e = ev[i];
    const bool next_same = i + 1 < ev.size() && ev[i + 1].cpu == e.cpu && ev[i + 1].kind == EventKind::access &&
                           ev[i + 1].call == e.call && ev[i + 1].prim == e.prim;
    const bool prev_same = i > 0 && ev[i - 1].cpu == e.cpu && ev[i - 1].kind == EventKind::access &&
                           ev[i - 1].call == e.call && ev[i - 1].prim == e.prim;
    return next_same || prev_same;
}

std::string event_text(const TraceEvent& e, const std::vector<int>* numbers, const TraceNames* names) {
    const PrimInfo& info = prim_info(e.prim);
    std::ostringstream s;
    switch (e.kind) {
    case EventKind::exit: return "(done)";
    case EventKind::implied_mb: return std::string("smp_mb()  [implied by ") + info.name + "]";
    case EventKind::barrier:
        s << info.name << "()";
        if (e.no_op) s << "  [no-op under sc]";
        else s << "  [" << order_name(e.order) << " fence]";
        return s.str();
    case EventKind::access: break;
    }
    const bool is_pte = e.loc >= LOC_PTE0 && e.loc < LOC_COUNT;
    std::string target = is_pte ? loc_name(e.loc) : loc_arg(e);
    if (const std::string* n = named(names ? &names->locs : nullptr, e.loc); n && e.loc >= LOC_COUNT) target = *n;
    switch (info.kind) {
    case PrimKind::load:
        s << info.name << "(" << target << ") = " << e.before;
        if (e.rf == -1) s << "  [rf init]";
        else if (e.rf >= 0) s << "  [rf #" << (numbers ? (*numbers)[static_cast<size_t>(e.rf)] : e.rf + 1) << "]";
        if (e.stale) s << " STALE (latest " << e.latest << ")";
        break;
    case PrimKind::store:
        s << info.name << "(" << target << ", " << e.operand << ")  " << e.before << " -> " << e.after;
        break;
    case PrimKind::rmw:
        // Kernel argument order: atomic_add(i, v) / atomic_sub_and_test(i, v) put the operand
        // first; atomic_add_unless(v, a, u), xchg(v, n) and cmpxchg(v, o, n) put v first.
        s << info.name << "(";
        if (info.op == RmwOp::add && info.operand_shown()) s << e.operand << ", ";
        s << target;
        if (info.op != RmwOp::add && info.operands >= 1) s << ", " << e.operand;
        if (info.op != RmwOp::add && info.operands >= 2) s << ", " << e.operand_b;
        s << ")  " << e.before << " -> " << e.after;
        if (info.result == RmwResult::old_value) s << " = " << e.before;
        else if (info.result != RmwResult::none && info.result != RmwResult::new_value)
            s << " = " << bool_text(e.result);
        break;
    case PrimKind::lock:
        if (const std::string* n = named(names ? &names->locks : nullptr, e.loc)) s << info.name << "(" << *n << ")";
        else s << info.name << "(lock" << e.loc << ")";
        if (e.prim == Prim::spin_trylock) s << " = " << bool_text(e.result);
        break;
    case PrimKind::fence: break;
    }
    return s.str();
}

std::string interleaving_text(const Trace& t, const std::vector<Program>& cpus, Memory memory,
                              const TraceNames* names) {
    struct Row {
        int cpu;
        std::string num;
        std::string text;
    };
    const std::vector<int> numbers = display_numbers(t);
    std::vector<Row> rows;
    std::vector<int> last_call(cpus.size(), -2);
    const auto& ev = t.events;
    for (size_t i = 0; i < ev.size(); i++) {
        const TraceEvent& e = ev[i];
        if (numbers[i] == 0) continue;  // thread exit, or an implied smp_mb() folded into its RMW
        if (e.call != last_call[e.cpu]) {
            last_call[e.cpu] = e.call;
            if (e.call >= 0) rows.push_back({e.cpu, "", short_call(cpus[e.cpu].calls[static_cast<size_t>(e.call)])});
        }
        std::string text = "  " + event_text(e, &numbers, names);
        if (e.kind == EventKind::access) {
            const Lowering l = lower(e.prim, memory);
            if (l.fence_before || l.fence_after) text += "  (fully ordered)";
            else if (memory != Memory::sc) text += std::string("  (") + order_name(e.order) + ")";
        }
        rows.push_back({e.cpu, std::to_string(numbers[i]), text});
    }
    // One column per CPU, each as wide as its longest line (at least 28); the last column is
    // not padded. (Two CPUs: CPU 1's column starts where CPU 0's ends, as always.)
    std::vector<size_t> width(cpus.size(), 0), start(cpus.size(), 0);
    for (const Row& r : rows)
        width[static_cast<size_t>(r.cpu)] = std::max(width[static_cast<size_t>(r.cpu)], r.text.size());
    for (size_t c = 0; c < cpus.size(); c++) {
        // A middle column (three or four CPUs) is also as wide as its header.
        const std::string head = "CPU " + std::to_string(c) + ": " + cpus[c].cpu_label;
        if (c > 0 && c + 1 < cpus.size()) width[c] = std::max(width[c], head.size());
        width[c] = std::max<size_t>(width[c] + 2, 28);
        if (c > 0) start[c] = start[c - 1] + width[c - 1];
    }
    std::ostringstream s;
    s << "     ";
    for (size_t c = 0; c < cpus.size(); c++) {
        const std::string head = "CPU " + std::to_string(c) + ": " + cpus[c].cpu_label;
        if (c + 1 < cpus.size()) s << std::left << std::setw(static_cast<int>(width[c])) << head;
        else s << head;
    }
    s << "\n";
    s << "     ";
    for (size_t c = 0; c < cpus.size(); c++) {
        if (c + 1 < cpus.size()) s << std::left << std::setw(static_cast<int>(width[c])) << "-----";
        else s << "-----";
    }
    s << "\n";
    for (const Row& r : rows) {
        s << std::right << std::setw(3) << r.num << "  ";
        s << std::string(start[static_cast<size_t>(r.cpu)], ' ') << r.text << "\n";
    }
    if (t.truncated) s << "  (trace truncated: more steps than foliocheck records)\n";
    return s.str();
}

std::string why_text(const RunResult& r, const Counterexample& cx) {
    const RunRequest& q = r.request;
    std::ostringstream s;
    const int hidden = cx.snapshot.mapcount - cx.true_mapcount_at_read;
    bool gup_also = false;
    for (const ExtraWriter& x : q.also) gup_also = gup_also || x.writer->kind == WriterKind::pin;
    if (q.writer->kind == WriterKind::pin || gup_also) {
        s << "GUP-fast kept its reference, but the check read refcount " << cx.snapshot.refcount << " and mapcount "
          << cx.snapshot.mapcount << ", which it takes for \"no extra reference\"";
        if (gup_also)
            s << " (the mapcount it read was " << cx.snapshot.mapcount - cx.true_mapcount_at_read
              << " ahead of the mappings left when it read the refcount: " << q.writer->name
              << " had removed them meanwhile)";
        if (q.check->clears_pte_first)
            s << "; GUP-fast's re-read of the PTE did not see the check's ptep_clear_flush()";
        s << ".";
        return s.str();
    }
    std::string stale;
    bool stale_ref = false, stale_map = false;
    const std::vector<int> numbers = display_numbers(cx.trace);
    for (size_t i = 0; i < cx.trace.events.size(); i++) {
        const TraceEvent& e = cx.trace.events[i];
        if (e.kind == EventKind::access && e.stale && static_cast<int>(e.cpu) == 1) {
            stale += (stale.empty() ? "#" : ", #") + std::to_string(numbers[i]);
            (e.loc == LOC_REFCOUNT ? stale_ref : stale_map) = true;
        }
    }
    if (!stale.empty()) {
        s << "the check's reads are not ordered: " << stale << " returned "
          << (stale.find(',') == std::string::npos ? "a stale value" : "stale values") << ", so ";
        if (stale_ref && !stale_map)
            s << "the refcount it read (" << cx.snapshot.refcount << ") is older than the mapcount it computed ("
              << cx.snapshot.mapcount << ")";
        else if (stale_map && !stale_ref)
            s << "the mapcount it computed (" << cx.snapshot.mapcount << ") is older than the refcount it read ("
              << cx.snapshot.refcount << ")";
        else
            s << "the refcount (" << cx.snapshot.refcount << ") and the mapcount (" << cx.snapshot.mapcount
              << ") it used come from different moments";
        s << ", which hides the pin.";
        return s.str();
    }
    if (q.writer->kind == WriterKind::map && hidden > 0) {
        s << "the check read the refcount before the writer took its new references, and the mapcount after it"
             " added the new mappings: the mapcount counts "
          << hidden << " mapping(s) whose references the refcount it read does not include, which hides the pin.";
    } else if (hidden > 0) {
        s << "the check read the mapcount before the writer removed " << hidden
          << " mapping(s) and the refcount after it dropped their references: the two reads are not one snapshot,"
             " and the stale mapcount hides the pin.";
    } else {
        s << "when the check read the refcount (" << cx.true_refcount_at_read << "), the writer had already dropped"
          << " references for mappings it had not yet removed: refcount fell below mappings + other references"
             " (mapcount > refcount), which hides the pin.";
    }
    return s.str();
}

std::string cause_text(const RunResult& r, const Counterexample& cx) {
    if (!cx.stale) {
        if (r.request.memory == Memory::sc) return "an interleaving: sc allows it, so no barrier can fix this ordering";
        return "fails already under sc: no barrier can fix this ordering (this execution reads no stale value, so it "
               "is an interleaving sc allows)";
    }
    if (r.replay) return "needs weak memory: this execution reads a stale value (a barrier may forbid it)";
    return "needs weak memory: every violating execution the search kept reads a stale value (a barrier may forbid "
           "it); the search found no violating interleaving without one";
}

std::string title_text(const RunRequest& q) {
    std::ostringstream s;
    s << q.check->name << " vs " << q.writer->name << ", " << q.pages << (q.pages == 1 ? " page" : " pages")
      << ", mapcount " << mapcount_name(q.mapcount) << ", reader " << read_order_name(q.effective_order())
      << (q.barrier == ReaderBarrier::rmb  ? " + smp_rmb"
          : q.barrier == ReaderBarrier::mb ? " + smp_mb"
                                           : "")
      << (q.writer_mb ? ", writer smp_mb around refcount updates" : "")
      << (q.writer_prefix ? ", writer cut after " + std::to_string(q.writer_prefix) + " kernel call(s)" : "")
      << ", memory " << memory_name(q.memory) << (q.pin ? "" : ", no pin") << (q.swapcache ? ", swapcache" : "");
    if (q.range.first >= 0) s << ", writer on pages " << range_text(q.range);
    for (const PageRange& m : q.other_mms) s << ", another mm maps pages " << range_text(m);
    if (q.sweeps_pins())
        s << ", pins 1-" << q.last_pins() << (q.pin_kind != PinKind::foll_get ? " " : "")
          << (q.pin_kind != PinKind::foll_get ? pin_kind_name(q.pin_kind) : "");
    else if (q.pin && q.pins != kEveryPinCount && (q.pins != 1 || q.pin_kind != PinKind::foll_get))
        s << ", " << q.pins << " " << pin_kind_name(q.pin_kind) << (q.pins == 1 ? " pin" : " pins");
    else if (q.pin_kind != PinKind::foll_get) s << ", " << pin_kind_name(q.pin_kind);
    if (!q.ptep_flush_mb) s << ", ptep_clear_flush() a plain store";
    if (!q.kernel.empty()) s << ", kernel " << q.kernel;
    if (q.own_ref_taken && q.check->takes_own_ref_before_reads) s << ", own reference taken before the reads";
    for (size_t k = 0; k < q.also.size(); k++)
        s << ", CPU " << 2 + k << ": " << q.also[k].writer->name
          << (q.also[k].range.first >= 0 ? " on pages " + range_text(q.also[k].range) : "");
    if (q.what_if) s << " [WHAT-IF: a combination the kernel never runs]";
    return s.str();
}

std::string pins_text(const RunRequest& q) {
    if (!q.pin) return "";
    if (q.sweeps_pins()) return ", for every pin count 1.." + std::to_string(q.last_pins());
    if (q.has_gup()) return ", with GUP-fast's one reference as the pin";
    if (q.pins == kEveryPinCount) return ", for every pin count 1..1 (one page)";
    return ", with " + std::to_string(q.pins) + (q.pins == 1 ? " pin" : " pins") + " (--pins)";
}

std::string counterexample_text(const RunResult& r) {
    std::ostringstream s;
    const RunRequest& q = r.request;
    const Counterexample& cx = *r.counterexample;
    s << "counterexample (reader " << read_order_name(cx.order) << ", " << cx.preemptions
      << (cx.preemptions == 1 ? " preemption" : " preemptions");
    if (q.pin) s << ", " << cx.pins << (cx.pins == 1 ? " pin" : " pins") << " held";
    s << "):\n";
    if (cx.snapshot.violation) {
        s << "  the check saw refcount " << cx.snapshot.refcount << ", mapcount " << cx.snapshot.mapcount
          << "; with that mapcount, a refcount of " << cx.expected_refcount
          << (q.check->sees_extra(cx.expected_refcount - 1, cx.snapshot.mapcount, q.pages, q.swapcache) ? ""
                                                                                                        : " or less")
          << " means \"no extra reference\"\n";
        s << "  when it read the refcount, the folio really had refcount " << cx.true_refcount_at_read << " and "
          << cx.true_mapcount_at_read << " mapping(s)\n";
        s << "  why: " << why_text(r, cx) << "\n";
        s << "  cause: " << cause_text(r, cx) << "\n\n";
    } else {
        s << "  this execution does not violate: the check saw refcount " << cx.snapshot.refcount << ", mapcount "
          << cx.snapshot.mapcount << " and " << (cx.snapshot.sees_extra ? "saw" : "did not see")
          << " an extra reference\n\n";
    }
    s << interleaving_text(cx.trace, cx.cpus, q.memory);
    if (!cx.replay_token.empty()) {
        s << "\nreplay: foliocheck replay " << cx.replay_token;
        // A writer from a scenario file: the replay loads the same file, and refuses a changed one.
        if (const std::string path = lang::writer_file_path(q.writer); !path.empty())
            s << " --writer-file " << path << " --writer-hash " << lang::writer_file_hash(q.writer);
        s << "\n";
    }
    return s.str();
}

std::string result_text(const RunResult& r) {
    std::ostringstream s;
    const RunRequest& q = r.request;
    s << "foliocheck: " << title_text(q) << "\n";
    s << "check: " << q.check->predicate << "   [" << q.check->kernel << "]\n";
    s << "verdict: " << verdict_name(r.verdict);
    switch (r.verdict) {
    case Verdict::violation:
        s << ": the check can conclude \"no extra reference\" while a pin is held";
        if (r.counterexample && q.sweeps_pins())
            s << ", with " << r.counterexample->pins << (r.counterexample->pins == 1 ? " pin" : " pins")
              << " of the counts 1-" << q.last_pins() << " explored";
        if (r.hunt_bound >= 0)
            s << " (found by the hunt at context bound " << r.hunt_bound << " after " << r.hunted
              << " executions; --count runs the whole search and counts every violating execution)";
        else if (r.found_after_hunt)
            s << " (found by the cached search after the hunt, which stopped at the first violation with "
              << r.counterexample->preemptions
              << " preemptions; --count runs the whole search and counts every violating execution)";
        else
            s << " (" << r.violations << " of " << judged_executions(r) << (r.states ? " judged" : "")
              << " executions)";
        break;
    case Verdict::holds:
        if (q.pin) s << ": no execution lets the check miss the pin" << pins_text(q);
        else s << ": trivially, there is no pin to miss (--no-pin measures refusals only)";
        if (!r.vacuous.empty()) s << "\n  (" << r.vacuous << ")";
        else if (!r.vacuity_unchecked.empty()) s << "\n  (" << r.vacuity_unchecked << ")";
        break;
    case Verdict::no_violation_found: s << ": none seen, but the search was not exhaustive"; break;
    }
    s << "\nexplored: " << explored_text(r) << "\n";
    s << "refusals without the pin (\"spurious\"): ";
    const bool exact = !r.exact_summary.empty();
    if (r.spurious) {
        // The exact engine records one consistent execution per outcome, not every interleaving.
        s << *r.spurious << " of " << judged_executions(r) << (r.states ? " judged" : "")
          << (exact ? " consistent executions (one per outcome)" : " executions") << " would refuse without the pin";
        if (exact) s << "; reads-from classes: not available from the exact engine";
        else if (r.spurious_classes)
            s << "; distinct reads-from classes: " << r.spurious_classes->writer_transient
              << " writer-transient extra reference, " << r.spurious_classes->torn << " torn snapshot";
        else if (r.request.search.mode == SearchMode::cached)
            s << " (reads-from classes need every execution: --search reduced counts them)";
        s << "\n";
    } else if (r.hunt_bound >= 0 || r.found_after_hunt || r.request.first)
        s << "not counted: the search stopped at the first violation (--count runs the whole search and counts them)\n";
    else s << "not measured\n";
    if (!r.counterexample) return s.str();

    s << "\nshown: "
      << (r.counterexample->stale ? "no violating execution is free of stale reads; the one"
                                  : "a violating execution without stale reads (an interleaving), the one")
      << " with the fewest preemptions (" << r.counterexample->preemptions << ")";
    if (r.hunt_bound > 0)
        s << " of all executions: the hunt found none at context bound " << r.hunt_bound - 1
          << (r.hunt_bound > 1 ? " or less" : "") << "\n";
    else if (r.found_after_hunt)
        s << " of all executions: the hunt found none at context bound " << r.counterexample->preemptions - 1
          << " or less\n";
    else if (r.hunt_bound == 0) s << " of all executions\n";
    else if (r.states)
        s << " of all executions (the cache keeps the fewest preemptions still to come from each state)\n";
    else s << " among the " << r.executions << " explored\n";
    s << counterexample_text(r);
    return s.str();
}

}  // namespace fc
