// checks/check.hpp: what a kernel check is to foliocheck: the predicate it evaluates on
// the two counters it reads, the references it holds itself, and how it reads them.
#pragma once

#include <string>
#include <vector>

#include "model/folio.hpp"
#include "model/program.hpp"

namespace fc {

// Order of the check's two reads. C leaves the evaluation order of the operands of !=, >
// and == unspecified, so the compiler may emit either; `either` explores both.
enum class ReadOrder { ref_first, map_first, either };
const char* read_order_name(ReadOrder o);
bool parse_read_order(const std::string& s, ReadOrder& out);
std::string read_order_names();  // "ref-first, map-first, either"

// Between the two reads: nothing, smp_rmb(), or smp_mb() (a proposal may try either).
enum class ReaderBarrier { none, rmb, mb };
const char* reader_barrier_name(ReaderBarrier b);
bool parse_reader_barrier(const std::string& s, ReaderBarrier& out);
std::string reader_barrier_names();  // "none, rmb, mb"

// What a check that misses a pin lets the kernel do next, by the kernel code after the check
// (docs/checks.md "What a miss costs"): write into or copy away a page a pin still uses (data
// corruption), discard it (data loss), or work that a later exact check undoes (wasted work:
// a folio_ref_freeze() or exact refcount comparison after the unmap catches the pin).
enum class MissCost : uint8_t { data_corruption, data_loss, wasted_work };
const char* miss_cost_name(MissCost c);  // "data corruption", "data loss", "wasted work"
// What n failing rows do: "can corrupt data", "can lose data", "wastes work" (n == 1) / "waste work".
const char* miss_cost_verb(MissCost c, size_t n = 1);
bool parse_miss_cost(const std::string& s, MissCost& out);
std::string miss_cost_names();

struct MissCostDef {
    MissCost cost;
    const char* why;  // the kernel code after the check that makes it so: file, function, cited
};

struct CheckDef {
    const char* name;               // CLI name: ksm, compaction, khugepaged, split
    const char* kernel;             // kernel function, file and version it follows
    const char* predicate;          // the kernel's expression, as written
    const char* summary;            // one line for `foliocheck list`
    int own_refs;                   // references the checker itself holds while checking
    bool checker_mm_maps;           // the checker's own mm maps every page once (KSM, khugepaged)
    bool small_only;                // KSM: order-0 pages only
    const char* swapcache_refusal;  // non-null: --swapcache is impossible, and why
    ReadOrder kernel_order;         // either (unspecified in C) or the order the code sequences
    bool clears_pte_first;          // KSM: ptep_clear_flush() before the check (GUP-fast must back off)
    // True if the check concludes that the folio has references beyond mappings and its
    // own ("extra references: do not merge / do not isolate / cannot split").
    bool (*sees_extra)(int refcount, int mapcount, int pages, bool swapcache);
    // Emits the mapcount read the check uses (page_mapcount or folio_mapcount) into dst.
    void (*read_mapcount)(Emitter& e, const FolioShape& f, int dst);
    MissCostDef miss_cost;  // what a missed pin costs, classified, with the kernel code that decides it
    // sees_extra as a C expression in the fragment herd7's C parser accepts (integers,
    // + - * /, == != < > <= >=, parentheses; no &&, || or !), for `run --litmus`.
    // Placeholders: {R} the refcount read, {M} the mapcount computed, {P} folio_nr_pages(),
    // {S} 1 if the folio is in the swapcache, else 0. Nonzero iff sees_extra() is true
    // (tests/test_export_litmus.cpp checks the two agree). Keep a space after every binary
    // minus: herd7 lexes "-1" as a negative constant, so "r0-1" does not parse.
    const char* sees_extra_c;
    // Fields added for the 2024-2026 kernels (default: as the four v6.5 checks behave).
    const char* function = nullptr;  // the kernel function the reader CPU is labelled with
    bool newer = false;              // not in the default matrix (`matrix --kernel`, --checks)
    // MADV_FREE: "smp_mb(); ref_count = ...; map_count = ...; smp_rmb();" around the reads.
    bool mb_before_reads = false;
    bool rmb_after_reads = false;
    const char* small_refusal = nullptr;  // non-null: a one-page folio is impossible, and why
    // compaction: the checker takes its own reference right before its reads
    // (folio_get_nontail_page() -> get_page_unless_zero() -> atomic_add_unless(&_refcount, 1,
    // 0), fully ordered on success); with ScenarioConfig::own_ref_taken it is modelled there
    // instead of being folded into the initial refcount.
    bool takes_own_ref_before_reads = false;
    // With --writer swapcache-add the check reads PG_swapcache (folio_test_swapcache(), a
    // test_bit: READ_ONCE) where the kernel code does: before both counters (KSM's `swapped`,
    // split's extra_pins), right before the mapcount (inside folio_expected_ref_count()), or
    // right after it (is_refcount_suitable()). swapcache_add_refusal: why the check cannot
    // race swapcache addition (it holds the folio lock, as add_to_swap()'s caller does, ...).
    enum class SwapFlagRead : uint8_t { first, before_mapcount, after_mapcount };
    SwapFlagRead swap_flag_read = SwapFlagRead::first;
    const char* swapcache_add_refusal = nullptr;
    // Releases and locks. Every field below is required: check_table_problems() refuses a
    // check without them at startup (and tests/test_tables.cpp at build-and-test time).
    // family: the name a user gives with --kernel for whichever form a release runs
    // ("khugepaged" is khugepaged-expected in v6.17); a check's first form has its own name.
    const char* family = nullptr;
    // The releases of checks/kernels.cpp that run this form: first_release to last_release
    // (nullptr: to the newest); first_release "unmerged" for a form no release runs.
    const char* first_release = nullptr;
    const char* last_release = nullptr;
    // What the check holds while it reads the counters, and the kernel reason, for `fixes`
    // and docs/checks.md. Which writers race it follows from two facts, not a list
    // (checks/concurrency.cpp): holds_folio_lock excludes the paths that run with the folio
    // locked (WriterDef::folio_locked), small_only the paths of large folios only.
    const char* locks = nullptr;
    const char* locks_why = nullptr;
    bool holds_folio_lock = false;
    // CONFIG_MM_ID checks (the COW reuse check): the counters are read under
    // folio_lock_large_mapcount() (the bit spinlock every _large_mapcount update takes), after
    // testing the "maybe mapped shared" bit of _mm_ids: a folio another mm may map is never
    // examined. The bit is read as the locked state it is kept from (checks/reads.cpp). With a
    // mapcount design without that lock the kernel has no such check: needs_mm_id says why,
    // and such a run is a what-if (checks/scenario.cpp what_if_reason()).
    bool reads_under_mapcount_lock = false;
    bool bails_if_mapped_shared = false;
    const char* needs_mm_id = nullptr;
};

const std::vector<const CheckDef*>& all_checks();
const CheckDef* find_check(const std::string& name);
std::string check_names();  // "ksm, compaction, ...": for help texts and error messages

// One problem per line for each check that lacks a required field or names a release that
// does not exist; empty when the table is whole. main() refuses to start otherwise.
std::vector<std::string> check_def_problems(const CheckDef& c);

// Each check's definition lives in its own file (checks/<name>.cpp); checks/checks.def lists
// them, one row each, in the order every list and table shows them.
#define FOLIOCHECK_CHECK(def) extern const CheckDef def;
#include "checks/checks.def"
#undef FOLIOCHECK_CHECK

}  // namespace fc
