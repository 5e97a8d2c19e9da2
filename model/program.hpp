// model/program.hpp: a CPU's kernel path as data.
//
// A scenario is a few Programs, one per CPU. A Program is a flat list of instructions: kernel
// atomic primitives on folio locations (each a Relacy scheduling point), plus local register
// arithmetic and branches (not scheduling points) for the kernel's own control flow
// ("if (last && folio_test_large(folio))", GUP-fast's "PTE changed? undo").
// The Emitter builds Programs with kernel names; the engines run them (model/engine.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/kernel_atomics.hpp"

namespace fc {

constexpr int kMaxRegs = 48;

enum class Op : uint8_t {
    prim,         // run a kernel primitive: dst = result; operand = imm, or -regs[src] style via src
    movi,         // dst = imm
    add,          // dst += regs[src]
    addi,         // dst += imm
    jz,           // if regs[src] == 0 goto target
    jnz,          // if regs[src] != 0 goto target
    jne,          // if regs[src] != regs[src2] goto target
    jmp,          // goto target
    stamp_write,  // dst = position, in its location's modification order, of this CPU's last write
    stamp_rf,     // dst = position, in its location's modification order, of the write this CPU's
                  //       last load read from (0 = the initial value)
    alu,          // dst = A <alu> B (scenario files' local arithmetic; not a scheduling point)
};

// Local arithmetic of Op::alu, C's operators on int. +, -, * and unary - wrap (two's
// complement, as herd7's 32-bit C values do and as the kernel's -fno-strict-overflow makes
// them); << drops the bits shifted out, >> of a negative value is arithmetic (gcc). What C
// leaves undefined and herd7 stops on or lacks (x / 0, x % 0, INT_MIN / -1, INT_MIN % -1, a
// shift by less than 0 or more than 31) gives 0 and sets *undefined to the case, so that the
// engine refuses the search's result (docs/scenarios.md, "Integers").
enum class AluOp : uint8_t {
    add,
    sub,
    mul,
    div,
    mod,
    and_,
    or_,
    xor_,
    shl,
    shr,
    eq,
    ne,
    lt,
    le,
    gt,
    ge,
    land,
    lor,
    not_,
    neg,
    mov
};
int alu_apply(AluOp op, int a, int b, const char** undefined = nullptr);
const char* alu_name(AluOp op);  // C spelling: "+", "==", "!", ...

// Operands: A = src >= 0 ? regs[src] : imm, and B = src2 >= 0 ? regs[src2] : imm2.
// prim: A is the kernel operand (atomic_add(i, v): i; atomic_set(v, i): i; xchg(v, n): n;
//       cmpxchg(v, o, n): o; atomic_add_unless(v, a, u): a), B the second one (cmpxchg: n;
//       atomic_add_unless: u). jne compares regs[src] with regs[src2].
struct Insn {
    Op op = Op::movi;
    Prim prim = Prim::atomic_read;
    AluOp alu = AluOp::add;
    uint16_t loc = 0;  // location index (lock prims: spinlock index)
    int8_t dst = -1;   // destination register, -1 = none
    int8_t src = -1;
    int8_t src2 = -1;
    int32_t imm = 0;
    int32_t imm2 = 0;
    int32_t target = 0;  // branch target
    int32_t call = -1;   // index into Program::calls: the kernel call this step belongs to
    // An unannotated C access (*x, *x = v): LKMM's Plain (linux-kernel.bell), which herd7's
    // data-race flag is about. Relacy runs it as READ_ONCE()/WRITE_ONCE().
    bool plain = false;
    // An access through a pointer register (herd7 C: `p = x + r; READ_ONCE(*p)`): the register
    // holding the pointer's offset from `loc`, -1 for a direct access. The access has an
    // address dependency (LKMM addr) on what that register was computed from; an offset other
    // than 0 points outside the variable, which the engines refuse as undefined.
    int8_t addr = -1;
};
// What an access through a pointer with an offset other than 0 is, where the engines report it.
inline constexpr const char* kPointerOutside = "an access through a pointer outside its variable (x + r with r not 0)";

// The initial memory of a scenario: one entry per location (a location is a number; what it
// stands for is the caller's business). `used`: some part of the scenario gives the location
// a meaning (a trace or an export shows it); the engine itself reads only `value`.
struct InitialValues {
    std::vector<int> value;
    std::vector<bool> used;
};

struct Program {
    std::string cpu_label;  // e.g. "zap_pte_range (batch-zap-v4)"
    std::vector<Insn> code;
    std::vector<std::string> calls;  // kernel call paths, e.g. "page_remove_rmap(page[1], vma, false)"
    int nregs = 0;
    std::vector<std::string> reg_names;
};

// Builds a Program. Kernel helpers in model/rmap.cpp and the writers/readers in checks/
// emit through it; calls nest ("tlb_flush_mmu > release_pages > folio_put_testzero").
class Emitter {
public:
    explicit Emitter(Program& p) : m_p(p) {}

