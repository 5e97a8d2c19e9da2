// checks/writers/writer.hpp: a kernel path that races a check, written as a CPU's program.
#pragma once

#include <string>
#include <vector>

#include "model/folio.hpp"
#include "model/program.hpp"

namespace fc {

enum class WriterKind { unmap, map, pin };

// The two kinds of GUP reference (mm/gup.c try_grab_folio_fast(), v6.11+; try_grab_folio()
// before): FOLL_GET takes one reference; FOLL_PIN takes GUP_PIN_COUNTING_BIAS (1024)
// references on a small folio, and one reference plus one _pincount on a large one.
enum class PinKind : uint8_t { foll_get, foll_pin };
const char* pin_kind_name(PinKind k);                     // "FOLL_GET", "FOLL_PIN"
bool parse_pin_kind(const std::string& s, PinKind& out);  // also foll-get, get, foll-pin, pin
std::string pin_kind_names();                             // "FOLL_GET, FOLL_PIN"

// What a writer acts on: the folio, the pages of its range (all of them by default), the
// MM_ID slot of its mm (0; -1 if its mm has none), and for GUP-fast the kind of pin.
struct WriterArgs {
    FolioShape folio;
    PageRange range;
    int mm_slot = 0;
    PinKind pin_kind = PinKind::foll_get;
};

// Registers a writer exposes to the judge (GUP-fast only).
struct WriterRegs {
    int kept = -1;        // 1 if GUP-fast kept its reference (did not back off)
    int grab_stamp = -1;  // position of its reference increment in _refcount's modification order
};

struct WriterDef {
    const char* name;     // CLI name
    const char* summary;  // one line for `foliocheck list`
    const char* kernel;   // the kernel code it follows
    WriterKind kind;
    void (*emit)(Emitter& e, const WriterArgs& a, WriterRegs& regs);
    // Not in the default matrix (added for the 2024-2026 kernels; `matrix --kernel` and
    // `--writers` select them).
    bool newer = false;
    // Large folios only (refused on a one-page folio unless --what-if), and why.
    const char* large_only = nullptr;
    // The writer's mm maps the folio with one PMD (not PTEs); the writer acts on all of it.
    bool pmd = false;
    // Adds the folio to the swapcache during the check (the check then reads PG_swapcache).
    bool sets_swapcache = false;
    // Runs with the folio locked (try_to_unmap(), try_to_migrate(), add_to_swap(): "Caller must
    // hold the folio lock"), so no check that holds it can race this path
    // (CheckDef::holds_folio_lock; checks/concurrency.cpp).
    bool folio_locked = false;
    // A writer loaded from a scenario file (lang/writer_file.*): emit_from(source, ...) is
    // used instead of emit.
    const void* source = nullptr;
    void (*emit_from)(const void* source, Emitter& e, const FolioShape& f, WriterRegs& regs) = nullptr;
};

const std::vector<const WriterDef*>& all_writers();
const WriterDef* find_writer(const std::string& name);
// Adds a writer (from a scenario file) to all_writers(); it must outlive every use.
void register_writer(const WriterDef* w);

std::string writer_names();  // "zap-v6.5, ...": for help texts and error messages

// Each built-in writer is defined in checks/writers/*.cpp; checks/writers/writers.def lists
// them, one row each, in the order every list and table shows them.
#define FOLIOCHECK_WRITER(def) extern const WriterDef def;
#include "checks/writers/writers.def"
#undef FOLIOCHECK_WRITER

}  // namespace fc
