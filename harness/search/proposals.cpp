// harness/search/proposals.cpp: the built-in proposals and the fix catalogue (see proposals.hpp).
#include "harness/search/proposals.hpp"

namespace fc {

const std::vector<Proposal>& all_proposals() {
    static const std::vector<Proposal> p = {
        {"v6.5-as-is",
         "v6.5 as released: zap, s390 zap, fork, GUP-fast; per-page mapcount; reads in either order",
         {"zap-v6.5", "zap-v6.5-nogather", "fork-v6.5", "gup-fast"},
         MapcountDesign::per_page,
         "kernel",
         ReaderBarrier::none,
         false},
        {"aug-2023-rule",
         "David's Aug 2023 rule (map: refcount then mapcount; unmap: mapcount then refcount), every path obeying it",
         {"zap-v6.5", "zap-v6.5-nogather", "batch-zap-two-loop", "zap-v6.9", "fork-v6.5", "fork-v6.9", "gup-fast"},
         MapcountDesign::per_page,
         "kernel",
         ReaderBarrier::none,
         false},
        {"aug-2023-rule+rmb",
         "the Aug 2023 rule, and smp_rmb() between the checker's two reads",
         {"zap-v6.5", "zap-v6.5-nogather", "batch-zap-two-loop", "zap-v6.9", "fork-v6.5", "fork-v6.9", "gup-fast"},
         MapcountDesign::per_page,
         "kernel",
         ReaderBarrier::rmb,
         false},
        {"large-mapcount",
         "v6.10: one atomic _large_mapcount (\"a single atomic total_mapcount\"), batched zap and fork",
         {"zap-v6.9", "fork-v6.9", "gup-fast"},
         MapcountDesign::large,
         "kernel",
         ReaderBarrier::none,
         false},
        {"large-mapcount+rmb",
         "v6.10's _large_mapcount, and smp_rmb() between the checker's two reads",
         {"zap-v6.9", "fork-v6.9", "gup-fast"},
         MapcountDesign::large,
         "kernel",
         ReaderBarrier::rmb,
         false},
        {"batch-zap-v4",
         "v6.5 with the Aug 2023 v4 batch zap (references dropped before the mapcounts)",
         {"batch-zap-v4", "fork-v6.5", "gup-fast"},
         MapcountDesign::per_page,
         "kernel",
         ReaderBarrier::none,
         false},
        {"two-loop",
         "v6.5 with the promised two-loop batch zap (mapcounts dropped before the references)",
         {"batch-zap-two-loop", "fork-v6.5", "gup-fast"},
         MapcountDesign::per_page,
         "kernel",
         ReaderBarrier::none,
         false},
    };
    return p;
}

const Proposal* find_proposal(const std::string& name) {
    for (const Proposal& p : all_proposals())
        if (name == p.name) return &p;
    return nullptr;
}

std::vector<std::string> proposal_problems() {
    std::vector<std::string> out;
    for (const Proposal& p : all_proposals()) {
        if (find_proposal(p.name) != &p) out.push_back(std::string("two proposals are named ") + p.name);
        for (const char* w : p.writers)
            if (!find_writer(w))
                out.push_back(std::string("proposal ") + p.name + " names writer '" + w +
                              "', which checks/writers/writers.def does not declare");
        ReadOrder o;
        if (std::string(p.order) != "kernel" && !parse_read_order(p.order, o))
            out.push_back(std::string("proposal ") + p.name + " names reader order '" + p.order + "'");
    }
    return out;
}

namespace {

bool fix_writer_mapcount_first(RunRequest& r) {
    // Writers whose order breaks the rule have a variant that obeys it.
    if (r.writer == &kWriterBatchZapV4) {
        r.writer = &kWriterBatchZapTwoLoop;
        return true;
    }
    return false;
}
bool set_order(RunRequest& r, ReadOrder o) {
    if (r.effective_order() == o) return false;
    r.order = o;
    return true;
}
bool fix_reader_ref_first(RunRequest& r) { return set_order(r, ReadOrder::ref_first); }
bool fix_reader_map_first(RunRequest& r) { return set_order(r, ReadOrder::map_first); }
bool set_barrier(RunRequest& r, ReaderBarrier b) {
    if (r.barrier == b) return false;
    r.barrier = b;
    return true;
}
bool fix_reader_rmb(RunRequest& r) { return set_barrier(r, ReaderBarrier::rmb); }
bool fix_reader_mb(RunRequest& r) { return set_barrier(r, ReaderBarrier::mb); }
bool fix_large_mapcount(RunRequest& r) {
    if (r.pages == 1 || r.mapcount == MapcountDesign::large) return false;  // a small folio has no _large_mapcount
    r.mapcount = MapcountDesign::large;
    return true;
}
bool fix_writer_mb(RunRequest& r) {
    if (r.writer_mb) return false;
    r.writer_mb = true;
    return true;
}

}  // namespace

const std::vector<Fix>& all_fixes() {
    static const std::vector<Fix> f = {
        {"writer-mapcount-first",
         "the writer drops the mapcount before the refcount (batch zap: the two-loop approach)",
         fix_writer_mapcount_first, nullptr},
        {"reader-ref-first", "the check reads the refcount first", fix_reader_ref_first, "reader-map-first"},
        {"reader-map-first", "the check reads the mapcount first", fix_reader_map_first, "reader-ref-first"},
        {"reader-rmb", "smp_rmb() between the check's two reads", fix_reader_rmb, "reader-mb"},
        {"reader-mb", "smp_mb() between the check's two reads", fix_reader_mb, "reader-rmb"},
        {"large-mapcount", "a single atomic mapcount (v6.10 _large_mapcount)", fix_large_mapcount, nullptr},
        {"writer-mb", "smp_mb__before_atomic()/smp_mb__after_atomic() around the writer's refcount updates",
         fix_writer_mb, nullptr},
    };
    return f;
}

}  // namespace fc
