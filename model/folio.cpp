// model/folio.cpp: location names and initial folio state (see folio.hpp).
#include "model/folio.hpp"

namespace fc {

std::string loc_name(int loc) {
    switch (loc) {
    case LOC_REFCOUNT: return "folio->_refcount";
    case LOC_ENTIRE_MAPCOUNT: return "folio->_entire_mapcount";
    case LOC_NR_PAGES_MAPPED: return "folio->_nr_pages_mapped";
    case LOC_LARGE_MAPCOUNT: return "folio->_large_mapcount";
    default: break;
    }
    if (loc >= LOC_MAPCOUNT0 && loc < LOC_MAPCOUNT0 + kMaxPages)
        return "page[" + std::to_string(loc - LOC_MAPCOUNT0) + "]->_mapcount";
    if (loc >= LOC_PTE0 && loc < LOC_PTE0 + kMaxPages) return "pte[" + std::to_string(loc - LOC_PTE0) + "]";
    return "loc" + std::to_string(loc);
}

const char* mapcount_name(MapcountDesign d) { return d == MapcountDesign::large ? "large" : "per-page"; }

bool parse_mapcount(const std::string& s, MapcountDesign& out) {
    if (s == "per-page") out = MapcountDesign::per_page;
    else if (s == "large") out = MapcountDesign::large;
    else return false;
    return true;
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
