// harness/search/vacuity.cpp: see vacuity.hpp.
//
// The test is conservative. A load returns a value its location held (Relacy never invents
// one), so a refcount read is one of the values _refcount held. A mapcount computed from
// several loads (v6.5 folio_total_mapcount(): _entire_mapcount plus the per-page _mapcount
// loop) is a sum of one value per location, whichever moment each load saw: it lies in the
// set of all such sums. If no (R, M) from those sets hides the pin, no execution under any
// memory model can, and the hold says nothing about read order or barriers.
#include "harness/search/vacuity.hpp"

#include <algorithm>
#include <set>
#include <sstream>
#include <vector>

namespace fc {

namespace {

// The values of a -1 based counter plus one (what the kernel's *_mapcount() helpers add).
bool values_of(const std::array<uint64_t, LOC_COUNT>& v, const std::array<bool, LOC_COUNT>& overflow, int loc, int plus,
               std::set<int>& out) {
    const size_t i = static_cast<size_t>(loc);
    if (overflow[i] || v[i] == 0) return false;
    out.clear();
    for (int b = 0; b < 64; b++)
        if (v[i] >> b & 1) out.insert(b - 1 + plus);
    return true;
}

std::set<int> sums(const std::set<int>& a, const std::set<int>& b) {
    std::set<int> s;
    for (int x : a)
        for (int y : b) s.insert(x + y);
    return s;
}

std::string set_text(const std::set<int>& s) {
    std::string t = "{";
    for (int x : s) t += (t.size() > 1 ? ", " : "") + std::to_string(x);
    return t + "}";
}

}  // namespace

std::string vacuous_reason(const RunRequest& req, const std::array<uint64_t, LOC_COUNT>& values,
                           const std::array<bool, LOC_COUNT>& overflow, int initial_refcount, int extra_pin_counts,
                           int refs_per_pin) {
    const CheckDef& c = *req.check;
    std::set<int> ref, map = {0}, one;
    if (!values_of(values, overflow, LOC_REFCOUNT, 0, ref)) return "";
    // The mapcount the check computes (model/rmap.cpp folio_mapcount()): every design newer
    // than per-page (large, mm-id, no-page-mapcount) reads one value, _large_mapcount, for a
    // large folio; mm-id still keeps the per-page counts, but no check reads them.
    if (FolioShape{req.pages, req.mapcount}.has_large_mapcount()) {
        if (!values_of(values, overflow, LOC_LARGE_MAPCOUNT, 1, map)) return "";
    } else {
        for (int p = 0; p < req.pages; p++) {
            if (!values_of(values, overflow, loc_mapcount(p), 1, one)) return "";
            map = sums(map, one);
        }
        if (req.pages > 1 && values_of(values, overflow, LOC_ENTIRE_MAPCOUNT, 1, one)) map = sums(map, one);
    }
    // GUP-fast: the pin is GUP's own reference. Unless the check cleared the PTE first (KSM),
    // a miss needs a refcount read that includes it (the judge in checks/scenario.cpp).
    const bool pin_writer = req.writer->kind == WriterKind::pin && !c.clears_pte_first;
    if (pin_writer)
        for (auto it = ref.begin(); it != ref.end();) it = *it <= initial_refcount ? ref.erase(it) : std::next(it);
    // A writer that adds the folio to the swapcache makes the check read PG_swapcache: either
    // value may meet either counter.
    std::vector<bool> swapcache{req.swapcache};
    if (req.writer->sets_swapcache) swapcache = {false, true};
    for (int r : ref)
        for (int m : map)
            for (int k = 0; k <= extra_pin_counts; k++)
                for (bool sw : swapcache)
                    if (!c.sees_extra(r + k * refs_per_pin, m, req.pages, sw)) return "";
    std::ostringstream s;
    s << "vacuous: no refcount in " << set_text(ref);
    if (extra_pin_counts > 0)
        s << " (with one pin; each further pin adds " << refs_per_pin << ", up to " << extra_pin_counts + 1 << " pins)";
    s << " with any mapcount in " << set_text(map)
      << " (every value the counters take in this scenario, torn sums included) lets the check miss the pin";
    if (pin_writer)
        s << "; the writer changes only the refcount, and a refcount read that includes its reference shows it";
    else if (ref.size() == 1 && map.size() == 1) s << "; the writer changes neither counter the check reads";
    else s << "; the hold does not depend on the read order or on barriers";
    return s.str();
}

}  // namespace fc
