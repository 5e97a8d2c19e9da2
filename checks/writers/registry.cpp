// checks/writers/registry.cpp: the only list of writers.
#include "checks/writers/writer.hpp"

namespace fc {

namespace {
std::vector<const WriterDef*>& writer_list() {
    static std::vector<const WriterDef*> writers = {
        &kWriterZapV65,         &kWriterZapV65NoGather,    &kWriterBatchZapV4,   &kWriterBatchZapTwoLoop,
        &kWriterZapV69,         &kWriterForkV65,           &kWriterForkV69,      &kWriterGupFast,
        &kWriterTryToUnmapV610, &kWriterTryToUnmapBatched, &kWriterTryToMigrate, &kWriterBatchZapV4Gather,
        &kWriterZapPmd,         &kWriterForkPmd,           &kWriterCow,          &kWriterSwapcacheAdd,
    };
    return writers;
}
}  // namespace

const std::vector<const WriterDef*>& all_writers() { return writer_list(); }

void register_writer(const WriterDef* w) { writer_list().push_back(w); }

const WriterDef* find_writer(const std::string& name) {
    for (const WriterDef* w : all_writers())
        if (name == w->name) return w;
    return nullptr;
}

const char* pin_kind_name(PinKind k) { return k == PinKind::foll_pin ? "FOLL_PIN" : "FOLL_GET"; }

bool parse_pin_kind(const std::string& s, PinKind& out) {
    if (s == "FOLL_GET" || s == "foll-get" || s == "get") out = PinKind::foll_get;
    else if (s == "FOLL_PIN" || s == "foll-pin" || s == "pin") out = PinKind::foll_pin;
    else return false;
    return true;
}

}  // namespace fc
