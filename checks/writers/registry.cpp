// checks/writers/registry.cpp: all_writers(), from writers.def, and the writers loaded from files.
#include "checks/writers/writer.hpp"

#include "model/names.hpp"

namespace fc {

namespace {
std::vector<const WriterDef*>& writer_list() {
    static std::vector<const WriterDef*> writers = {
#define FOLIOCHECK_WRITER(def) &def,
#include "checks/writers/writers.def"
#undef FOLIOCHECK_WRITER
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

std::string writer_names() {
    std::string s;
    for (const WriterDef* w : all_writers()) s += (s.empty() ? "" : ", ") + std::string(w->name);
    return s;
}

namespace {
const NameRow<PinKind> kPinKindNames[] = {
    {PinKind::foll_get, "FOLL_GET"},  {PinKind::foll_pin, "FOLL_PIN"},       {PinKind::foll_get, "foll-get", true},
    {PinKind::foll_get, "get", true}, {PinKind::foll_pin, "foll-pin", true}, {PinKind::foll_pin, "pin", true},
};
}  // namespace

const char* pin_kind_name(PinKind k) { return name_in(kPinKindNames, k); }
bool parse_pin_kind(const std::string& s, PinKind& out) { return parse_in(kPinKindNames, s, out); }
std::string pin_kind_names() { return names_in(kPinKindNames); }

}  // namespace fc
