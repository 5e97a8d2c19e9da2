// checks/reads.hpp: the one emitter of a check's reads. The built-in scenario
// (checks/scenario.cpp) and `check_X(f)` in a scenario file (lang/lower_calls.cpp) both call
// it, so a barrier, the check's own reference or its kernel function name cannot differ
// between the two.
#pragma once

#include "checks/check.hpp"

namespace fc {

// What the reads need beyond the check itself. The scenario-only parts (a PTE cleared for
// GUP-fast, PG_swapcache read from a writer that sets it, KSM's FOLL_PIN test, the reads-from
// stamp the GUP-fast judge uses) are off by default, as in a scenario file, which writes such
// steps itself.
struct CheckReads {
    FolioShape folio;
    bool ref_first = true;
    ReaderBarrier barrier = ReaderBarrier::none;  // between the two reads (a proposal's choice)
    // A check with takes_own_ref_before_reads (compaction) takes its own reference right
    // before the reads; false: it is folded into the initial refcount (--own-ref folded).
    bool own_ref_taken = true;
    int clear_pte_page = -1;         // >= 0: the check first clears this page's PTE (clears_pte_first)
    bool ptep_flush_mb = true;       // ptep_clear_flush() is a full barrier (KSM)
    bool stamp_refcount_rf = false;  // stamp the position in _refcount's order of the write read
    bool read_swapcache = false;     // read PG_swapcache where the check's code does
    bool try_share_pinned = false;   // KSM with FOLL_PIN: folio_maybe_dma_pinned() after the reads
    // CheckDef::bails_if_mapped_shared: the MM_ID slot of the checker's own mm (0 or 1), whose
    // count equal to _large_mapcount is what keeps the "maybe mapped shared" bit clear; -1:
    // the checker's mm has no slot here, and the bit is not read (the check then examines a
    // folio the kernel would skip: it can only add violations).
    int checker_slot = -1;
    // Registers to use; -1: a register named after its role ("refcount", ...), allocated where
    // the kernel code first needs it. A scenario file passes its own (its variables have names).
    int reg_refcount = -1, reg_mapcount = -1, reg_got = -1;
};

// The registers holding what the check read (-1: not read).
struct CheckRegs {
    int refcount = -1, mapcount = -1, refcount_rf = -1, swapcache = -1, pinned = -1;
    int shared = -1;  // 1: the folio may be mapped by another mm, the check stops (bails_if_mapped_shared)
};

CheckRegs emit_check_reads(Emitter& e, const CheckDef& c, const CheckReads& r);

}  // namespace fc
