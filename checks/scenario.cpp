// checks/scenario.cpp: builds the canonical snapshot scenario (see scenario.hpp).
#include "checks/scenario.hpp"
#include "checks/violation_hint.hpp"

#include <algorithm>
#include <stdexcept>

#include "checks/reads.hpp"
#include "model/rmap.hpp"

namespace fc {

namespace {

// The checker's CPU: the check's reads (checks/reads.cpp, the emitter scenario files use
// too), with what this scenario adds: (KSM and lazyfree, in a GUP-fast scenario) the PTE GUP
// reads cleared first, the reads-from stamp the GUP-fast judge needs, PG_swapcache read with
// a writer that sets it, and KSM's FOLL_PIN test.
void emit_reader(Emitter& e, const ScenarioConfig& cfg, JudgeContext& j, int checker_slot) {
    const CheckDef& c = *cfg.check;
    int gup_page = cfg.writer_range().first;
    for (const ExtraWriter& x : cfg.also)
        if (x.writer->kind == WriterKind::pin) gup_page = x.range.first < 0 ? 0 : x.range.first;
    CheckReads r;
    r.folio = cfg.folio;
    r.ref_first = cfg.order == ReadOrder::ref_first;
    r.barrier = cfg.barrier;
    r.own_ref_taken = cfg.own_ref_taken;
    r.clear_pte_page = cfg.has_gup() ? gup_page : -1;
    r.ptep_flush_mb = cfg.ptep_flush_mb;
    r.stamp_refcount_rf = true;
    r.read_swapcache = cfg.writer->sets_swapcache;
    r.try_share_pinned = cfg.has_gup() && cfg.pin_kind == PinKind::foll_pin;
    r.checker_slot = checker_slot;
    const CheckRegs regs = emit_check_reads(e, c, r);
    j.reg_refcount = regs.refcount;
    j.reg_mapcount = regs.mapcount;
    j.reg_refcount_rf = regs.refcount_rf;
    j.reg_swapcache = regs.swapcache;
    j.reg_pinned = regs.pinned;
    j.reg_shared = regs.shared;
}

Judgement judge_fn(const void* ctx, const int* const* regs, const int* /*final_values*/) {
    const Snapshot s = judge_snapshot(*static_cast<const JudgeContext*>(ctx), regs);
    return Judgement{s.violation, s.spurious};
}

}  // namespace

Snapshot judge_snapshot(const JudgeContext& j, const int* const* regs) {
    Snapshot s;
    const int* r = regs[j.reader_cpu];
    s.refcount = r[j.reg_refcount];
    s.mapcount = r[j.reg_mapcount];
    const bool swapcache = j.reg_swapcache >= 0 ? r[j.reg_swapcache] != 0 : j.swapcache;
    s.swapcache = swapcache;
    s.sees_extra = j.check->sees_extra(s.refcount, s.mapcount, j.pages, swapcache);
    if (j.reg_pinned >= 0 && r[j.reg_pinned] != 0) s.sees_extra = true;
    // The COW reuse check stops at "maybe mapped shared" before comparing: no reuse, as if it
    // had seen an extra reference.
    const bool shared = j.reg_shared >= 0 && r[j.reg_shared] != 0;
    if (shared) s.sees_extra = true;
    if (j.writer.kept >= 0) {
        // GUP-fast scenario: the pin is GUP's reference, if it kept it. KSM cleared its PTE
        // before checking, so any reference GUP keeps must be seen. The other checks clear
        // nothing and are racy by design against a concurrent pin; for them a miss is a
        // refcount read that already includes GUP's reference (read from GUP's increment or a
        // later write) while the check still concludes "no extra reference": the mapcount
        // masked a pin the check did see.
        const int* w = regs[j.writer_cpu];
        const bool kept = w[j.writer.kept] != 0;
        const bool saw_pin = r[j.reg_refcount_rf] >= w[j.writer.grab_stamp];
        s.violation = !s.sees_extra && kept && (j.check->clears_pte_first || saw_pin);
        return s;
    }
    s.violation = j.pin && !s.sees_extra;
    if (j.pin && j.extra_pin_counts > 0) {
        // Every pin count at once (ScenarioConfig::judge_pins_to): with k further pins this
        // execution is the same, the refcount it read k * refs_per_pin higher.
        const bool pinned = (j.reg_pinned >= 0 && r[j.reg_pinned] != 0) || shared;
        s.extra_pins = s.violation ? 0 : -1;
        for (int k = 1; k <= j.extra_pin_counts && s.extra_pins < 0; k++)
            if (!pinned && !j.check->sees_extra(s.refcount + k * j.refs_per_pin, s.mapcount, j.pages, swapcache))
                s.extra_pins = k;
        s.violation = s.extra_pins >= 0;
    }
    // Spurious: the same execution without the pin. No writer's control flow depends on the
    // refcount's value here, so the pinless run has the same executions with every refcount
    // one lower; the refcount the check read is then one lower too (docs/model.md).
    if (j.measure_spurious) {
        const int pinless = j.pin ? s.refcount - j.pin_refs : s.refcount;
        s.spurious = !shared && j.check->sees_extra(pinless, s.mapcount, j.pages, swapcache);
    }
    return s;
}

int pin_references(PinKind kind, int pins, bool large) {
    return kind == PinKind::foll_pin && !large ? pins * kGupPinCountingBias : pins;
}
int pin_pincount(PinKind kind, int pins, bool large) { return kind == PinKind::foll_pin && large ? pins : 0; }

std::string what_if_reason(const ScenarioConfig& cfg) {
    if (cfg.folio.pages == 1 && cfg.check->small_refusal)
        return std::string("--check ") + cfg.check->name + " at 1 page: " + cfg.check->small_refusal;
    if (cfg.check->needs_mm_id && !cfg.folio.mm_id_locked())
        return std::string("--check ") + cfg.check->name + " with --mapcount " + mapcount_name(cfg.folio.design) +
               ": " + cfg.check->needs_mm_id;
    if (cfg.folio.pages == 1 && cfg.writer->large_only)
        return std::string("--writer ") + cfg.writer->name + " at 1 page: " + cfg.writer->large_only;
    if (cfg.writer->sets_swapcache && cfg.check->swapcache_add_refusal)
        return std::string("--writer ") + cfg.writer->name + " with --check " + cfg.check->name + ": " +
               cfg.check->swapcache_add_refusal;
    return "";
}

std::string validate_config(const ScenarioConfig& cfg) {
    const CheckDef& c = *cfg.check;
    if (cfg.folio.pages < 1 || cfg.folio.pages > kMaxPages)
        return "--pages must be between 1 and " + std::to_string(kMaxPages);
    if (c.small_only && cfg.folio.pages != 1)
        return std::string("--check ") + c.name +
               " handles small pages only (large folios are split first): use --pages 1";
    if (cfg.swapcache && c.swapcache_refusal)
        return std::string("--swapcache with --check ") + c.name + ": " + c.swapcache_refusal;
    if (!cfg.pin && cfg.writer->kind == WriterKind::pin)
        return std::string("--no-pin with --writer ") + cfg.writer->name +
               ": GUP-fast's reference is the pin in that scenario; drop --no-pin";
    if (cfg.writer->kind == WriterKind::pin && cfg.pins != 1)
        return std::string("--pins with --writer ") + cfg.writer->name +
               ": GUP-fast's one reference is the pin in that scenario; drop --pins (--pin-kind chooses its kind)";
    // One pin per page at most (an O_DIRECT read into the folio pins each page once).
    if (cfg.pins < 0 || cfg.pins > cfg.folio.pages)
        return "--pins " + std::to_string(cfg.pins) + " is more than the folio's " + std::to_string(cfg.folio.pages) +
               (cfg.folio.pages == 1 ? " page" : " pages") + ": give 0.." + std::to_string(cfg.folio.pages) +
               " (one pin per page at most; 0 = no pin)";
    if (cfg.judge_pins_to != 0 && (cfg.judge_pins_to < cfg.pins || cfg.judge_pins_to > cfg.folio.pages))
        return "the pin counts judged must lie between the pins held and the folio's pages";
    const PageRange w = cfg.writer_range();
    if (w.first < 0 || w.last < w.first || w.last >= cfg.folio.pages)
        return "--range " + range_text(w) + " is outside the folio's pages 0-" + std::to_string(cfg.folio.pages - 1) +
               "; give FIRST-LAST within them";
    if (cfg.writer->kind == WriterKind::pin && w.nr() != 1 && cfg.range.first >= 0)
        return "--range with --writer gup-fast names one page (GUP-fast pins one page): give --range N";
    if (cfg.writer->sets_swapcache && cfg.swapcache)
        return std::string("--swapcache with --writer ") + cfg.writer->name +
               ": the writer adds the folio to the swapcache; drop --swapcache";
    if (cfg.writer->emit_from && cfg.range.first >= 0)
        return std::string("--range with --writer-file writer ") + cfg.writer->name +
               ": a writer file acts on the whole folio; drop --range";
    if (cfg.writer->pmd && cfg.range.first >= 0)
        return std::string("--range with --writer ") + cfg.writer->name + ": a PMD maps the whole folio; drop --range";
    if (cfg.other_mms.size() > 2) return "--mms takes at most 2 further mms";
    for (const PageRange& m : cfg.other_mms)
        if (m.first < 0 || m.last < m.first || m.last >= cfg.folio.pages)
            return "--mms range " + range_text(m) + " is outside the folio's pages 0-" +
                   std::to_string(cfg.folio.pages - 1);
    if (cfg.also.size() > 2) return "--also takes at most 2 further writers (4 CPUs)";
    int gups = cfg.writer->kind == WriterKind::pin ? 1 : 0;
    for (const ExtraWriter& x : cfg.also) {
        gups += x.writer->kind == WriterKind::pin ? 1 : 0;
        const PageRange r = x.range.first < 0 ? PageRange{0, cfg.folio.pages - 1} : x.range;
        if (r.last >= cfg.folio.pages)
            return std::string("--also ") + x.writer->name + ":" + range_text(r) + " is outside the folio's pages 0-" +
                   std::to_string(cfg.folio.pages - 1);
        if (x.writer->kind == WriterKind::pin && r.nr() != 1 && x.range.first >= 0)
            return "--also gup-fast:RANGE names one page (GUP-fast pins one page)";
        if (cfg.folio.pages == 1 && x.writer->large_only && !cfg.what_if)
            return std::string("--also ") + x.writer->name + " at 1 page: " + x.writer->large_only +
                   "; add --what-if to run it anyway (marked in every output)";
    }
    if (gups > 1) return "only one GUP-fast writer per scenario (its reference is the pin)";
    if (gups == 1 && cfg.pins != 1)
        return "--pins with a gup-fast writer: GUP-fast's one reference is the pin in that scenario; drop --pins";
    if (gups == 1 && !cfg.pin)
        return "--no-pin with a gup-fast writer: GUP-fast's reference is the pin in that scenario; drop --no-pin";
    if (!cfg.what_if) {
        const std::string why = what_if_reason(cfg);
        if (!why.empty()) return why + "; add --what-if to run it anyway (marked in every output)";
    }
    return "";
}

namespace {
// Call instances that issue primitives, in order of their first primitive.
std::vector<int> call_order(const Program& p) {
    std::vector<int> order;
    for (const Insn& in : p.code)
        if (in.op == Op::prim && in.call >= 0 && std::find(order.begin(), order.end(), in.call) == order.end())
            order.push_back(in.call);
    return order;
}
}  // namespace

std::vector<std::string> writer_calls(const Program& writer) {
    std::vector<std::string> out;
    for (int c : call_order(writer)) out.push_back(writer.calls[static_cast<size_t>(c)]);
    return out;
}

void truncate_program(Program& p, int calls) {
    const std::vector<int> order = call_order(p);
    if (calls <= 0 || calls >= static_cast<int>(order.size())) return;
    const int first_dropped = order[static_cast<size_t>(calls)];
    size_t cut = p.code.size();
    for (size_t i = 0; i < p.code.size(); i++)
        if (p.code[i].op == Op::prim && p.code[i].call == first_dropped) {
            cut = i;
            break;
        }
    // Keep the local instructions just before the cut that belong to a dropped call's set-up
    // out as well: they only feed the dropped primitives.
    p.code.resize(cut);
    for (Insn& in : p.code)
        if (in.target > static_cast<int16_t>(cut)) in.target = static_cast<int16_t>(cut);
}

void build_scenario(const ScenarioConfig& cfg, BuiltScenario& out) {
    const std::string problem = validate_config(cfg);
    if (!problem.empty()) throw std::invalid_argument(problem);
    if (cfg.order == ReadOrder::either) throw std::invalid_argument("build_scenario needs a resolved read order");
    const CheckDef& c = *cfg.check;

    const bool gup = cfg.has_gup();
    // The mms mapping the folio: the writer's (mm 0, MM_ID slot 0, the whole folio), the
    // further ones of --mms, then the checker's own (KSM, khugepaged, lazyfree).
    // A PMD writer's mm maps the folio with one PMD instead (folio_init_mms' pmd_maps).
    std::vector<PageRange> mms;
    if (!cfg.writer->pmd) mms.push_back(PageRange{0, cfg.folio.pages - 1});
    for (const PageRange& m : cfg.other_mms) mms.push_back(m);
    std::vector<int> also_slot;  // MM_ID slot of each further writer's own mm (-1: none)
    for (const ExtraWriter& x : cfg.also) {
        if (x.writer->kind == WriterKind::pin) {
            // GUP-fast reads a PTE the other writers do not clear (their PTE clears are not
            // modelled): the checker's own, for KSM and lazyfree (which clear it first), or
            // that of an mm of its own mapping the pinned page.
            also_slot.push_back(-1);
            const int page = x.range.first < 0 ? 0 : x.range.first;
            if (!c.clears_pte_first) mms.push_back(PageRange{page, page});
            continue;
        }
        also_slot.push_back(mms.size() < 2 ? static_cast<int>(mms.size()) : -1);
        mms.push_back(PageRange{0, cfg.folio.pages - 1});
    }
    // The checker's mm has an MM_ID slot if one of the two is still free (not a PMD writer's,
    // whose mm the model gives slot 0 as well: then the shared bit is not read).
    const int checker_slot =
        c.checker_mm_maps && !cfg.writer->pmd && mms.size() < 2 ? static_cast<int>(mms.size()) : -1;
    if (c.checker_mm_maps) mms.push_back(PageRange{0, cfg.folio.pages - 1});
    const int held = cfg.held_pins();
    const int pin_refs = pin_references(cfg.pin_kind, held, cfg.folio.large());
    const int swap_refs = cfg.swapcache ? cfg.folio.pages : 0;
    const int own_in_init = c.own_refs - (c.takes_own_ref_before_reads && cfg.own_ref_taken ? 1 : 0);
    out.engine.init = folio_init_mms(cfg.folio, mms, pin_refs + own_in_init + swap_refs,
                                     pin_pincount(cfg.pin_kind, held, cfg.folio.large()), cfg.writer->pmd ? 1 : 0);
    out.engine.nlocks = cfg.folio.mm_id_locked() ? 1 : 0;
    out.engine.memory = cfg.memory;
    out.true_refcount = out.engine.init.value[LOC_REFCOUNT];
    out.true_mapcount = 0;
    for (const PageRange& m : mms) out.true_mapcount += m.nr();
    if (cfg.writer->pmd) out.true_mapcount += 1;

    JudgeContext& j = out.judge;
    j = JudgeContext{};
    j.check = cfg.check;
    j.pages = cfg.folio.pages;
    j.swapcache = cfg.swapcache;
    j.pin = held > 0;
    j.pin_refs = pin_refs;
    if (held > 0 && cfg.judge_pins_to > held) {
        j.extra_pin_counts = cfg.judge_pins_to - held;
        j.refs_per_pin = pin_references(cfg.pin_kind, 1, cfg.folio.large());
    }
    j.measure_spurious = !gup;
    j.writer_cpu = 0;
    j.reader_cpu = 1;

    out.engine.cpus.assign(2 + cfg.also.size(), Program{});
    out.engine.observer_cpu = j.reader_cpu;
    Program& writer = out.engine.cpus[0];
    writer.cpu_label = std::string(cfg.writer->name);
    Emitter we(writer);
    we.set_refcount_barriers(cfg.writer_mb);
    WriterArgs args;
    args.folio = cfg.folio;
    args.range = cfg.writer_range();
    args.mm_slot = 0;
    args.pin_kind = cfg.pin_kind;
    // A writer file (lang/writer_file.*) acts on the whole folio: --range is refused for it.
    if (cfg.writer->emit_from) cfg.writer->emit_from(cfg.writer->source, we, cfg.folio, j.writer);
    else cfg.writer->emit(we, args, j.writer);
    we.finish();
    if (cfg.writer_prefix > 0) truncate_program(writer, cfg.writer_prefix);

    for (size_t k = 0; k < cfg.also.size(); k++) {
        const ExtraWriter& x = cfg.also[k];
        Program& p = out.engine.cpus[2 + k];
        p.cpu_label = std::string(x.writer->name) + (x.range.first >= 0 ? " (pages " + range_text(x.range) + ")" : "");
        Emitter xe(p);
        xe.set_refcount_barriers(cfg.writer_mb);
        WriterArgs xa;
        xa.folio = cfg.folio;
        xa.range = x.range.first < 0 ? PageRange{0, cfg.folio.pages - 1} : x.range;
        xa.mm_slot = also_slot[k];
        xa.pin_kind = cfg.pin_kind;
        if (x.writer->kind == WriterKind::pin) {
            x.writer->emit(xe, xa, j.writer);
            j.writer_cpu = static_cast<int>(2 + k);
        } else {
            WriterRegs unused;
            x.writer->emit(xe, xa, unused);
        }
        xe.finish();
    }

    Program& reader = out.engine.cpus[1];
    reader.cpu_label = std::string(c.name);
    Emitter re(reader);
    emit_reader(re, cfg, j, checker_slot);
    re.finish();

    out.engine.judge = judge_fn;
    // The registers judge_snapshot() reads (the cached search keys states on live registers).
    auto bit = [](int r) { return r >= 0 ? uint64_t(1) << r : uint64_t(0); };
    // Every register judge_snapshot() reads must be here: one left out is dead to the state
    // key, and two states that differ only in it would be merged (a wrong "holds").
    out.engine.judge_regs.assign(out.engine.cpus.size(), 0);
    out.engine.judge_regs[static_cast<size_t>(j.reader_cpu)] = bit(j.reg_refcount) | bit(j.reg_mapcount) |
                                                               bit(j.reg_refcount_rf) | bit(j.reg_swapcache) |
                                                               bit(j.reg_pinned) | bit(j.reg_shared);
    out.engine.judge_regs[static_cast<size_t>(j.writer_cpu)] |= bit(j.writer.kept) | bit(j.writer.grab_stamp);
    // judge_fn() reads registers only: no location's final value tells two outcomes apart.
    out.engine.judge_locs.assign(out.engine.init.value.size(), false);
    out.engine.judge_ctx = &out.judge;
    out.engine.violation_hint = violation_hint(j);
    if (j.extra_pin_counts > 0)
        out.pin_observer = pin_count_observer(out.engine, j.reader_cpu, j.reg_refcount, out.pin_zero_tests);
}

std::string pin_count_observer(const EngineScenario& s, int reader_cpu, int judged_refcount_reg, bool& zero_tests) {
    zero_tests = false;
    const auto shifted = [](int loc) { return loc == LOC_REFCOUNT || loc == LOC_PINCOUNT; };
    for (size_t c = 0; c < s.cpus.size(); c++) {
        const Program& p = s.cpus[c];
        const auto where = [&](const Insn& in) {
            std::string w = "CPU " + std::to_string(c) + " (" + p.cpu_label + ")";
            if (in.call >= 0) w += " in " + p.calls[static_cast<size_t>(in.call)];
            return w;
        };
        // The registers that receive a pin-shifted value. Flow-insensitive: a register counts as
        // shifted everywhere if it is anywhere (conservative: a false alarm only costs a search
        // per pin count).
        uint64_t shifted_regs = 0;
        for (const Insn& in : p.code) {
            if (in.op != Op::prim) continue;
            const PrimInfo& info = prim_info(in.prim);
            // Lock primitives name a spinlock, barriers nothing: their loc is not a location.
            if (info.kind == PrimKind::lock || info.kind == PrimKind::fence || !shifted(in.loc)) continue;
            const std::string what = std::string(info.name) + "(&" + loc_name(in.loc) + ")";
            if (info.kind == PrimKind::load) {
                if (in.dst >= 0) shifted_regs |= uint64_t(1) << in.dst;
            } else if (info.kind == PrimKind::store) {
                return where(in) + ": " + what + " stores a value that does not move with the pin count";
            } else if (info.op == RmwOp::add) {
                if (info.result == RmwResult::new_value || info.result == RmwResult::old_value) {
                    if (in.dst >= 0) shifted_regs |= uint64_t(1) << in.dst;
                } else if (info.result == RmwResult::is_zero || info.result == RmwResult::is_negative) {
                    if (in.dst >= 0) zero_tests = true;  // folio_put()'s test, when the path uses it
                }
            } else if (info.op == RmwOp::add_unless && in.src2 < 0 && in.imm2 <= 0) {
                zero_tests = true;  // atomic_add_unless(v, a, u <= 0): succeeds while v >= 1
            } else {
                return where(in) + ": " + what + " compares the counter with a value";
            }
        }
        const uint64_t judged =
            static_cast<int>(c) == reader_cpu && judged_refcount_reg >= 0 ? uint64_t(1) << judged_refcount_reg : 0;
        const uint64_t judge_reads = c < s.judge_regs.size() ? s.judge_regs[c] : ~uint64_t(0);
        if (shifted_regs & judge_reads & ~judged)
            return where(Insn{}) + ": the judge reads a register that holds a pin-shifted value";
        const auto reads = [&](int r) { return r >= 0 && (shifted_regs >> r & 1); };
        for (const Insn& in : p.code) {
            bool uses = false;
            switch (in.op) {
            case Op::prim: uses = reads(in.src) || reads(in.src2) || reads(in.addr); break;
            case Op::alu:
            case Op::jne: uses = reads(in.src) || reads(in.src2); break;
            case Op::add: uses = reads(in.src) || reads(in.dst); break;
            case Op::addi: uses = reads(in.dst); break;
            case Op::jz:
            case Op::jnz: uses = reads(in.src); break;
            case Op::movi:
            case Op::jmp:
            case Op::stamp_write:
            case Op::stamp_rf: break;
            }
            if (uses) return where(in) + " computes with a value read from the refcount or the pincount";
        }
    }
    if (s.judge_locs.empty() || s.judge_locs[LOC_REFCOUNT] ||
        (s.judge_locs.size() > LOC_PINCOUNT && s.judge_locs[LOC_PINCOUNT]))
        return "the judge reads the final refcount or pincount";
    return "";
}

}  // namespace fc
