// checks/concurrency.cpp: the concurrency of the checks, derived (see concurrency.hpp).
#include "checks/concurrency.hpp"

namespace fc {

bool check_races(const CheckDef* check, const WriterDef* writer) {
    // The folio lock: try_to_unmap(), try_to_migrate() and add_to_swap() run with it held
    // (their kerneldoc: "Caller must hold the folio lock"), so no check that holds it (KSM's
    // page lock, split, lazyfree's try_to_unmap() caller) can race them.
    if (check->holds_folio_lock && writer->folio_locked) return false;
    // KSM handles order-0 pages only; the batched zaps and the PMD paths large folios only.
    if (check->small_only && writer->large_only) return false;
    // A check that cannot meet a swapcache folio (compaction: it has a mapping) does not race
    // the path that adds one.
    if (check->swapcache_add_refusal && writer->sets_swapcache) return false;
    return true;
}

std::vector<const WriterDef*> racing_writers(const CheckDef* check) {
    std::vector<const WriterDef*> out;
    for (const WriterDef* w : all_writers())
        if (!w->newer && !w->emit_from && check_races(check, w)) out.push_back(w);
    return out;
}

std::string what_if_reason(const CheckDef* check, const WriterDef* writer, int pages) {
    if (!check_races(check, writer))
        return std::string("what-if: ") + check->name + "'s locks or folio sizes exclude " + writer->name;
    if (pages == 1 && check->small_refusal) return std::string("what-if: ") + check->small_refusal;
    return "";
}

}  // namespace fc
