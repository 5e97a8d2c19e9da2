// checks/concurrency.hpp: which writers each check's locks let run against it, and which
// check/writer/size combinations the kernel never runs ("what-if" rows). Derived from two
// facts each check and writer declares (docs/checks.md "Context and concurrent actors"):
// CheckDef::holds_folio_lock against WriterDef::folio_locked, and CheckDef::small_only
// against WriterDef::large_only; a check that refuses swapcache addition
// (CheckDef::swapcache_add_refusal) does not race the path that adds it.
#pragma once

#include <string>
#include <vector>

#include "checks/check.hpp"
#include "checks/writers/writer.hpp"

namespace fc {

// True if the check's locks and folio sizes allow the writer to run against it (any writer,
// newer included).
bool check_races(const CheckDef* check, const WriterDef* writer);

// Every built-in writer of the default catalogue (not WriterDef::newer: the v6.5-v6.10 paths
// and the 2023 proposals) that the check's locks allow to run against it: what validate,
// compare and fixes judge against. A release's own list is kernel_racing_writers()
// (checks/kernels.hpp).
std::vector<const WriterDef*> racing_writers(const CheckDef* check);

// Why the kernel never runs this combination, or "" if it can: a writer the check's locks
// exclude, or a size the check never meets.
std::string what_if_reason(const CheckDef* check, const WriterDef* writer, int pages);

}  // namespace fc
