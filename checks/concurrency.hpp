// checks/concurrency.hpp: which writers each check's locks let run against it, and which
// check/writer/size combinations the kernel never runs ("what-if" rows). Data, one entry per
// check, with the kernel reason (docs/checks.md "Context and concurrent actors";
// kernel-facts.md §11).
#pragma once

#include <string>
#include <vector>

#include "checks/check.hpp"
#include "checks/writers/writer.hpp"

namespace fc {

struct CheckConcurrency {
    const CheckDef* check;
    const char* locks;                 // what the check holds while it reads the counters
    std::vector<const char*> writers;  // the writers those locks do not exclude
    const char* why;                   // the kernel reason, with function and version
};

const CheckConcurrency& concurrency_of(const CheckDef* check);

// Every writer of the catalogue that the check's locks allow to run against it.
std::vector<const WriterDef*> racing_writers(const CheckDef* check);

// Why the kernel never runs this combination, or "" if it can: a writer the check's locks
// exclude, or a size the check never meets.
std::string what_if_reason(const CheckDef* check, const WriterDef* writer, int pages);

}  // namespace fc
