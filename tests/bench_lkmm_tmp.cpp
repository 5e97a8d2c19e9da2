#include <cstdio>
#include <cstdlib>
#include <doctest/doctest.h>
#include "tests/lkmm_folio_support.hpp"
using namespace fc;
TEST_CASE("bench") {
    const char* check = getenv("CHECK") ? getenv("CHECK") : "compaction";
    const char* writer = getenv("WRITER") ? getenv("WRITER") : "zap-v6.5";
    int pages = atoi(getenv("PAGES") ? getenv("PAGES") : "2");
    bool rmb = !getenv("NORMB");
    auto b = lkmm::test::folio(check, writer, pages, rmb ? ReaderBarrier::rmb : ReaderBarrier::none, getenv("SC") ? Memory::sc : Memory::lkmm);
    SearchSpec spec;
    if (getenv("FIRST")) spec.stop_at_first_violation = true;
    size_t insns = 0;
    for (auto& p : b->engine.cpus) insns += p.code.size();
    SearchOutcome o = lkmm::explore_lkmm(b->engine, spec);
    printf("%s/%s %dp rmb=%d insns=%zu: violations %llu executions %llu %s  %.3fs cx_sc=%d\n", check, writer, pages, rmb, insns,
           (unsigned long long)o.violations, (unsigned long long)o.executions, lkmm::exact_summary(o).c_str(), o.seconds, o.exact.cx_sc);
    if (getenv("GRAPH")) printf("%s", o.exact.cx_graph.c_str());
}
