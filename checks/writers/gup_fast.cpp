// checks/writers/gup_fast.cpp: a GUP-fast pin of page[0] (gup_pte_range() in mm/gup.c, v6.5),
// FOLL_GET (an O_DIRECT-style reference):
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

namespace fc {

namespace {

void gup_fast(Emitter& e, const FolioShape&, WriterRegs& regs) {
    Emitter::Call c(e, "gup_pte_range");
    regs.kept = e.reg("kept");
    regs.grab_stamp = e.reg("grab_stamp");
    e.movi(regs.kept, 0);
    e.movi(regs.grab_stamp, 1 << 30);
    const int out = e.label();
    const int pte = e.reg("pte");
    {
        Emitter::Call r(e, "ptep_get_lockless(ptep)");
        e.prim(Prim::READ_ONCE, loc_pte(0), 0, pte);
    }
    e.jz(pte, out);  // not present: GUP-fast gives up
    int ok;
    {
        Emitter::Call g(e, "try_grab_folio(page[0], 1, FOLL_GET)");
        ok = folio_ref_try_add_rcu(e, 1);
    }
    e.jz(ok, out);
    e.stamp_write(regs.grab_stamp);
    const int again = e.reg("pte_again");
    {
        Emitter::Call r(e, "ptep_get(ptep)");
        e.prim(Prim::READ_ONCE, loc_pte(0), 0, again);
    }
    const int undo = e.label();
    e.jne(pte, again, undo);
    e.movi(regs.kept, 1);
    e.jmp(out);
    e.bind(undo);
    {
        Emitter::Call u(e, "gup_put_folio(folio, 1, FOLL_GET)");
        folio_put(e);
    }
    e.bind(out);
}

}  // namespace

const WriterDef kWriterGupFast = {
    "gup-fast",
    "GUP-fast FOLL_GET pin of page[0]: read PTE, take a reference, re-read PTE, undo if it changed",
    "gup_pte_range() and try_grab_folio() in mm/gup.c (v6.5)",
    WriterKind::pin,
    gup_fast,
};

}  // namespace fc
