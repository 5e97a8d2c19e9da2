// checks/writers/registry.cpp: the only list of writers.
#include "checks/writers/writer.hpp"

namespace fc {

namespace {
std::vector<const WriterDef*>& writer_list() {
    static std::vector<const WriterDef*> writers = {
        &kWriterZapV65, &kWriterZapV65NoGather, &kWriterBatchZapV4, &kWriterBatchZapTwoLoop,
        &kWriterZapV69, &kWriterForkV65,        &kWriterForkV69,    &kWriterGupFast,
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

}  // namespace fc
