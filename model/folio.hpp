// model/folio.hpp: the folio's shared counters as foliocheck sees them.
//
// Fields (struct folio / struct page, include/linux/mm_types.h, v6.5 and v6.10):
//   folio->_refcount        references; page_count()/folio_ref_count() read it
//   page[i]->_mapcount      per-page PTE mappings, -1 based (-1 = unmapped)
//   folio->_entire_mapcount PMD mappings, -1 based (large folios only)
//   folio->_nr_pages_mapped pages with _mapcount >= 0 (large folios only, v6.5..)
//   folio->_large_mapcount  all mappings of a large folio, -1 based (v6.10, "mm: track
//                           mapcount of large folios in single value")
//   pte[i]                  one PTE per page (1 = present, 0 = cleared), read by GUP-fast
//   folio->_pincount        FOLL_PIN pins of a large folio (mm/gup.c try_grab_folio_fast(),
//                           "When pinning a large folio, use an exact count to track it")
//   folio->_mm_id_mapcount[0..1]  per-mm mapcounts of CONFIG_MM_ID (v6.15, "mm/rmap: basic MM
//                           owner tracking for large folios (!hugetlb)",
//                           <20250303163014.1128035-13-david@redhat.com>), -1 based, plain ints
//                           updated under the folio's mapcount bit spinlock
// A folio of one page is small: it has only _refcount and page[0]->_mapcount.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "model/program.hpp"

