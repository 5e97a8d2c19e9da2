// model/names.hpp: one table of names per enum. Each enum's .cpp declares its rows once; its
// name, its parser and the list of valid names in every error message and help text derive
// from them (memory_name/parse_memory/memory_names, ...). Rows marked alias are accepted by
// the parser but neither printed nor listed.
#pragma once

#include <cstddef>
#include <string>

namespace fc {

template <typename E>
struct NameRow {
    E value;
    const char* name;
    bool alias = false;
};

template <typename E, size_t N>
const char* name_in(const NameRow<E> (&rows)[N], E v) {
    for (const NameRow<E>& r : rows)
        if (!r.alias && r.value == v) return r.name;
    return "?";
}

template <typename E, size_t N>
bool parse_in(const NameRow<E> (&rows)[N], const std::string& s, E& out) {
    for (const NameRow<E>& r : rows)
        if (s == r.name) {
            out = r.value;
            return true;
        }
    return false;
}

// "a, b, c": the names a user may type (aliases left out), for error messages and help texts.
template <typename E, size_t N>
std::string names_in(const NameRow<E> (&rows)[N]) {
    std::string s;
    for (const NameRow<E>& r : rows)
        if (!r.alias) s += (s.empty() ? "" : ", ") + std::string(r.name);
    return s;
}

}  // namespace fc