    // Proposal "writer-mb": smp_mb__before_atomic() before every RMW that lowers the refcount
    // and smp_mb__after_atomic() after every RMW that raises it, so that no refcount update
    // can be reordered with the writer's mapcount updates.
    void set_refcount_barriers(bool on) { m_refcount_barriers = on; }

    int reg(const std::string& name);
    // A scratch register: the one already named `name`, or a new one. Kernel helpers emitted
    // once per page use it, so that a 512-page folio needs no more registers than one page.
    int scratch(const std::string& name);
    // A kernel primitive on a location. `operand` is the kernel's argument as written
    // (atomic_sub(2, v) -> 2); the table decides its sign. Returns the destination register.
    int prim(Prim p, int loc, int operand = 0, int dst = -1);
    // The same with the operand taken from a register (atomic_sub_return_relaxed(nr_unmapped, ...)).
    int prim_reg(Prim p, int loc, int operand_reg, int dst = -1);
    // Any primitive with explicit operands, each a register (reg >= 0) or an immediate:
    // cmpxchg(v, o, n), atomic_add_unless(v, a, u), ... Lock primitives take the lock index as loc.
    struct Operand {
        int reg = -1;
        int imm = 0;
    };
    int prim_ops(Prim p, int loc, Operand a, Operand b, int dst = -1);
    void alu(AluOp op, int dst, Operand a, Operand b);
    void barrier(Prim p);
    // Marks the access just emitted as a plain C access (Insn::plain).
    void mark_plain();
    // Marks the access just emitted as made through a pointer whose offset is in `reg` (Insn::addr).
    void mark_address(int reg);
    void movi(int dst, int imm);
    void add(int dst, int src);
    void addi(int dst, int imm);
    void stamp_write(int dst);
    void stamp_rf(int dst);

    int label();           // a new unbound label
    void bind(int label);  // the next instruction is the label's target
    void jz(int src, int label);
    void jnz(int src, int label);
    void jne(int src, int src2, int label);
    void jmp(int label);

    // Kernel call context for the instructions emitted while it lives.
    class Call {
    public:
        Call(Emitter& e, const std::string& text);
        ~Call();
        Call(const Call&) = delete;
        Call& operator=(const Call&) = delete;

    private:
        Emitter& m_e;
        std::string m_saved;
    };

    // Resolves labels; call once when the program is complete.
    void finish();

private:
    Insn& push(Op op);
    Insn* just_emitted(bool past_barriers, bool (*ok)(PrimKind));
    Program& m_p;
    std::string m_call;
    bool m_refcount_barriers = false;
    int32_t m_call_index = -1;
    std::vector<int> m_labels;                     // label -> target pc (-1 unbound)
    std::vector<std::pair<size_t, int>> m_fixups;  // (pc, label)
};

}  // namespace fc
