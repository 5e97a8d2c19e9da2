// checks/registry.cpp: the only list of checks, and the names of their options.
#include "checks/check.hpp"

namespace fc {

const std::vector<const CheckDef*>& all_checks() {
    static const std::vector<const CheckDef*> checks = {&kCheckKsm,     &kCheckCompaction,         &kCheckKhugepaged,
                                                        &kCheckSplit,   &kCheckKhugepagedExpected, &kCheckSplitExpected,
                                                        &kCheckLazyfree};
    return checks;
}

const CheckDef* find_check(const std::string& name) {
    for (const CheckDef* c : all_checks())
        if (name == c->name) return c;
    return nullptr;
}

const char* read_order_name(ReadOrder o) {
    switch (o) {
    case ReadOrder::ref_first: return "ref-first";
    case ReadOrder::map_first: return "map-first";
    case ReadOrder::either: return "either";
    }
    return "?";
}

bool parse_read_order(const std::string& s, ReadOrder& out) {
    if (s == "ref-first") out = ReadOrder::ref_first;
    else if (s == "map-first") out = ReadOrder::map_first;
    else if (s == "either") out = ReadOrder::either;
    else return false;
    return true;
}

const char* reader_barrier_name(ReaderBarrier b) {
    switch (b) {
    case ReaderBarrier::none: return "none";
    case ReaderBarrier::rmb: return "rmb";
    case ReaderBarrier::mb: return "mb";
    }
    return "?";
}

bool parse_reader_barrier(const std::string& s, ReaderBarrier& out) {
    if (s == "none") out = ReaderBarrier::none;
    else if (s == "rmb") out = ReaderBarrier::rmb;
    else if (s == "mb") out = ReaderBarrier::mb;
    else return false;
    return true;
}

}  // namespace fc
