// checks/reads.cpp: a check's reads as the kernel sequences them (see reads.hpp).
#include "checks/reads.hpp"

#include "model/rmap.hpp"

namespace fc {

CheckRegs emit_check_reads(Emitter& e, const CheckDef& c, const CheckReads& r) {
    CheckRegs out;
    Emitter::Call top(e, c.function);
    if (c.clears_pte_first && r.clear_pte_page >= 0) {
        if (c.mb_before_reads) {
            // lazyfree: get_and_clear_ptes(); the flush may be deferred (TTU_BATCH_FLUSH), so
            // the kernel relies on its explicit smp_mb() below, not on the flush.
            Emitter::Call f(e, "get_and_clear_ptes(mm, address, pvmw.pte, nr_pages)");
            e.prim(Prim::WRITE_ONCE, loc_pte(r.clear_pte_page), 0);
        } else {
            // ptep_clear_flush(): the PTE is cleared, then the TLB flush. By default we model
            // the flush as a full barrier (arm64: DSB ISH; x86: the xchg in
            // ptep_get_and_clear and the IPI); --ptep-clear-flush plain leaves it a plain
            // store, as __folio_try_share_anon_rmap()'s comment assumes it might be. Only
            // GUP-fast reads PTEs, so other scenarios leave this out (a barrier left out can
            // only add behaviours).
            Emitter::Call f(e, "ptep_clear_flush(vma, addr, pte)");
            e.prim(Prim::WRITE_ONCE, loc_pte(r.clear_pte_page), 0);
            if (r.ptep_flush_mb) e.barrier(Prim::smp_mb);
        }
    }
    if (c.mb_before_reads) e.barrier(Prim::smp_mb);
    if (c.takes_own_ref_before_reads && r.own_ref_taken) {
        // folio_get_nontail_page(page): "if (unlikely(!get_page_unless_zero(page))) return
        // NULL;" -> page_ref_add_unless(page, 1, 0) -> atomic_add_unless(): fully ordered on
        // success. It cannot fail here (the folio is mapped).
        Emitter::Call g(e, "folio_get_nontail_page(page) > get_page_unless_zero(page)");
        e.prim_ops(Prim::atomic_add_unless, LOC_REFCOUNT, {-1, 1}, {-1, 0}, r.reg_got >= 0 ? r.reg_got : e.reg("got"));
    }
    out.refcount = r.reg_refcount >= 0 ? r.reg_refcount : e.reg("refcount");
    out.mapcount = r.reg_mapcount >= 0 ? r.reg_mapcount : e.reg("mapcount");
    if (r.stamp_refcount_rf) out.refcount_rf = e.reg("refcount_rf");
    // With a swapcache writer: folio_test_swapcache() where the check's code reads it.
    if (r.read_swapcache) out.swapcache = e.reg("swapcache");
    auto read_flag = [&](CheckDef::SwapFlagRead at) {
        if (out.swapcache < 0 || c.swap_flag_read != at) return;
        Emitter::Call t(e, "folio_test_swapcache(folio)");
        e.prim(Prim::READ_ONCE, LOC_SWAPCACHE, 0, out.swapcache);
    };
    auto read_mapcount = [&]() {
        read_flag(CheckDef::SwapFlagRead::before_mapcount);
        c.read_mapcount(e, r.folio, out.mapcount);
        read_flag(CheckDef::SwapFlagRead::after_mapcount);
    };
    auto read_refcount = [&]() {
        folio_ref_count(e, out.refcount);
        if (out.refcount_rf >= 0) e.stamp_rf(out.refcount_rf);
    };
    read_flag(CheckDef::SwapFlagRead::first);
    // __wp_can_reuse_large_anon_folio() (mm/memory.c, CONFIG_MM_ID): "Stabilize the mapcount
    // vs. refcount and recheck": folio_lock_large_mapcount(); if
    // (test_bit(FOLIO_MM_IDS_SHARED_BITNUM, &folio->_mm_ids)) goto unlock; then the two reads.
    const bool locked = c.reads_under_mapcount_lock && r.folio.mm_id_locked();
    if (locked) {
        Emitter::Call l(e, "folio_lock_large_mapcount(folio)");
        e.prim_ops(Prim::spin_lock, 0, {}, {});
    }
    if (locked && c.bails_if_mapped_shared && r.checker_slot >= 0 && r.checker_slot < 2) {
        // The bit is cleared under this lock exactly when one mm's slot holds every mapping
        // (include/linux/rmap.h folio_sub_return_large_mapcount(): "If the mapcount value is
        // now the same as the mapcount value in one of the slots, the folio is mapped
        // exclusively"), and set when another mm maps it: read as "my slot's count is not
        // the folio's". Evaluated unconditionally; the judge ORs it in.
        Emitter::Call t(e, "test_bit(FOLIO_MM_IDS_SHARED_BITNUM, &folio->_mm_ids)");
        out.shared = e.reg("maybe_mapped_shared");
        const int mine = e.scratch("my_mm_id_mapcount");
        e.prim(Prim::READ_ONCE, LOC_MM_ID_MAPCOUNT0 + r.checker_slot, 0, mine);
        e.prim(Prim::atomic_read, LOC_LARGE_MAPCOUNT, 0, out.shared);
        e.alu(AluOp::ne, out.shared, {out.shared, 0}, {mine, 0});
    }
    if (r.ref_first) read_refcount();
    else read_mapcount();
    if (r.barrier == ReaderBarrier::rmb) e.barrier(Prim::smp_rmb);
    if (r.barrier == ReaderBarrier::mb) e.barrier(Prim::smp_mb);
    if (r.ref_first) read_mapcount();
    else read_refcount();
    if (locked) {
        Emitter::Call u(e, "folio_unlock_large_mapcount(folio)");
        e.prim_ops(Prim::spin_unlock, 0, {}, {});
    }
    if (c.rmb_after_reads) e.barrier(Prim::smp_rmb);
    if (r.try_share_pinned && c.clears_pte_first && !c.mb_before_reads) {
        // KSM, count check passed, AnonExclusive page: folio_try_share_anon_rmap_pte() ->
        // __folio_try_share_anon_rmap(): "smp_mb(); if (unlikely(folio_maybe_dma_pinned(folio)))
        // return -EBUSY;" (include/linux/rmap.h; write_protect_page() calls it right after the
        // count check). Evaluated unconditionally here; the judge ORs it in.
        Emitter::Call t(e, "folio_try_share_anon_rmap_pte(folio, page)");
        e.barrier(Prim::smp_mb);
        out.pinned = e.reg("maybe_pinned");
        folio_maybe_dma_pinned(e, r.folio, out.pinned);
    }
    return out;
}

}  // namespace fc
