// harness/cli/cmd_list.cpp: `foliocheck list`: every name the other commands accept, from the
// tables that declare them.
#include <iomanip>
#include <iostream>

#include "checks/kernels.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/options.hpp"
#include "harness/search/proposals.hpp"
#include "harness/search/verdict.hpp"

namespace fc {

int cmd_list(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        out << "foliocheck list\n"
               "  Lists what foliocheck can model: checks, writers, memory settings, proposals, fixes,\n"
               "  mapcount designs and kernel releases, each with its one-line summary.\n";
        return EXIT_HOLDS;
    }
    if (!args.empty()) throw UsageError("list takes no arguments, got '" + args[0] + "'");
    out << "checks:\n";
    for (const CheckDef* c : all_checks()) out << "  " << std::left << std::setw(22) << c->name << c->summary << "\n";
    out << "writers:\n";
    for (const WriterDef* w : all_writers()) out << "  " << std::left << std::setw(22) << w->name << w->summary << "\n";
    out << "memory settings:\n";
    out << "  " << std::setw(20) << "sc"
        << "every access sequentially consistent: interleavings only\n";
    out << "  " << std::setw(20) << "lkmm"
        << "the kernel's memory model exactly (tools/memory-model), on the exact engine\n";
    out << "  " << std::setw(20) << "c11"
        << "Relacy's approximation of lkmm: the kernel's ordering classes on C++11 orders\n";
    out << "  " << std::setw(20) << "relaxed"
        << "every atomic access relaxed, explicit smp_* barriers kept (worst case)\n";
    out << "proposals (foliocheck validate --proposal P):\n";
    for (const Proposal& p : all_proposals()) out << "  " << std::setw(20) << p.name << p.summary << "\n";
    out << "fixes (foliocheck fixes):\n";
    for (const Fix& f : all_fixes()) out << "  " << std::setw(24) << f.name << f.summary << "\n";
    out << "mapcount designs:\n";
    out << "  " << std::setw(20) << "per-page"
        << "v6.5: per-page _mapcount, folio_total_mapcount() loops over pages\n";
    out << "  " << std::setw(20) << "large"
        << "v6.10: one atomic folio->_large_mapcount\n";
    out << "  " << std::setw(20) << "mm-id"
        << "v6.15 CONFIG_MM_ID: _large_mapcount and per-mm slots under the folio's mapcount bit spinlock\n";
    out << "  " << std::setw(20) << "no-page-mapcount"
        << "v6.15 CONFIG_NO_PAGE_MAPCOUNT: no per-page _mapcount or _nr_pages_mapped for large folios\n";
    out << "kernel releases (--kernel, matrix --kernel, release --kernel):\n";
    for (const KernelRelease& k : all_kernels()) {
        out << "  " << std::setw(20) << k.name << mapcount_name(k.design) << "; " << k.summary << "\n";
        // The paths it merged and the patches posted against it (checks/kernels.cpp kOrigins).
        std::string merged, proposed;
        for (const WriterDef* w : k.writers) merged += (merged.empty() ? "" : ", ") + std::string(w->name);
        for (const WriterDef* w : k.proposals) proposed += (proposed.empty() ? "" : ", ") + std::string(w->name);
        out << "  " << std::setw(20) << ""
            << "merged: " << merged << "\n";
        if (!proposed.empty())
            out << "  " << std::setw(20) << ""
                << "proposals posted against it: " << proposed << "\n";
    }
    return EXIT_HOLDS;
}

}  // namespace fc
