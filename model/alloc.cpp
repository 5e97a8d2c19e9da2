// model/alloc.cpp: the global operator new and delete (see out_of_memory.hpp). These
// definitions take the place of Relacy's inline ones (relacy/context.hpp), with the same
// dispatch; a failed allocation ends the process cleanly instead of returning NULL.
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <new>

#include "model/out_of_memory.hpp"

namespace fc {

void out_of_memory(std::size_t bytes) noexcept {
    // No allocation here: a fixed buffer and write(2).
    char line[400];
    uint64_t executions = 0;
    const bool searching = search_executions_so_far(executions);
    char what[64] = "an allocation";  // bytes 0: the size is not known (std::bad_alloc)
    if (bytes) std::snprintf(what, sizeof what, "an allocation of %zu bytes", bytes);
    int n = 0;
    if (searching)
        n = std::snprintf(line, sizeof line,
                          "foliocheck: out of memory: %s failed after %llu executions of the search (not "
                          "exhaustive, no verdict); give it more memory, or search a smaller configuration "
                          "(--pages, fewer --also, --max-executions)\n",
                          what, static_cast<unsigned long long>(executions));
    else
        n = std::snprintf(line, sizeof line,
                          "foliocheck: out of memory: %s failed (no search was running); give it more memory, or "
                          "a smaller input\n",
                          what);
    if (n > 0) {
        const size_t len = static_cast<size_t>(n) < sizeof line ? static_cast<size_t>(n) : sizeof line - 1;
        ssize_t ignored = ::write(2, line, len);
        (void)ignored;
    }
    ::_exit(3);
}

}  // namespace fc

void* operator new(std::size_t size) {
    void* p = fc::relacy_dispatch_alloc(size ? size : 1);
    if (!p) fc::out_of_memory(size);
    return p;
}

void* operator new[](std::size_t size) {
    void* p = fc::relacy_dispatch_alloc(size ? size : 1);
    if (!p) fc::out_of_memory(size);
    return p;
}

// The nothrow forms keep their contract (NULL on failure): std::stable_sort and friends fall
// back to less memory when they get NULL.
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    return fc::relacy_dispatch_alloc(size ? size : 1);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    return fc::relacy_dispatch_alloc(size ? size : 1);
}

void operator delete(void* p) noexcept { fc::relacy_dispatch_free(p); }
void operator delete[](void* p) noexcept { fc::relacy_dispatch_free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { fc::relacy_dispatch_free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { fc::relacy_dispatch_free(p); }
