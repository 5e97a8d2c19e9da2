// checks/kernels.hpp: kernel releases as data, the one release table: which form of each
// check a release runs, which writer paths it merged, which posted patches were proposed
// against it, and which mapcount design its THPs use (`--kernel VERSION`, `matrix --kernel
// VERSION`, `release --kernel VERSION`, `list`). A new release is a new entry in kernels.cpp.
// The read order of each check is its CheckDef's kernel_order (each release's form is its own
// CheckDef where the form changed). Where each writer's code comes from (the commit that
// merged it, or the posting of a patch that did not merge) is one row of writer_origins().
#pragma once

#include <string>
#include <vector>

#include "checks/check.hpp"
#include "checks/writers/writer.hpp"
#include "model/folio.hpp"

namespace fc {

struct KernelAlias {
    const char* family;  // what a user may type with --kernel: "zap", "fork", "try-to-unmap"
    const char* name;    // the writer that release runs (a check's family is CheckDef::family)
};

// Where a built-in writer's code comes from: merged (the commit that merged it, or the tag the
// code was read at), or a proposal: a posted patch, against the release it was posted for.
// Exactly one of merged / posted_against is set.
struct WriterOrigin {
    const WriterDef* writer;
    const char* merged;          // "10ebac4f95e7 (v6.9)", "the v6.5 tag": what merged it
    const char* posted_against;  // a proposal: the release of all_kernels() it was posted against
    const char* posting;         // a proposal: subject, author, date and message-id of the posting
};
const std::vector<WriterOrigin>& writer_origins();
const WriterOrigin* writer_origin(const WriterDef* w);  // nullptr: a writer file's writer
bool is_proposal(const WriterDef* w);

struct KernelRelease {
    const char* name;       // "v6.5", "v6.10", "v6.15", "v6.17", "current"
    const char* summary;    // one line: what changed in this release, for `foliocheck list`
    MapcountDesign design;  // what a THP's mapcount is in this release's default config
    // Derived, never listed here: every check whose CheckDef::first_release..last_release
    // covers this release (checks/kernels.cpp derive_checks()).
    std::vector<const CheckDef*> checks;
    std::vector<const WriterDef*> writers;  // the paths this release merged (each a merged WriterOrigin)
    // Derived, never listed here: the writers whose WriterOrigin was posted against this
    // release (the Aug 2023 batch zaps against v6.5, the 2026 anonymous batched unmap against
    // current). `release --kernel` judges them in a block of their own; `matrix --kernel`,
    // `run --kernel` and `--also` accept them by name.
    std::vector<const WriterDef*> proposals;
    std::vector<KernelAlias> aliases;  // writer families
    const char* sources;               // where the release's facts come from, with UNCONFIRMED tags named
};

const std::vector<KernelRelease>& all_kernels();
const KernelRelease* find_kernel(const std::string& name);
std::string kernel_names();  // "v6.5, v6.10, ..."

// Every inconsistency of the tables of checks, writers and releases, one line each (a check
// without a required field, a release name that does not exist, a writer alias that names no
// writer of its release); empty when they are whole. main() refuses to start otherwise.
std::vector<std::string> table_problems();
// The problems of one check: check_def_problems() and its first/last release.
std::vector<std::string> check_problems(const CheckDef& c);

// The check / writer a release runs for a name given with --check / --writer: the name itself
// if the release has it (a writer: merged or proposed against it), else the release's form of
// that family ("khugepaged" in "current" is khugepaged-expected; a family alias names a merged
// path). nullptr if the release has neither.
const CheckDef* kernel_check(const KernelRelease& k, const std::string& name);
const WriterDef* kernel_writer(const KernelRelease& k, const std::string& name);
ReadOrder kernel_read_order(const KernelRelease& k, const CheckDef& c);

// The merged paths of a release that race one of its checks: its writers that the check's
// locks allow (checks/concurrency.hpp). "is V safe?" counts exactly these rows
// (tests/test_release_table.cpp); proposals are never among them.
std::vector<const WriterDef*> kernel_racing_writers(const KernelRelease& k, const CheckDef* c);
// The proposals posted against a release that race one of its checks.
std::vector<const WriterDef*> kernel_racing_proposals(const KernelRelease& k, const CheckDef* c);
// Both, merged first: what `matrix --kernel V` and `release --kernel V` run for the check.
std::vector<const WriterDef*> kernel_racing_paths(const KernelRelease& k, const CheckDef* c);

}  // namespace fc
