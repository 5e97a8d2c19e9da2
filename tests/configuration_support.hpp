// tests/configuration_support.hpp: helpers of the tests of ranges, pins, mapcount designs,
// releases and further CPUs (tests/test_ranges_designs_kernels.cpp,
// tests/test_cpus_writers_fidelity.cpp): a full-search request, a partial range, an
// exhaustive verdict, the writer's primitive sequence.
#pragma once

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "checks/scenario.hpp"
#include "harness/search/runner.hpp"

namespace fc {
namespace configs {

inline RunRequest req(const CheckDef& c, const WriterDef& w, int pages, MapcountDesign d,
                      std::optional<ReadOrder> order, Memory m = Memory::sc) {
    RunRequest r;
    r.check = &c;
    r.writer = &w;
    r.pages = pages;
    r.mapcount = d;
    r.order = order;
    r.memory = m;
    r.search.mode = SearchMode::full;
    return r;
}

inline RunRequest partial(RunRequest r, int first, int last) {
    r.range = PageRange{first, last};
    return r;
}

inline const RunResult& expect(const RunResult& r, Verdict v) {
    CHECK(r.exhaustive);
    CHECK(r.internal_error.empty());
    CHECK(r.verdict == v);
    return r;
}

// The writer program of a configuration, for checking the primitive sequence.
inline std::vector<std::string> writer_prims(const RunRequest& q) {
    BuiltScenario b;
    build_scenario(
        scenario_config(q, q.effective_order() == ReadOrder::either ? ReadOrder::ref_first : q.effective_order()), b);
    std::vector<std::string> out;
    for (const Insn& in : b.engine.cpus[0].code)
        if (in.op == Op::prim) {
            const PrimKind k = prim_info(in.prim).kind;
            out.push_back(std::string(prim_info(in.prim).name) +
                          (k == PrimKind::lock || k == PrimKind::fence ? "" : " " + loc_name(in.loc)));
        }
    return out;
}

}  // namespace configs
}  // namespace fc
