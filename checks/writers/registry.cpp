// checks/writers/registry.cpp: the only list of writers.
#include "checks/writers/writer.hpp"

namespace fc {

const std::vector<const WriterDef*>& all_writers() {
    static const std::vector<const WriterDef*> writers = {
        &kWriterZapV65, &kWriterZapV65NoGather, &kWriterBatchZapV4, &kWriterBatchZapTwoLoop,
        &kWriterZapV69, &kWriterForkV65,        &kWriterForkV69,    &kWriterGupFast,
    };
    return writers;
}

const WriterDef* find_writer(const std::string& name) {
    for (const WriterDef* w : all_writers())
        if (name == w->name) return w;
    return nullptr;
}

}  // namespace fc
