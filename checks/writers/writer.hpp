// checks/writers/writer.hpp: a kernel path that races a check, written as a CPU's program.
#pragma once

#include <string>
#include <vector>

#include "model/folio.hpp"
#include "model/program.hpp"

namespace fc {

enum class WriterKind { unmap, map, pin };

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
    void (*emit)(Emitter& e, const FolioShape& f, WriterRegs& regs);
    // A writer loaded from a scenario file (lang/writer_file.*): emit_from(source, ...) is
    // used instead of emit.
    const void* source = nullptr;
    void (*emit_from)(const void* source, Emitter& e, const FolioShape& f, WriterRegs& regs) = nullptr;
};

const std::vector<const WriterDef*>& all_writers();
const WriterDef* find_writer(const std::string& name);
// Adds a writer (from a scenario file) to all_writers(); it must outlive every use.
void register_writer(const WriterDef* w);

extern const WriterDef kWriterZapV65;
extern const WriterDef kWriterZapV65NoGather;
extern const WriterDef kWriterBatchZapV4;
extern const WriterDef kWriterBatchZapTwoLoop;
extern const WriterDef kWriterZapV69;
extern const WriterDef kWriterForkV65;
extern const WriterDef kWriterForkV69;
extern const WriterDef kWriterGupFast;

}  // namespace fc
