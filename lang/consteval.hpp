// lang/consteval.hpp: compile-time evaluation of C expressions (constants, loop variables,
// folio_nr_pages(f) and friends), with C's int semantics where a file can observe them.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "lang/ast.hpp"

namespace fc::lang {

// Looks a name up: its compile-time value, or nullopt if it is not a compile-time constant.
using ConstLookup = std::function<std::optional<long long>(const std::string& name)>;
// Evaluates calls that are compile-time (folio_nr_pages(f)); nullopt if not.
using ConstCall = std::function<std::optional<long long>(const Expr& call)>;

// The value of `e` if every leaf is compile-time; nullopt otherwise. Throws LangError for
// what C leaves undefined on int (division by zero, INT_MIN / -1, a shift by less than 0 or
// more than 31, a left shift of a negative value, signed overflow) and for results outside
// int (docs/scenarios.md, "Integers").
std::optional<long long> const_eval(const std::string& file, const Expr& e, const ConstLookup& lookup,
                                    const ConstCall& call = nullptr);

// C semantics of one operator on two known int values (shared with the register ALU
// lowering's constant folding): "" and `out` set, or why C leaves it undefined (or, for an
// operator that is not one of C's binary operators, a reason starting "operator").
std::string apply_binary(const std::string& op, long long a, long long b, long long& out);
std::string apply_unary(const std::string& op, long long a, long long& out);

// Builtin named constants usable in any file: REF_FIRST, MAP_FIRST (check read orders),
// NO_BARRIER, SMP_RMB, SMP_MB (reader barriers).
std::optional<long long> builtin_constant(const std::string& name);

}  // namespace fc::lang
