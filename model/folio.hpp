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
// A folio of one page is small: it has only _refcount and page[0]->_mapcount.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace fc {

constexpr int kMaxPages = 16;

// Location numbering: fixed, so that a trace and a replay token can name them by index.
enum Loc : uint8_t {
    LOC_REFCOUNT = 0,
    LOC_ENTIRE_MAPCOUNT = 1,
    LOC_NR_PAGES_MAPPED = 2,
    LOC_LARGE_MAPCOUNT = 3,
    LOC_MAPCOUNT0 = 4,                     // page[i]->_mapcount = LOC_MAPCOUNT0 + i
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
};
const char* mapcount_name(MapcountDesign d);
bool parse_mapcount(const std::string& s, MapcountDesign& out);

// The folio of one scenario: its size and design, and the initial value of every location.
struct FolioShape {
    int pages = 1;
    MapcountDesign design = MapcountDesign::per_page;
    bool large() const { return pages > 1; }
    bool has_large_mapcount() const { return large() && design == MapcountDesign::large; }
};

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
struct FolioInit {
    std::vector<int> value = std::vector<int>(LOC_COUNT, 0);
    std::vector<bool> used = std::vector<bool>(LOC_COUNT, false);
};
FolioInit folio_init(const FolioShape& shape, int maps_per_page, int other_refs);

}  // namespace fc
