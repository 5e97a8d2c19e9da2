// model/out_of_memory.hpp: what foliocheck does when memory runs out, wherever it runs out.
//
// Relacy replaces the global operator new (relacy/context.hpp) with one that returns
// malloc()'s NULL instead of throwing, and the callers then write through NULL. foliocheck
// replaces it in turn (model/alloc.cpp) with one that keeps Relacy's dispatch (inside a
// search, Relacy's context allocates; outside, malloc) and, when the allocation fails, ends
// the process with out_of_memory(): one line naming what had been explored, exit 3. An
// exception would not do: inside a search the code runs on Relacy's fibers, which an
// exception cannot unwind across.
#pragma once

#include <cstddef>
#include <cstdint>

namespace fc {

// Writes "foliocheck: out of memory: ..." with the current search's executions to stderr
// (without allocating) and exits 3.
[[noreturn]] void out_of_memory(std::size_t bytes) noexcept;

// engine.cpp: the executions of the search now running, false if no search runs.
bool search_executions_so_far(uint64_t& executions) noexcept;

// engine.cpp: Relacy's dispatch for operator new and delete (relacy/context.hpp): the
// search's context when one is active, else malloc()/free(). NULL when memory is out.
void* relacy_dispatch_alloc(std::size_t bytes) noexcept;
void relacy_dispatch_free(void* p) noexcept;

}  // namespace fc
