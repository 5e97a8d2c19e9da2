// checks/registry.cpp: all_checks(), from checks.def, and the names of the checks' options.
#include "checks/check.hpp"

#include "model/names.hpp"

namespace fc {

const std::vector<const CheckDef*>& all_checks() {
    static const std::vector<const CheckDef*> checks = {
#define FOLIOCHECK_CHECK(def) &def,
#include "checks/checks.def"
#undef FOLIOCHECK_CHECK
    };
    return checks;
}

std::string check_names() {
    std::string s;
    for (const CheckDef* c : all_checks()) s += (s.empty() ? "" : ", ") + std::string(c->name);
    return s;
}

std::vector<std::string> check_def_problems(const CheckDef& c) {
    std::vector<std::string> out;
    const std::string who =
        std::string("check ") + (c.name ? c.name : "(unnamed)") + " (checks/" + (c.name ? c.name : "NAME") + ".cpp): ";
    auto need = [&](bool present, const char* what) {
        if (!present) out.push_back(who + "no " + what);
    };
    need(c.name != nullptr, "name");
    need(c.kernel != nullptr, "kernel source");
    need(c.predicate != nullptr, "predicate");
    need(c.summary != nullptr, "summary");
    need(c.sees_extra != nullptr, "sees_extra function");
    need(c.read_mapcount != nullptr, "read_mapcount function");
    need(c.miss_cost.why != nullptr, "miss_cost.why (what a missed pin costs, the kernel code cited)");
    need(c.sees_extra_c != nullptr, "sees_extra_c (the predicate in C)");
    need(c.function != nullptr, "function (the kernel function the reader CPU is labelled with)");
    need(c.family != nullptr, "family (the name --kernel resolves)");
    need(c.first_release != nullptr, "first_release (a release of checks/kernels.cpp, or \"unmerged\")");
    need(c.locks != nullptr, "locks (what it holds while it reads)");
    need(c.locks_why != nullptr, "locks_why (the kernel reason, cited)");
    return out;
}

const CheckDef* find_check(const std::string& name) {
    for (const CheckDef* c : all_checks())
        if (name == c->name) return c;
    return nullptr;
}

namespace {
const NameRow<ReadOrder> kReadOrderNames[] = {
    {ReadOrder::ref_first, "ref-first"},
    {ReadOrder::map_first, "map-first"},
    {ReadOrder::either, "either"},
};
const NameRow<MissCost> kMissCostNames[] = {
    {MissCost::data_corruption, "data corruption"},
    {MissCost::data_loss, "data loss"},
    {MissCost::wasted_work, "wasted work"},
};
const NameRow<ReaderBarrier> kReaderBarrierNames[] = {
    {ReaderBarrier::none, "none"},
    {ReaderBarrier::rmb, "rmb"},
    {ReaderBarrier::mb, "mb"},
};
}  // namespace

const char* read_order_name(ReadOrder o) { return name_in(kReadOrderNames, o); }
bool parse_read_order(const std::string& s, ReadOrder& out) { return parse_in(kReadOrderNames, s, out); }
std::string read_order_names() { return names_in(kReadOrderNames); }

const char* miss_cost_name(MissCost c) { return name_in(kMissCostNames, c); }
bool parse_miss_cost(const std::string& s, MissCost& out) { return parse_in(kMissCostNames, s, out); }
std::string miss_cost_names() { return names_in(kMissCostNames); }
const char* miss_cost_verb(MissCost c, size_t n) {
    switch (c) {
    case MissCost::data_corruption: return "can corrupt data";
    case MissCost::data_loss: return "can lose data";
    case MissCost::wasted_work: return n == 1 ? "wastes work" : "waste work";
    }
    return "?";
}

const char* reader_barrier_name(ReaderBarrier b) { return name_in(kReaderBarrierNames, b); }
bool parse_reader_barrier(const std::string& s, ReaderBarrier& out) { return parse_in(kReaderBarrierNames, s, out); }
std::string reader_barrier_names() { return names_in(kReaderBarrierNames); }

}  // namespace fc
