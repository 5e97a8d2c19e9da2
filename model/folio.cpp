// model/folio.cpp: location names and initial folio state (see folio.hpp).
#include "model/folio.hpp"

#include "model/names.hpp"

namespace fc {

std::string loc_name(int loc) {
    switch (loc) {
    case LOC_REFCOUNT: return "folio->_refcount";
    case LOC_ENTIRE_MAPCOUNT: return "folio->_entire_mapcount";
    case LOC_NR_PAGES_MAPPED: return "folio->_nr_pages_mapped";
    case LOC_LARGE_MAPCOUNT: return "folio->_large_mapcount";
    case LOC_PINCOUNT: return "folio->_pincount";
    case LOC_MM_ID_MAPCOUNT0: return "folio->_mm_id_mapcount[0]";
    case LOC_MM_ID_MAPCOUNT0 + 1: return "folio->_mm_id_mapcount[1]";
    case LOC_SWAPCACHE: return "folio->flags:PG_swapcache";
    default: break;
    }
    if (loc >= LOC_MAPCOUNT0 && loc < LOC_MAPCOUNT0 + kMaxPages)
        return "page[" + std::to_string(loc - LOC_MAPCOUNT0) + "]->_mapcount";
    if (loc >= LOC_PTE0 && loc < LOC_PTE0 + kMaxPages) return "pte[" + std::to_string(loc - LOC_PTE0) + "]";
    return "loc" + std::to_string(loc);
}

namespace {
const NameRow<MapcountDesign> kMapcountNames[] = {
    {MapcountDesign::per_page, "per-page"},
    {MapcountDesign::large, "large"},
    {MapcountDesign::mm_id, "mm-id"},
    {MapcountDesign::no_page_mapcount, "no-page-mapcount"},
};
}  // namespace

const char* mapcount_name(MapcountDesign d) { return name_in(kMapcountNames, d); }
bool parse_mapcount(const std::string& s, MapcountDesign& out) { return parse_in(kMapcountNames, s, out); }
std::string mapcount_names() { return names_in(kMapcountNames); }

std::string range_text(const PageRange& r) {
    return r.first == r.last ? std::to_string(r.first) : std::to_string(r.first) + "-" + std::to_string(r.last);
}

FolioInit folio_init_mms(const FolioShape& shape, const std::vector<PageRange>& mms, int other_refs, int pincount,
                         int pmd_maps) {
    FolioInit init;
    std::vector<int> per_page(static_cast<size_t>(shape.pages), 0);
    int maps = 0;
    for (const PageRange& r : mms)
        for (int i = r.first; i <= r.last; i++) {
            per_page[static_cast<size_t>(i)]++;
            maps++;
        }
    init.value[LOC_REFCOUNT] = maps + pmd_maps + other_refs;
    init.used[LOC_REFCOUNT] = true;
    int mapped_pages = 0;
    for (int i = 0; i < shape.pages; i++) {
        const int n = per_page[static_cast<size_t>(i)];
        mapped_pages += n > 0 ? 1 : 0;
        if (shape.has_page_mapcount()) {
            init.value[loc_mapcount(i)] = n - 1;
            init.used[loc_mapcount(i)] = true;
        }
        init.value[loc_pte(i)] = n > 0 ? 1 : 0;
        init.used[loc_pte(i)] = true;
    }
    if (shape.large()) {
        init.value[LOC_ENTIRE_MAPCOUNT] = pmd_maps - 1;
        init.used[LOC_ENTIRE_MAPCOUNT] = true;
        if (shape.has_page_mapcount()) {
            init.value[LOC_NR_PAGES_MAPPED] = mapped_pages + (pmd_maps > 0 ? kEntirelyMapped : 0);
            init.used[LOC_NR_PAGES_MAPPED] = true;
        }
        init.value[LOC_PINCOUNT] = pincount;
        init.used[LOC_PINCOUNT] = pincount > 0;
    }
    if (shape.has_large_mapcount()) {
        init.value[LOC_LARGE_MAPCOUNT] = maps + pmd_maps - 1;
        init.used[LOC_LARGE_MAPCOUNT] = true;
    }
    if (shape.mm_id_locked())
        for (size_t m = 0; m < 2 && m < mms.size(); m++) {
            init.value[LOC_MM_ID_MAPCOUNT0 + m] = mms[m].nr() - 1;
            init.used[LOC_MM_ID_MAPCOUNT0 + m] = true;
        }
    return init;
}

FolioInit folio_init(const FolioShape& shape, int maps_per_page, int other_refs) {
    FolioInit init;
    const int maps = shape.pages * maps_per_page;
    init.value[LOC_REFCOUNT] = maps + other_refs;
    init.used[LOC_REFCOUNT] = true;
    for (int i = 0; i < shape.pages; i++) {
        init.value[loc_mapcount(i)] = maps_per_page - 1;
        init.used[loc_mapcount(i)] = true;
        init.value[loc_pte(i)] = 1;
        init.used[loc_pte(i)] = true;
    }
    if (shape.large()) {
        init.value[LOC_ENTIRE_MAPCOUNT] = -1;
        init.used[LOC_ENTIRE_MAPCOUNT] = true;
        init.value[LOC_NR_PAGES_MAPPED] = maps_per_page > 0 ? shape.pages : 0;
        init.used[LOC_NR_PAGES_MAPPED] = true;
    }
    if (shape.has_large_mapcount()) {
        init.value[LOC_LARGE_MAPCOUNT] = maps - 1;
        init.used[LOC_LARGE_MAPCOUNT] = true;
    }
    return init;
}

}  // namespace fc
