// checks/writers/gup_fast.cpp: a GUP-fast pin of the first page of the range (gup_pte_range()
// in mm/gup.c, v6.5), FOLL_GET (an O_DIRECT-style reference) or, with --pin-kind FOLL_PIN,
// the FOLL_PIN accounting of try_grab_folio_fast() (v6.11+):
//
//   pte = ptep_get_lockless(ptep);                    READ_ONCE
//   if (!pte_present(pte)) -> fall back to slow GUP   (modelled: give up)
//   folio = try_grab_folio(page, 1, flags);           folio_ref_try_add_rcu(): atomic_add_unless,
//                                                     fully ordered on success
//   if (pte_val(pte) != pte_val(ptep_get(ptep)))      re-read the PTE
//       gup_put_folio(folio, 1, flags);               changed: undo (folio_put)
//
// In a gup-fast scenario this CPU's reference IS the pin: there is no pin held in advance.
#include "checks/writers/writer.hpp"
#include "model/rmap.hpp"

#include <string>

namespace fc {

namespace {

void gup_fast(Emitter& e, const WriterArgs& a, WriterRegs& regs) {
    const int page = a.range.first;
    const bool pin = a.pin_kind == PinKind::foll_pin;
    Emitter::Call c(e, "gup_pte_range");
    regs.kept = e.reg("kept");
    regs.grab_stamp = e.reg("grab_stamp");
    e.movi(regs.kept, 0);
    e.movi(regs.grab_stamp, 1 << 30);
    const int out = e.label();
    const int pte = e.reg("pte");
    {
        Emitter::Call r(e, "ptep_get_lockless(ptep)");
        e.prim(Prim::READ_ONCE, loc_pte(page), 0, pte);
    }
    e.jz(pte, out);  // not present: GUP-fast gives up
    int ok;
    {
        Emitter::Call g(e, "try_grab_folio(page[" + std::to_string(page) + "], 1, " + pin_kind_name(a.pin_kind) + ")");
        ok = folio_ref_try_add_rcu(e, 1);
        e.jz(ok, out);
        e.stamp_write(regs.grab_stamp);
        if (pin) {
            // v6.11+ try_grab_folio_fast(): "if (folio_has_pincount(folio))
            // atomic_add(refs, &folio->_pincount); else folio_ref_add(folio, refs *
            // (GUP_PIN_COUNTING_BIAS - 1)); ... smp_mb__after_atomic();"
            if (a.folio.large()) e.prim(Prim::atomic_add, LOC_PINCOUNT, 1);
            else folio_ref_add(e, kGupPinCountingBias - 1);
            e.barrier(Prim::smp_mb__after_atomic);
        }
    }
    const int again = e.reg("pte_again");
    {
        Emitter::Call r(e, "ptep_get(ptep)");
        e.prim(Prim::READ_ONCE, loc_pte(page), 0, again);
    }
    const int undo = e.label();
    e.jne(pte, again, undo);
    e.movi(regs.kept, 1);
    e.jmp(out);
    e.bind(undo);
    {
        // gup_put_folio(): FOLL_PIN: large -> atomic_sub(refs, &_pincount); small -> refs *=
        // GUP_PIN_COUNTING_BIAS; then folio_put_refs(folio, refs) (fully ordered).
        Emitter::Call u(e, std::string("gup_put_folio(folio, 1, ") + pin_kind_name(a.pin_kind) + ")");
        if (pin && a.folio.large()) e.prim(Prim::atomic_sub, LOC_PINCOUNT, 1);
        if (pin && !a.folio.large()) folio_ref_sub_and_test(e, kGupPinCountingBias);
        else folio_put(e);
    }
    e.bind(out);
}

}  // namespace

const WriterDef kWriterGupFast = {
    "gup-fast",
    "GUP-fast pin of one page: read PTE, take a reference (FOLL_GET or FOLL_PIN), re-read PTE, undo if it changed",
    "gup_pte_range() and try_grab_folio() in mm/gup.c (v6.5)",
    WriterKind::pin,
    gup_fast,
};

}  // namespace fc
