// harness/report/export_dot.hpp: a counterexample execution as a graphviz digraph, written by
// `foliocheck run --dot FILE` (render: dot -Tpng FILE -o trace.png).
//
//   - one cluster per CPU, its steps top to bottom in program order (po edges); the
//     clusters line up by the global order of the steps (invisible edges), so the picture
//     reads like the CPU columns of the text trace, with the same step numbers;
//   - rf edges (reads-from, TraceEvent::rf) from the write a load read, or from the "init"
//     node for initial values;
//   - mo edges: per location, each write to the next one in the trace (Relacy's modification
//     order of that location);
//   - labels: kernel primitive, location, value before -> after, and the kernel call; stale
//     reads are filled red and say "STALE (latest v)".
//
// A pure function: no Relacy, no I/O.
#pragma once

#include <string>

#include "harness/search/runner.hpp"

namespace fc {

std::string export_dot(const RunRequest& req, const Counterexample& cx);

}  // namespace fc
