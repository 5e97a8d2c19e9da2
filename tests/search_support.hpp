// tests/search_support.hpp: the configurations the proofs by comparison sweep (the reduced
// search against the plain one, the cached search against both), built the same way for both.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "checks/scenario.hpp"
#include "harness/search/runner.hpp"

namespace fc::test {

inline RunRequest search_request(const CheckDef* c, const WriterDef* w, int pages, MapcountDesign d, ReadOrder o,
                                 ReaderBarrier b, Memory m, SearchMode mode) {
    RunRequest r;
    r.check = c;
    r.writer = w;
    r.pages = pages;
    r.mapcount = d;
    r.order = o;
    r.barrier = b;
    r.memory = m;
    r.search.mode = mode;
    // The proofs compare searches, not the kernel: the combinations the kernel never runs
    // (batch-zap-v4 or split on a small folio) are still engine workloads, run as what-if.
    r.what_if = !what_if_reason(scenario_config(r, o)).empty();
    return r;
}

inline std::string search_request_name(const RunRequest& r) {
    return std::string(r.check->name) + "/" + r.writer->name + "/" + std::to_string(r.pages) + "/" +
           mapcount_name(r.mapcount) + "/" + read_order_name(*r.order) + "/" + reader_barrier_name(r.barrier) + "/" +
           memory_name(r.memory);
}

// Every check x writer x mapcount design x reader order (x reader barrier under lkmm and
// relaxed) at pages_from..pages_to and the given memory settings.
inline std::vector<RunRequest> search_configurations(int pages_from, int pages_to, const std::vector<Memory>& memories,
                                                     SearchMode mode) {
    std::vector<RunRequest> out;
    for (const CheckDef* c : all_checks())
        for (const WriterDef* w : all_writers())
            for (int pages = pages_from; pages <= pages_to; pages++) {
                if (c->small_only && pages > 1) continue;
                for (MapcountDesign d : {MapcountDesign::per_page, MapcountDesign::large}) {
                    if (pages == 1 && d == MapcountDesign::large) continue;
                    for (ReadOrder o : {ReadOrder::ref_first, ReadOrder::map_first})
                        for (ReaderBarrier b : {ReaderBarrier::none, ReaderBarrier::rmb})
                            for (Memory m : memories) {
                                if (m == Memory::sc && b != ReaderBarrier::none) continue;
                                out.push_back(search_request(c, w, pages, d, o, b, m, mode));
                            }
                }
            }
    return out;
}

// Part k (1-based) of n: the configurations whose position hashes to k, so that each part
// is a random sample (fixed: the hash is ours, not the library's shuffle) of every check,
// writer, size and memory setting, and the parts cost about the same. A plain stride does
// not: the sweep's inner loops have a period that a stride of 6 folds onto two parts (parts
// 5 and 6 of the reduced search took 300 s, parts 1 and 2 took 2 s). The proofs by
// comparison run in parts, each its own ctest test of at most about half a minute on an
// idle machine.
inline uint64_t part_hash(uint64_t i) {  // splitmix64's finaliser
    i += 0x9e3779b97f4a7c15ULL;
    i = (i ^ (i >> 30)) * 0xbf58476d1ce4e5b9ULL;
    i = (i ^ (i >> 27)) * 0x94d049bb133111ebULL;
    return i ^ (i >> 31);
}
inline std::vector<RunRequest> part_of(const std::vector<RunRequest>& all, size_t k, size_t n) {
    std::vector<RunRequest> out;
    for (size_t i = 0; i < all.size(); i++)
        if (part_hash(i) % n == k - 1) out.push_back(all[i]);
    return out;
}

}  // namespace fc::test
