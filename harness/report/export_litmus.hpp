// harness/report/export_litmus.hpp: a counterexample's scenario as a C litmus test for herd7 and the
// Linux-kernel memory model (tools/memory-model), written by `foliocheck run --litmus FILE`.
//
// The dialect is the one tools/memory-model/Documentation/litmus-tests.txt describes and
// herdtools7's C front end (lib/CLexer.mll, lib/CParser.mly) accepts:
//   - "C name", an OCaml-style (* *) header comment, an init block with
//     "atomic_t x = ATOMIC_INIT(v);" and "int x = v;";
//   - threads P0(atomic_t *x, int *y, ...) whose locals are int registers; kernel calls from
//     tools/memory-model/linux-kernel.def (atomic_*, READ_ONCE/WRITE_ONCE, smp_*) plus
//     atomic_add_unless(), which herd7 provides itself; "if"/"else" (no loops, no goto);
//     expressions with + - * / and == != < > <= >= (no &&, || or !);
//   - "locations [...]" and an "exists" clause of equalities joined by /\.
// Every Program's forward branches become nested if/else blocks. The check's outcome is
// computed into the checker thread's register r_extra from CheckDef::sees_extra_c, and the
// exists clause asks for r_extra = 0 (the check missed the pin).
//
// Pure functions: no Relacy, no I/O.
#pragma once

#include <string>

#include "harness/report/litmus_expr.hpp"
#include "harness/search/runner.hpp"

namespace fc {

// Why this configuration's litmus test cannot say what foliocheck checked, or "" if it can.
// (GUP-fast with a check other than KSM: whether a kept GUP-fast reference counts as missed
// depends on when it was taken relative to the check's refcount read, not on register values,
// so herd7's exists clause cannot state it; a litmus test without it would over-approximate.)
std::string litmus_refusal(const RunRequest& req);

// The litmus test for a counterexample of `req`. Throws std::invalid_argument with
// litmus_refusal()'s text when that is not empty.
std::string export_litmus(const RunRequest& req, const Counterexample& cx);

// The same test for a configuration read in `order`, with or without a counterexample: the
// scenario as it is, for herd7 to answer (the LKMM conformance data exports every
// configuration of the default matrix and of the release tables this way).
std::string export_litmus_config(const RunRequest& req, ReadOrder order);

// The herd7-side spelling of a location: refcount, entire_mapcount, nr_pages_mapped,
// large_mapcount, mapcount0.., pte0..
std::string litmus_loc_name(int loc);

// CheckDef::sees_extra_c with its placeholders replaced: {R} and {M} by the given text,
// {P} by `pages`, {S} by 1 or 0.
std::string instantiate_sees_extra(const char* tmpl, const std::string& refcount, const std::string& mapcount,
                                   int pages, bool swapcache);

}  // namespace fc