namespace fc {

constexpr int kMaxPages = 512;  // a PTE-mapped PMD-size THP (2M with 4K pages)

// Location numbering: fixed, so that a trace and a replay token can name them by index.
enum Loc : uint16_t {
    LOC_REFCOUNT = 0,
    LOC_ENTIRE_MAPCOUNT = 1,
    LOC_NR_PAGES_MAPPED = 2,
    LOC_LARGE_MAPCOUNT = 3,
    LOC_PINCOUNT = 4,
    LOC_MM_ID_MAPCOUNT0 = 5,               // folio->_mm_id_mapcount[i] = LOC_MM_ID_MAPCOUNT0 + i, i < 2
    LOC_SWAPCACHE = 7,                     // PG_swapcache in folio->flags (1 = set), with --writer swapcache-add
    LOC_MAPCOUNT0 = 8,                     // page[i]->_mapcount = LOC_MAPCOUNT0 + i
    LOC_PTE0 = LOC_MAPCOUNT0 + kMaxPages,  // pte[i] = LOC_PTE0 + i
    LOC_COUNT = LOC_PTE0 + kMaxPages,
};

inline int loc_mapcount(int page) { return LOC_MAPCOUNT0 + page; }
inline int loc_pte(int page) { return LOC_PTE0 + page; }

// Kernel spelling of a location, as the trace prints it: "folio->_refcount",
// "page[1]->_mapcount", "pte[0]".
std::string loc_name(int loc);

// Which mapcount design the kernel version uses for large folios.
enum class MapcountDesign : uint8_t {
    per_page,  // v6.5: folio_mapcount() = folio_total_mapcount(): loop over page[i]->_mapcount
    large,     // v6.10: folio_mapcount() = atomic_read(&folio->_large_mapcount) + 1
    // v6.15 CONFIG_MM_ID (selected by TRANSPARENT_HUGEPAGE): _large_mapcount is updated by
    // atomic_read() + atomic_set() under bit_spin_lock(FOLIO_MM_IDS_LOCK_BITNUM, &_mm_ids),
    // together with the plain per-mm slots _mm_id_mapcount[]; per-page _mapcount and
    // _nr_pages_mapped are still maintained (include/linux/rmap.h
    // folio_add_return_large_mapcount(), mm/rmap.c __folio_remove_rmap()).
    mm_id,
    // v6.15 CONFIG_NO_PAGE_MAPCOUNT (EXPERIMENTAL; implies MM_ID): a large folio keeps no
    // per-page _mapcount and no _nr_pages_mapped; the locked _large_mapcount update is all
    // (upstream 2f633d377d1f, <20250303163014.1128035-16-david@redhat.com>).
    no_page_mapcount,
};
const char* mapcount_name(MapcountDesign d);
bool parse_mapcount(const std::string& s, MapcountDesign& out);
std::string mapcount_names();  // "per-page, large, mm-id, no-page-mapcount"

// The folio of one scenario: its size and design, and the initial value of every location.
struct FolioShape {
    int pages = 1;
    MapcountDesign design = MapcountDesign::per_page;
    bool large() const { return pages > 1; }
    bool has_large_mapcount() const { return large() && design != MapcountDesign::per_page; }
    // _large_mapcount changes under the mapcount bit spinlock (CONFIG_MM_ID) rather than by
    // atomic_add()/atomic_sub().
    bool mm_id_locked() const {
        return large() && (design == MapcountDesign::mm_id || design == MapcountDesign::no_page_mapcount);
    }
    // page[i]->_mapcount and _nr_pages_mapped are maintained (every small folio; large ones
    // unless CONFIG_NO_PAGE_MAPCOUNT).
    bool has_page_mapcount() const { return !large() || design != MapcountDesign::no_page_mapcount; }
};

// Pages FIRST..LAST (inclusive) of the folio: what one mm maps, or what a writer acts on.
struct PageRange {
    int first = 0;
    int last = 0;
    int nr() const { return last - first + 1; }
    bool contains(int page) const { return page >= first && page <= last; }
};
std::string range_text(const PageRange& r);  // "0-1", or "0" for one page

// Initial counter values for a folio whose every page is PTE-mapped `maps_per_page` times
// and that holds `other_refs` references besides those of the mappings.
//   _refcount        = pages * maps_per_page + other_refs  (one reference per PTE mapping:
//                      "Each such present user page table entry must be paired with exactly
//                      one folio reference", v6.10 mm.h)
//   page[i]->_mapcount = maps_per_page - 1
//   _nr_pages_mapped = pages (when maps_per_page > 0), _entire_mapcount = -1 (no PMD map)
//   _large_mapcount  = pages * maps_per_page - 1  (v6.10 design only)
//   pte[i]           = 1 (present)
// The vectors start with the folio layout's LOC_COUNT entries; a scenario file appends its
// own variables after them (any number: the engine gives a Relacy atomic only to the
// locations some instruction touches).
struct FolioInit : InitialValues {
    FolioInit() {
        value.assign(LOC_COUNT, 0);
        used.assign(LOC_COUNT, false);
    }
};
FolioInit folio_init(const FolioShape& shape, int maps_per_page, int other_refs);

// The same for a folio PTE-mapped by several mms, each over its own range of pages (mm i
// maps every page of mms[i] once). _refcount = mappings + other_refs; page[i]->_mapcount =
// (mms mapping page i) - 1 where the design keeps it; _nr_pages_mapped = pages mapped at
// all; _large_mapcount = mappings - 1; with MM_ID, mms[0] and mms[1] own slots 0 and 1
// (_mm_id_mapcount[i] = its mappings - 1); _pincount = pincount (large folios only).
// pmd_maps: further mms mapping the whole folio with one PMD each: one reference, one
// _entire_mapcount, one _large_mapcount each, and ENTIRELY_MAPPED in _nr_pages_mapped
// (mm/rmap.c __folio_add_rmap() RMAP_LEVEL_PMD; a PMD mapping counts 1 in folio_mapcount()).
FolioInit folio_init_mms(const FolioShape& shape, const std::vector<PageRange>& mms, int other_refs, int pincount = 0,
                         int pmd_maps = 0);

// mm/internal.h: ENTIRELY_MAPPED (v6.8+; COMPOUND_MAPPED in v6.5, the same value) and
// FOLIO_PAGES_MAPPED, the mask folio_nr_pages_mapped() applies.
constexpr int kEntirelyMapped = 0x800000;
constexpr int kFolioPagesMapped = kEntirelyMapped - 1;

}  // namespace fc
