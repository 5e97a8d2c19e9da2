// model/search_mode.cpp: the names of the search modes, the one table every command parses
// --search with (each command then refuses the modes it cannot run, naming the ones it can).
#include "model/engine.hpp"
#include "model/names.hpp"

namespace fc {

namespace {
const NameRow<SearchMode> kSearchModeNames[] = {
    {SearchMode::cached, "cached"}, {SearchMode::reduced, "reduced"}, {SearchMode::full, "full"},
    {SearchMode::bound, "bound"},   {SearchMode::random, "random"},
};
}  // namespace

const char* search_name(SearchMode m) { return name_in(kSearchModeNames, m); }
bool parse_search_mode(const std::string& s, SearchMode& out) { return parse_in(kSearchModeNames, s, out); }
std::string search_mode_names() { return names_in(kSearchModeNames); }

std::string exhaustive_search_mode_names() {
    std::string s;
    for (const NameRow<SearchMode>& r : kSearchModeNames)
        if (is_exhaustive_mode(r.value)) s += (s.empty() ? "" : ", ") + std::string(r.name);
    return s;
}

}  // namespace fc
