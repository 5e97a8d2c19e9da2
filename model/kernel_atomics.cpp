// model/kernel_atomics.cpp: the primitive table and its lowering per memory setting.
// Sources: Documentation/atomic_t.txt and tools/memory-model/linux-kernel.def
// (torvalds/linux; see docs/model.md for the table in prose with citations).
#include "model/kernel_atomics.hpp"

#include "model/names.hpp"

#include <array>
#include <stdexcept>

namespace fc {

namespace {

using K = PrimKind;
using O = Ordering;
using R = RmwResult;
using X = RmwOp;

// clang-format off
// Rows follow Documentation/atomic_t.txt (v6.10): plain atomic_read/atomic_set and void RMWs
// are unordered; value-returning RMWs without a suffix are fully ordered; _relaxed is
// unordered, _acquire orders its load part, _release its store part; conditional RMWs
// (cmpxchg, add_unless, inc_not_zero) are fully ordered on success only. spin_lock is an
// acquire and spin_unlock a release (tools/memory-model/linux-kernel.def: lock/unlock).
constexpr std::array<PrimInfo, static_cast<size_t>(Prim::count_)> kPrims = {{
    // prim                             name                           kind      LKMM class          op              result          operands negated
    {Prim::atomic_read,                 "atomic_read",                 K::load,  O::unordered,       X::none,        R::none,        0, false},
    {Prim::atomic_set,                  "atomic_set",                  K::store, O::unordered,       X::none,        R::none,        1, false},
    {Prim::READ_ONCE,                   "READ_ONCE",                   K::load,  O::unordered,       X::none,        R::none,        0, false},
    {Prim::WRITE_ONCE,                  "WRITE_ONCE",                  K::store, O::unordered,       X::none,        R::none,        1, false},
    {Prim::atomic_inc,                  "atomic_inc",                  K::rmw,   O::unordered,       X::add,         R::none,        0, false},
    {Prim::atomic_dec,                  "atomic_dec",                  K::rmw,   O::unordered,       X::add,         R::none,        0, false},
    {Prim::atomic_add,                  "atomic_add",                  K::rmw,   O::unordered,       X::add,         R::none,        1, false},
    {Prim::atomic_sub,                  "atomic_sub",                  K::rmw,   O::unordered,       X::add,         R::none,        1, true },
    {Prim::atomic_inc_and_test,         "atomic_inc_and_test",         K::rmw,   O::full,            X::add,         R::is_zero,     0, false},
    {Prim::atomic_dec_and_test,         "atomic_dec_and_test",         K::rmw,   O::full,            X::add,         R::is_zero,     0, false},
    {Prim::atomic_sub_and_test,         "atomic_sub_and_test",         K::rmw,   O::full,            X::add,         R::is_zero,     1, true },
    {Prim::atomic_add_negative,         "atomic_add_negative",         K::rmw,   O::full,            X::add,         R::is_negative, 1, false},
    {Prim::atomic_add_return,           "atomic_add_return",           K::rmw,   O::full,            X::add,         R::new_value,   1, false},
    {Prim::atomic_inc_return_relaxed,   "atomic_inc_return_relaxed",   K::rmw,   O::unordered,       X::add,         R::new_value,   0, false},
    {Prim::atomic_dec_return_relaxed,   "atomic_dec_return_relaxed",   K::rmw,   O::unordered,       X::add,         R::new_value,   0, false},
    {Prim::atomic_add_return_relaxed,   "atomic_add_return_relaxed",   K::rmw,   O::unordered,       X::add,         R::new_value,   1, false},
    {Prim::atomic_sub_return_relaxed,   "atomic_sub_return_relaxed",   K::rmw,   O::unordered,       X::add,         R::new_value,   1, true },
    {Prim::atomic_add_unless,           "atomic_add_unless",           K::rmw,   O::full_on_success, X::add_unless,  R::success,     2, false},
    {Prim::smp_mb,                      "smp_mb",                      K::fence, O::barrier,         X::none,        R::none,        0, false},
    {Prim::smp_rmb,                     "smp_rmb",                     K::fence, O::barrier,         X::none,        R::none,        0, false},
    {Prim::smp_wmb,                     "smp_wmb",                     K::fence, O::barrier,         X::none,        R::none,        0, false},
    {Prim::smp_mb__before_atomic,       "smp_mb__before_atomic",       K::fence, O::barrier,         X::none,        R::none,        0, false},
    {Prim::smp_mb__after_atomic,        "smp_mb__after_atomic",        K::fence, O::barrier,         X::none,        R::none,        0, false},
    {Prim::atomic_read_acquire,         "atomic_read_acquire",         K::load,  O::acquire,         X::none,        R::none,        0, false},
    {Prim::smp_load_acquire,            "smp_load_acquire",            K::load,  O::acquire,         X::none,        R::none,        0, false},
    {Prim::atomic_set_release,          "atomic_set_release",          K::store, O::release,         X::none,        R::none,        1, false},
    {Prim::smp_store_release,           "smp_store_release",           K::store, O::release,         X::none,        R::none,        1, false},
    {Prim::atomic_add_return_acquire,   "atomic_add_return_acquire",   K::rmw,   O::acquire,         X::add,         R::new_value,   1, false},
    {Prim::atomic_add_return_release,   "atomic_add_return_release",   K::rmw,   O::release,         X::add,         R::new_value,   1, false},
    {Prim::atomic_sub_return,           "atomic_sub_return",           K::rmw,   O::full,            X::add,         R::new_value,   1, true },
    {Prim::atomic_sub_return_acquire,   "atomic_sub_return_acquire",   K::rmw,   O::acquire,         X::add,         R::new_value,   1, true },
    {Prim::atomic_sub_return_release,   "atomic_sub_return_release",   K::rmw,   O::release,         X::add,         R::new_value,   1, true },
    {Prim::atomic_inc_return,           "atomic_inc_return",           K::rmw,   O::full,            X::add,         R::new_value,   0, false},
    {Prim::atomic_inc_return_acquire,   "atomic_inc_return_acquire",   K::rmw,   O::acquire,         X::add,         R::new_value,   0, false},
    {Prim::atomic_inc_return_release,   "atomic_inc_return_release",   K::rmw,   O::release,         X::add,         R::new_value,   0, false},
    {Prim::atomic_dec_return,           "atomic_dec_return",           K::rmw,   O::full,            X::add,         R::new_value,   0, false},
    {Prim::atomic_dec_return_acquire,   "atomic_dec_return_acquire",   K::rmw,   O::acquire,         X::add,         R::new_value,   0, false},
    {Prim::atomic_dec_return_release,   "atomic_dec_return_release",   K::rmw,   O::release,         X::add,         R::new_value,   0, false},
    {Prim::atomic_fetch_add,            "atomic_fetch_add",            K::rmw,   O::full,            X::add,         R::old_value,   1, false},
    {Prim::atomic_fetch_add_relaxed,    "atomic_fetch_add_relaxed",    K::rmw,   O::unordered,       X::add,         R::old_value,   1, false},
    {Prim::atomic_fetch_add_acquire,    "atomic_fetch_add_acquire",    K::rmw,   O::acquire,         X::add,         R::old_value,   1, false},
    {Prim::atomic_fetch_add_release,    "atomic_fetch_add_release",    K::rmw,   O::release,         X::add,         R::old_value,   1, false},
    {Prim::atomic_fetch_sub,            "atomic_fetch_sub",            K::rmw,   O::full,            X::add,         R::old_value,   1, true },
    {Prim::atomic_fetch_sub_relaxed,    "atomic_fetch_sub_relaxed",    K::rmw,   O::unordered,       X::add,         R::old_value,   1, true },
    {Prim::atomic_fetch_sub_acquire,    "atomic_fetch_sub_acquire",    K::rmw,   O::acquire,         X::add,         R::old_value,   1, true },
    {Prim::atomic_fetch_sub_release,    "atomic_fetch_sub_release",    K::rmw,   O::release,         X::add,         R::old_value,   1, true },
    {Prim::atomic_fetch_inc,            "atomic_fetch_inc",            K::rmw,   O::full,            X::add,         R::old_value,   0, false},
    {Prim::atomic_fetch_inc_relaxed,    "atomic_fetch_inc_relaxed",    K::rmw,   O::unordered,       X::add,         R::old_value,   0, false},
    {Prim::atomic_fetch_inc_acquire,    "atomic_fetch_inc_acquire",    K::rmw,   O::acquire,         X::add,         R::old_value,   0, false},
    {Prim::atomic_fetch_inc_release,    "atomic_fetch_inc_release",    K::rmw,   O::release,         X::add,         R::old_value,   0, false},
    {Prim::atomic_fetch_dec,            "atomic_fetch_dec",            K::rmw,   O::full,            X::add,         R::old_value,   0, false},
    {Prim::atomic_fetch_dec_relaxed,    "atomic_fetch_dec_relaxed",    K::rmw,   O::unordered,       X::add,         R::old_value,   0, false},
    {Prim::atomic_fetch_dec_acquire,    "atomic_fetch_dec_acquire",    K::rmw,   O::acquire,         X::add,         R::old_value,   0, false},
    {Prim::atomic_fetch_dec_release,    "atomic_fetch_dec_release",    K::rmw,   O::release,         X::add,         R::old_value,   0, false},
    {Prim::atomic_add_negative_relaxed, "atomic_add_negative_relaxed", K::rmw,   O::unordered,       X::add,         R::is_negative, 1, false},
    {Prim::atomic_add_negative_acquire, "atomic_add_negative_acquire", K::rmw,   O::acquire,         X::add,         R::is_negative, 1, false},
    {Prim::atomic_add_negative_release, "atomic_add_negative_release", K::rmw,   O::release,         X::add,         R::is_negative, 1, false},
    {Prim::atomic_inc_not_zero,         "atomic_inc_not_zero",         K::rmw,   O::full_on_success, X::add_unless,  R::success,     0, false},
    {Prim::atomic_xchg,                 "atomic_xchg",                 K::rmw,   O::full,            X::xchg,        R::old_value,   1, false},
    {Prim::atomic_xchg_relaxed,         "atomic_xchg_relaxed",         K::rmw,   O::unordered,       X::xchg,        R::old_value,   1, false},
    {Prim::atomic_xchg_acquire,         "atomic_xchg_acquire",         K::rmw,   O::acquire,         X::xchg,        R::old_value,   1, false},
    {Prim::atomic_xchg_release,         "atomic_xchg_release",         K::rmw,   O::release,         X::xchg,        R::old_value,   1, false},
    {Prim::xchg,                        "xchg",                        K::rmw,   O::full,            X::xchg,        R::old_value,   1, false},
    {Prim::xchg_relaxed,                "xchg_relaxed",                K::rmw,   O::unordered,       X::xchg,        R::old_value,   1, false},
    {Prim::xchg_acquire,                "xchg_acquire",                K::rmw,   O::acquire,         X::xchg,        R::old_value,   1, false},
    {Prim::xchg_release,                "xchg_release",                K::rmw,   O::release,         X::xchg,        R::old_value,   1, false},
    {Prim::atomic_cmpxchg,              "atomic_cmpxchg",              K::rmw,   O::full_on_success, X::cmpxchg,     R::old_value,   2, false},
    {Prim::atomic_cmpxchg_relaxed,      "atomic_cmpxchg_relaxed",      K::rmw,   O::unordered,       X::cmpxchg,     R::old_value,   2, false},
    {Prim::atomic_cmpxchg_acquire,      "atomic_cmpxchg_acquire",      K::rmw,   O::acquire,         X::cmpxchg,     R::old_value,   2, false},
    {Prim::atomic_cmpxchg_release,      "atomic_cmpxchg_release",      K::rmw,   O::release,         X::cmpxchg,     R::old_value,   2, false},
    {Prim::cmpxchg,                     "cmpxchg",                     K::rmw,   O::full_on_success, X::cmpxchg,     R::old_value,   2, false},
    {Prim::cmpxchg_relaxed,             "cmpxchg_relaxed",             K::rmw,   O::unordered,       X::cmpxchg,     R::old_value,   2, false},
    {Prim::cmpxchg_acquire,             "cmpxchg_acquire",             K::rmw,   O::acquire,         X::cmpxchg,     R::old_value,   2, false},
    {Prim::cmpxchg_release,             "cmpxchg_release",             K::rmw,   O::release,         X::cmpxchg,     R::old_value,   2, false},
    {Prim::smp_mb__after_spinlock,      "smp_mb__after_spinlock",      K::fence, O::barrier,         X::none,        R::none,        0, false},
    {Prim::spin_lock,                   "spin_lock",                   K::lock,  O::acquire,         X::none,        R::none,        0, false},
    {Prim::spin_unlock,                 "spin_unlock",                 K::lock,  O::release,         X::none,        R::none,        0, false},
    {Prim::spin_trylock,                "spin_trylock",                K::lock,  O::acquire,         X::none,        R::success,     0, false},
    {Prim::smp_mb__after_unlock_lock,   "smp_mb__after_unlock_lock",   K::fence, O::barrier,         X::none,        R::none,        0, false},
    {Prim::barrier,                     "barrier",                     K::fence, O::barrier,         X::none,        R::none,        0, false},
}};
// clang-format on

// Barrier rows: which C++11 fence each smp_* becomes under lkmm and relaxed.
// smp_mb / smp_mb__{before,after}_atomic: "These barriers provide a full smp_mb()"
// (atomic_t.txt) -> seq_cst fence. smp_rmb / smp_wmb -> acquire / release fence: stronger
// than the kernel barriers (limitations.md L4), so they can hide a bug, never invent one.
Order barrier_order(Prim p) {
    switch (p) {
    case Prim::smp_rmb: return Order::acquire;
    case Prim::smp_wmb: return Order::release;
    default: return Order::seq_cst;
    }
}

}  // namespace

const PrimInfo& prim_info(Prim p) {
    const auto i = static_cast<size_t>(p);
    if (i >= kPrims.size() || kPrims[i].prim != p) throw std::logic_error("primitive table out of order");
    return kPrims[i];
}

const char* order_name(Order o) {
    switch (o) {
    case Order::relaxed: return "relaxed";
    case Order::acquire: return "acquire";
    case Order::release: return "release";
    case Order::acq_rel: return "acq_rel";
    case Order::seq_cst: return "seq_cst";
    }
    return "?";
}

Lowering lower(Prim p, Memory m) {
    const PrimInfo& info = prim_info(p);
    Lowering l;
    if (info.kind == PrimKind::fence) {
        l.access = false;
        // Under sc every access is already sequentially consistent: a barrier adds nothing,
        // and leaving it out keeps it from costing a scheduling point.
        // barrier() orders no marked access: nothing to run. smp_mb__after_unlock_lock() runs as
        // a seq_cst fence, stronger than LKMM's (lang/shapes.cpp flags it).
        l.fence = (m != Memory::sc) && p != Prim::barrier;
        l.fence_order = barrier_order(p);
        return l;
    }
    if (info.kind == PrimKind::lock) {
        // spin_lock / spin_unlock run as Relacy mutex operations, which are acquire / release
        // under every setting (and sequentially consistent in the sc interleavings).
        l.order =
            m == Memory::sc ? Order::seq_cst : (info.ordering == Ordering::release ? Order::release : Order::acquire);
        return l;
    }
    switch (m) {
    case Memory::sc: l.order = l.failure_order = Order::seq_cst; return l;
    case Memory::relaxed:
        // Implied ordering is dropped; ordering the kernel code spells out (_acquire, _release,
        // smp_load_acquire, smp_store_release) is kept, like the explicit smp_* barriers.
        l.order = info.ordering == Ordering::acquire   ? Order::acquire
                  : info.ordering == Ordering::release ? Order::release
                                                       : Order::relaxed;
        return l;
    case Memory::lkmm: break;
    }
    switch (info.ordering) {
    case Ordering::unordered: l.order = Order::relaxed; break;
    case Ordering::acquire: l.order = Order::acquire; break;
    case Ordering::release: l.order = Order::release; break;
    case Ordering::full:
        l.order = Order::relaxed;
        l.fence_before = l.fence_after = true;
        break;
    case Ordering::full_on_success:
        l.order = Order::relaxed;
        l.fence_before = l.fence_after = true;
        l.fence_after_only_on_success = true;
        break;
    case Ordering::barrier: break;
    }
    return l;
}

namespace {
const NameRow<Memory> kMemoryNames[] = {
    {Memory::sc, "sc"},
    {Memory::lkmm, "lkmm"},
    {Memory::relaxed, "relaxed"},
};
}  // namespace

const char* memory_name(Memory m) { return name_in(kMemoryNames, m); }
bool parse_memory(const std::string& s, Memory& out) { return parse_in(kMemoryNames, s, out); }
std::string memory_names() { return names_in(kMemoryNames); }

bool find_prim(const std::string& kernel_name, Prim& out) {
    for (const PrimInfo& p : kPrims)
        if (kernel_name == p.name) {
            out = p.prim;
            return true;
        }
    return false;
}

}  // namespace fc
