// lang/symbols.hpp: the file-level names of a scenario: constants, shared locations, locks,
// the folio, the threads and their registers. Built from the AST with every check that
// needs no code generation (lang/sema.cpp), each failing with FILE:LINE:COL.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "lang/ast.hpp"
#include "model/engine.hpp"
#include "model/folio.hpp"

namespace fc::lang {

// What a run may change in a file without editing it.
struct Overrides {
    std::map<std::string, int> set;  // --set NAME=V: `const int NAME` values
    std::optional<int> pages;        // the folio's size
    std::optional<MapcountDesign> design;
    std::optional<int> pins;
    std::optional<bool> swapcache;
    // CPUs the engine that will run the file runs: 0 means Relacy's (kRelacyMaxCpus, 4); the
    // exact engine runs up to kMaxLangCpus (harness/search/engine_choice.hpp engine_max_cpus).
    int max_cpus = 0;
};

// The most CPUs (P0..P7) a scenario file may have: herd7's LKMM tests go up to 8, and the
// engine interface carries that many (model/engine.hpp).
constexpr int kMaxLangCpus = kMaxCpus;

struct LocationSym {
    std::string name;
    std::string type;  // "int", "atomic_t", "spinlock_t"
    SrcLoc loc;
    int base = 0;  // engine location (or lock index for spinlock_t)
    int size = 0;  // 0: scalar, > 0: array of size elements
    bool lock = false;
    std::vector<int> init;  // one per element
};

struct FolioSym {
    bool declared = false;
    std::string name;
    SrcLoc loc;
    FolioShape shape;
    int maps = 1;                // PTE mappings of every page (mms that map the whole folio)
    std::vector<int> page_maps;  // non-empty: PTE mappings of each page (.maps = { 2, 1, ... })
    SrcLoc page_maps_loc;
    int pins = 0;  // extra references held for the whole run (GUP pins, O_DIRECT)
    int refs = 0;  // other references (the checker's own)
    bool swapcache = false;
    int mappings() const {
        if (page_maps.empty()) return shape.pages * maps;
        int n = 0;
        for (int m : page_maps) n += m;
        return n;
    }
    int refcount() const { return mappings() + pins + refs + (swapcache ? shape.pages : 0); }
};

struct RegSym {
    int first = 0;  // engine register
    int size = 0;   // 0 scalar, > 0 array
    SrcLoc loc;
    bool implicit = false;  // herd7: assigned without a declaration ("r1 = cmpxchg(...)")
    bool pointer = false;   // declared `int *r`: may be assigned x + offset (lower.cpp)
    bool address = false;   // was assigned an address (lower_pointers.cpp): holds an offset, not a value
};

struct ThreadSym {
    int id = 0;
    const Thread* ast = nullptr;
    std::map<std::string, const Param*> params;
    std::map<std::string, RegSym> regs;  // every register declared anywhere in the body
};

struct Symbols {
    std::string file;
    std::map<std::string, int> consts;
    std::map<std::string, LocationSym> locs;
    std::vector<std::string> loc_order;  // declaration order
    FolioSym folio;
    std::vector<ThreadSym> threads;  // index = thread id
    int nlocks = 0;
    int next_loc = 0;
    std::map<std::pair<int, std::string>, int> reg_init;  // herd7 "0:r0=1"

    const LocationSym* location(const std::string& name) const {
        auto it = locs.find(name);
        return it == locs.end() ? nullptr : &it->second;
    }
    std::optional<long long> constant(const std::string& name) const {
        auto it = consts.find(name);
        if (it == consts.end()) return std::nullopt;
        return it->second;
    }
};

// Builds the symbols (registers get their engine numbers too: every thread's registers are
// declared up front, in the order they appear). Checks: thread names and count, duplicate
// names, constant values, folio fields and ranges, parameters against declarations, the
// condition's registers, threads and locations. Throws LangError.
Symbols build_symbols(const File& f, const Overrides& o);

}  // namespace fc::lang
