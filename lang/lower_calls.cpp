// lang/lower_calls.cpp: calls in a thread: the kernel primitives of model/kernel_atomics
// (find_prim), the folio helpers of model/rmap.* on page ranges, GUP-fast's PTE reads and
// reads-from stamps, and the checks of checks/*.cpp as expressions.
#include "checks/check.hpp"
#include "checks/reads.hpp"
#include "lang/lower_impl.hpp"
#include "lang/parser.hpp"
#include "lang/parser_impl.hpp"
#include "model/rmap.hpp"

namespace fc::lang {

void Lowerer::arity(const Expr& c, size_t lo, size_t hi, const std::string& form) {
    if (c.kids.size() < lo || c.kids.size() > hi)
        fail(c.loc,
             "wrong number of arguments to " + c.name + ": " + std::to_string(c.kids.size()) + " given; write " + form);
}

void Lowerer::folio_arg(const Expr& c, size_t i) {
    const Expr& a = *c.kids[i];
    if (!m_s.folio.declared)
        fail(c.loc, c.name + "() needs a folio: declare one in the init block ('struct folio f = { .pages = 1 };')");
    if (a.kind != Expr::ident || a.name != m_s.folio.name)
        fail(a.loc,
             "argument " + std::to_string(i + 1) + " of " + c.name + "() is the folio ('" + m_s.folio.name + "')");
    if (!m_t.params.count(a.name))
        fail(a.loc, "the folio is not a parameter of " + thread_name() + " (add 'struct folio *" + a.name + "')");
}

int Lowerer::page_index(const Expr& x) {
    long long i = 0;
    if (x.kind == Expr::call && x.name == "folio_page") {
        arity(x, 2, 2, "folio_page(f, i)");
        folio_arg(x, 0);
        i = need_constant(*x.kids[1], "a page index");
    } else {
        const auto v = constant(x);
        if (!v) fail(x.loc, "expected a page: folio_page(f, i) with a constant i");
        i = *v;
    }
    const int pages = m_s.folio.shape.pages;
    if (i < 0 || i >= pages)
        fail(x.loc, "page " + std::to_string(i) + " is outside the folio (pages 0.." + std::to_string(pages - 1) + ")");
    return static_cast<int>(i);
}

int Lowerer::page_arg(const Expr& c, size_t i) { return page_index(*c.kids[i]); }

std::optional<long long> Lowerer::const_call(const Expr& c) {
    if (c.name == "folio_nr_pages" || c.name == "folio_test_large" || c.name == "folio_test_swapcache") {
        arity(c, 1, 1, c.name + "(f)");
        folio_arg(c, 0);
        if (c.name == "folio_nr_pages") return m_s.folio.shape.pages;
        if (c.name == "folio_test_large") return m_s.folio.shape.large() ? 1 : 0;
        return m_s.folio.swapcache ? 1 : 0;
    }
    return std::nullopt;
}

namespace {

// The checks of checks/*.cpp, by the name a file calls them with: check_ and the check's
// name with '_' for '-' (check_khugepaged_expected).
const CheckDef* check_of(const std::string& call) {
    const std::string prefix = "check_";
    if (call.compare(0, prefix.size(), prefix) != 0) return nullptr;
    std::string name = call.substr(prefix.size());
    for (char& ch : name)
        if (ch == '_') ch = '-';
    return find_check(name);
}

}  // namespace

Val Lowerer::call(const Expr& c, int dst) {
    const std::string& n = c.name;
    auto result_reg = [&]() { return dst >= 0 ? dst : temp(); };
    auto konst = [&](size_t i, const char* what) {
        return static_cast<int>(need_constant(*c.kids[i], std::string(what) + " of " + n + "()"));
    };

    // ---- kernel primitives (Documentation/atomic_t.txt, memory-barriers.txt, spinlocks) ----
    Prim p;
    if (find_prim(n, p)) {
        const PrimInfo& info = prim_info(p);
        switch (info.kind) {
        case PrimKind::fence:
            arity(c, 0, 0, n + "()");
            emit_prim(m_e, p, 0, Operand{}, Operand{}, -1);
            return Val{};
        case PrimKind::lock: {
            arity(c, 1, 1, n + "(lock)");
            const int lock = location(*c.kids[0], true);
            const bool value = info.result == RmwResult::success;
            const int r = value ? result_reg() : -1;
            emit_prim(m_e, p, lock, Operand{}, Operand{}, r);
            return value ? Val::r(r) : Val{};
        }
        case PrimKind::load: {
            arity(c, 1, 1, n + "(*x)");
            int addr = -1;
            const int loc = location(*c.kids[0], false, addr);
            const int r = result_reg();
            emit_prim(m_e, p, loc, Operand{}, Operand{}, r);
            if (addr >= 0) m_e.mark_address(addr);
            return Val::r(r);
        }
        case PrimKind::store: {
            arity(c, 2, 2, n + "(*x, value)");
            int addr = -1;
            const int loc = location(*c.kids[0], false, addr);
            const Operand a = operand(eval(*c.kids[1]), c.kids[1]->loc);
            emit_prim(m_e, p, loc, a, Operand{}, -1);
            if (addr >= 0) m_e.mark_address(addr);
            return Val{};
        }
        case PrimKind::rmw: {
            const size_t ops = info.operands;
            const bool loc_last = info.op == RmwOp::add && ops == 1;  // atomic_add(i, v)
            const std::string form = n + (ops == 0                       ? "(v)"
                                          : loc_last                     ? "(i, v)"
                                          : ops == 1                     ? "(v, new)"
                                          : info.op == RmwOp::add_unless ? "(v, a, u)"
                                                                         : "(v, old, new)");
            arity(c, ops + 1, ops + 1, form);
            int addr = -1;
            const int loc = location(*c.kids[loc_last ? 1 : 0], false, addr);
            Operand a, b;
            if (ops >= 1) a = operand(eval(*c.kids[loc_last ? 0 : 1]), c.kids[loc_last ? 0 : 1]->loc);
            if (ops >= 2) b = operand(eval(*c.kids[2]), c.kids[2]->loc);
            const bool value = info.result != RmwResult::none;
            const int r = value ? result_reg() : -1;
            emit_prim(m_e, p, loc, a, b, r);
            if (addr >= 0) m_e.mark_address(addr);
            return value ? Val::r(r) : Val{};
        }
        }
    }

    // ---- reads-from stamps (the GUP-fast judge: did the check read GUP's reference?) ----
    if (n == "rf_stamp" || n == "write_stamp") {
        arity(c, 0, 0, n + "()");
        const int r = result_reg();
        if (n == "rf_stamp") m_e.stamp_rf(r);
        else m_e.stamp_write(r);
        return Val::r(r);
    }

    // ---- compile-time folio facts ----
    if (const auto v = const_call(c)) return Val::k(*v);
    if (n == "folio_page") return Val{Val::page, page_index(c)};

    const FolioShape& shape = m_s.folio.shape;
    auto mov_result = [&](int r) {
        if (dst >= 0 && dst != r) emit_mov(m_e, dst, Operand::reg(r));
        return Val::r(dst >= 0 ? dst : r);
    };

    // ---- references (include/linux/mm.h, page_ref.h; model/rmap.cpp) ----
    if (n == "folio_get" || n == "folio_put") {
        arity(c, 1, 1, n + "(f)");
        folio_arg(c, 0);
        if (n == "folio_get") folio_get(m_e);
        else folio_put(m_e);
        return Val{};
    }
    if (n == "folio_put_testzero") {
        arity(c, 1, 1, "folio_put_testzero(f)");
        folio_arg(c, 0);
        Emitter::Call k(m_e, "folio_put_testzero(folio)");
        const int r = result_reg();
        m_e.prim(Prim::atomic_dec_and_test, LOC_REFCOUNT, 0, r);
        return Val::r(r);
    }
    if (n == "folio_ref_add" || n == "folio_ref_sub" || n == "folio_put_refs" || n == "folio_ref_sub_and_test" ||
        n == "gup_put_folio") {
        arity(c, 2, 2, n + "(f, nr)");
        folio_arg(c, 0);
        const int nr = konst(1, "the count");
        if (nr < 1) fail(c.kids[1]->loc, n + "(): the count must be at least 1");
        if (n == "folio_ref_add") {
            folio_ref_add(m_e, nr);
            return Val{};
        }
        if (n == "folio_ref_sub") {
            Emitter::Call k(m_e, "folio_ref_sub(folio, " + std::to_string(nr) + ")");
            m_e.prim(Prim::atomic_sub, LOC_REFCOUNT, nr);
            return Val{};
        }
        if (n == "gup_put_folio") {
            Emitter::Call k(m_e, "gup_put_folio(folio, " + std::to_string(nr) + ", FOLL_GET)");
            if (nr == 1) folio_put(m_e);
            else folio_ref_sub_and_test(m_e, nr);
            return Val{};
        }
        if (n == "folio_put_refs") {  // mm.h folio_put_refs(): folio_ref_sub_and_test()
            Emitter::Call k(m_e, "folio_put_refs(folio, " + std::to_string(nr) + ")");
            folio_ref_sub_and_test(m_e, nr);
            return Val{};
        }
        if (dst < 0) {
            folio_ref_sub_and_test(m_e, nr);
            return Val{};
        }
        Emitter::Call k(m_e, "folio_ref_sub_and_test(folio, " + std::to_string(nr) + ")");
        m_e.prim(Prim::atomic_sub_and_test, LOC_REFCOUNT, nr, dst);
        return Val::r(dst);
    }
    if (n == "folio_try_get" || n == "folio_ref_try_add_rcu" || n == "try_grab_folio") {
        const bool one = n == "folio_try_get";
        arity(c, one ? 1 : 2, one ? 1 : 2, one ? n + "(f)" : n + "(f, nr)");
        folio_arg(c, 0);
        const int nr = one ? 1 : konst(1, "the count");
        if (n == "folio_ref_try_add_rcu") return mov_result(folio_ref_try_add_rcu(m_e, nr));
        Emitter::Call k(m_e,
                        one ? "folio_try_get(folio)" : "try_grab_folio(page[0], " + std::to_string(nr) + ", FOLL_GET)");
        return mov_result(folio_ref_try_add_rcu(m_e, nr));
    }

    // ---- counters read as the kernel reads them ----
    if (n == "folio_ref_count" || n == "page_count") {
        arity(c, 1, 1, n == "page_count" ? "page_count(folio_page(f, i))" : "folio_ref_count(f)");
        if (n == "page_count") page_arg(c, 0);
        else folio_arg(c, 0);
        const int r = result_reg();
        folio_ref_count(m_e, r);
        return Val::r(r);
    }
    if (n == "folio_mapcount") {
        arity(c, 1, 1, "folio_mapcount(f)");
        folio_arg(c, 0);
        const int r = result_reg();
        folio_mapcount(m_e, shape, r);
        return Val::r(r);
    }
    if (n == "page_mapcount") {
        arity(c, 1, 1, "page_mapcount(folio_page(f, i))");
        const int page = page_arg(c, 0);
        const int r = result_reg();
        page_mapcount(m_e, shape, page, r);
        return Val::r(r);
    }

    // ---- rmap (mm/rmap.c) on page ranges ----
    auto range = [&](size_t first_arg, size_t nr_arg, int& first, int& nr) {
        first = page_arg(c, first_arg);
        nr = konst(nr_arg, "the page count");
        if (nr < 1) fail(c.kids[nr_arg]->loc, n + "(): the page count must be at least 1");
        if (first + nr > shape.pages)
            fail(c.loc, "pages " + std::to_string(first) + ".." + std::to_string(first + nr - 1) +
                            " are outside the folio (pages 0.." + std::to_string(shape.pages - 1) + ")");
    };
    if (n == "page_remove_rmap" || n == "folio_remove_rmap_pte") {
        const bool f = n == "folio_remove_rmap_pte";
        arity(c, f ? 2 : 1, f ? 2 : 1,
              f ? "folio_remove_rmap_pte(f, folio_page(f, i))" : "page_remove_rmap(folio_page(f, i))");
        if (f) folio_arg(c, 0);
        page_remove_rmap(m_e, shape, page_arg(c, f ? 1 : 0));
        return Val{};
    }
    if (n == "folio_remove_rmap_ptes" || n == "folio_remove_rmap_range" || n == "folio_try_dup_anon_rmap_ptes") {
        arity(c, 3, 3, n + "(f, folio_page(f, i), nr)");
        folio_arg(c, 0);
        int first = 0, nr = 0;
        range(1, 2, first, nr);
        if (n == "folio_remove_rmap_ptes") folio_remove_rmap_ptes(m_e, shape, first, nr);
        else if (n == "folio_remove_rmap_range") folio_remove_rmap_range(m_e, shape, first, nr);
        else folio_try_dup_anon_rmap_ptes(m_e, shape, first, nr);
        return Val{};
    }
    if (n == "folio_try_dup_anon_rmap_pte" || n == "page_try_dup_anon_rmap") {
        const bool f = n == "folio_try_dup_anon_rmap_pte";
        arity(c, f ? 2 : 1, f ? 2 : 1, f ? n + "(f, folio_page(f, i))" : n + "(folio_page(f, i))");
        if (f) folio_arg(c, 0);
        folio_try_dup_anon_rmap_ptes(m_e, shape, page_arg(c, f ? 1 : 0), 1);
        return Val{};
    }

    // ---- page table entries (GUP-fast's view; KSM's ptep_clear_flush) ----
    if (n == "ptep_get_and_clear" || n == "ptep_get_and_clear_relaxed" || n == "ptep_get_and_clear_ordered") {
        // ptep_get_and_clear() / ptep_get_and_clear_full(): the PTE is exchanged for 0 and the
        // old PTE returned. Its ordering depends on the architecture: arm64's
        // __ptep_get_and_clear() is xchg_relaxed() (arch/arm64/include/asm/pgtable.h), x86's
        // native_ptep_get_and_clear() is xchg(), fully ordered
        // (arch/x86/include/asm/pgtable_64.h). A check must hold on every architecture, so the
        // plain name is the weaker one; _ordered asks for x86's, _relaxed names arm64's.
        arity(c, 2, 2, n + "(f, i)");
        folio_arg(c, 0);
        const int page = page_arg(c, 1);
        Emitter::Call k(m_e, "ptep_get_and_clear(mm, addr, pte)");
        const int r = result_reg();
        const Prim p = n == "ptep_get_and_clear_ordered" ? Prim::xchg : Prim::xchg_relaxed;
        emit_prim(m_e, p, loc_pte(page), Operand::imm(0), Operand{}, r);
        return Val::r(r);
    }
    if (n == "ptep_get_lockless" || n == "ptep_get" || n == "ptep_clear_flush") {
        arity(c, 2, 2, n + "(f, i)");
        folio_arg(c, 0);
        const int page = page_arg(c, 1);
        if (n == "ptep_clear_flush") {
            // The PTE is cleared, then the TLB flush, modelled as a full barrier (as
            // checks/scenario.cpp does for KSM).
            Emitter::Call k(m_e, "ptep_clear_flush(vma, addr, pte)");
            m_e.prim(Prim::WRITE_ONCE, loc_pte(page), 0);
            m_e.barrier(Prim::smp_mb);
            return Val{};
        }
        Emitter::Call k(m_e, n + "(ptep)");
        const int r = result_reg();
        m_e.prim(Prim::READ_ONCE, loc_pte(page), 0, r);
        return Val::r(r);
    }

    // ---- the checks (checks/*.cpp) as expressions: 1 = "no extra reference" ----
    if (const CheckDef* chk = check_of(n)) {
        arity(c, 1, 3, n + "(f [, REF_FIRST|MAP_FIRST [, NO_BARRIER|SMP_RMB|SMP_MB]])");
        folio_arg(c, 0);
        bool ref_first;
        if (c.kids.size() >= 2) {
            ref_first = konst(1, "the read order") != 0;
        } else if (chk->kernel_order == ReadOrder::either) {
            fail(c.loc, n + "(): C leaves the order of the check's two reads unspecified; pass REF_FIRST or MAP_FIRST");
        } else {
            ref_first = chk->kernel_order == ReadOrder::ref_first;
        }
        const int barrier = c.kids.size() >= 3 ? konst(2, "the barrier") : 0;
        if (barrier < 0 || barrier > 2) fail(c.kids[2]->loc, "the barrier is NO_BARRIER, SMP_RMB or SMP_MB");
        if (chk->small_only && shape.pages != 1)
            fail(c.loc, n + "() handles small pages only (large folios are split first): use .pages = 1");
        // The reads as the built-in check emits them (checks/reads.cpp): its barriers, its
        // own reference (compaction: do not count it in .refs), its kernel function name.
        CheckReads reads;
        reads.folio = shape;
        reads.ref_first = ref_first;
        reads.barrier = barrier == 1 ? ReaderBarrier::rmb : barrier == 2 ? ReaderBarrier::mb : ReaderBarrier::none;
        reads.own_ref_taken = true;
        reads.reg_refcount = temp();
        reads.reg_mapcount = temp();
        if (chk->takes_own_ref_before_reads) reads.reg_got = temp();
        const CheckRegs regs = emit_check_reads(m_e, *chk, reads);
        const int refcount = regs.refcount, mapcount = regs.mapcount;
        // The predicate as checks/<name>.cpp writes it in C (sees_extra_c), negated.
        std::string text = chk->sees_extra_c;
        auto subst = [&](const std::string& from, const std::string& to) {
            for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
                text.replace(at, from.size(), to);
        };
        subst("{R}", "__refcount");
        subst("{M}", "__mapcount");
        subst("{P}", std::to_string(shape.pages));
        subst("{S}", m_s.folio.swapcache ? "1" : "0");
        Parser parser("<" + std::string(chk->name) + " predicate>", lex("<predicate>", text));
        const ExprPtr pred = parser.expression();
        m_extra["__refcount"] = refcount;
        m_extra["__mapcount"] = mapcount;
        const Val seen = eval(*pred);
        m_extra.clear();
        const int r = result_reg();
        emit_alu(m_e, "not", r, operand(seen, c.loc), Operand::imm(0));
        return Val::r(r);
    }

    if (n == "rcu_read_lock" || n == "rcu_read_unlock" || n == "synchronize_rcu" || n == "srcu_read_lock" ||
        n == "srcu_read_unlock" || n == "synchronize_srcu" || n == "rcu_dereference" || n == "rcu_assign_pointer")
        fail(c.loc, "unsupported primitive " + n + "(): foliocheck models no RCU grace periods");
    fail(c.loc, "unknown primitive or helper '" + n + "' (docs/scenarios.md lists what a file may call)");
}

}  // namespace fc::lang
