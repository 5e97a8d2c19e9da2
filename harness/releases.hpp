// harness/releases.hpp: kernel releases as data, for `foliocheck release --kernel V`: which
// paths a release runs against the checks, its mapcount design, and its read orders. A new
// release is a new entry (releases.cpp); nothing else changes.
#pragma once

#include <string>
#include <vector>

#include "checks/check.hpp"
#include "model/folio.hpp"

namespace fc {

struct KernelRelease {
    const char* name;                  // --kernel value: "v6.5"
    const char* summary;               // one line
    MapcountDesign mapcount;           // its large-folio mapcount design
    std::vector<const char*> writers;  // the modelled paths this release runs
    std::vector<const char*> checks;   // the checks it has (all four so far)
    // Read orders where the release's C differs from the check's kernel_order (check name,
    // order name); empty: every check reads in its CheckDef::kernel_order.
    std::vector<std::pair<const char*, const char*>> orders;
    const char* sources;  // where each choice comes from
};

const std::vector<KernelRelease>& all_releases();
const KernelRelease* find_release(const std::string& name);
// The read order of a check in a release: "kernel" or an order name.
std::string release_order(const KernelRelease& r, const CheckDef* check);

}  // namespace fc
