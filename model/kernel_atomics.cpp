// model/kernel_atomics.cpp: the primitive table and its lowering per memory setting.
// Sources: Documentation/atomic_t.txt and tools/memory-model/linux-kernel.def
// (torvalds/linux; see docs/model.md for the table in prose with citations).
#include "model/kernel_atomics.hpp"

#include <array>
#include <stdexcept>

namespace fc {

namespace {

using K = PrimKind;
using O = Ordering;
using R = RmwResult;

// clang-format off
constexpr std::array<PrimInfo, static_cast<size_t>(Prim::count_)> kPrims = {{
    // prim                           name                         kind      LKMM class          result          shown  negated
    {Prim::atomic_read,               "atomic_read",               K::load,  O::unordered,       R::none,        false, false},
    {Prim::atomic_set,                "atomic_set",                K::store, O::unordered,       R::none,        true,  false},
    {Prim::READ_ONCE,                 "READ_ONCE",                 K::load,  O::unordered,       R::none,        false, false},
    {Prim::WRITE_ONCE,                "WRITE_ONCE",                K::store, O::unordered,       R::none,        true,  false},
    {Prim::atomic_inc,                "atomic_inc",                K::rmw,   O::unordered,       R::none,        false, false},
    {Prim::atomic_dec,                "atomic_dec",                K::rmw,   O::unordered,       R::none,        false, false},
    {Prim::atomic_add,                "atomic_add",                K::rmw,   O::unordered,       R::none,        true,  false},
    {Prim::atomic_sub,                "atomic_sub",                K::rmw,   O::unordered,       R::none,        true,  true},
    {Prim::atomic_inc_and_test,       "atomic_inc_and_test",       K::rmw,   O::full,            R::is_zero,     false, false},
    {Prim::atomic_dec_and_test,       "atomic_dec_and_test",       K::rmw,   O::full,            R::is_zero,     false, false},
    {Prim::atomic_sub_and_test,       "atomic_sub_and_test",       K::rmw,   O::full,            R::is_zero,     true,  true},
    {Prim::atomic_add_negative,       "atomic_add_negative",       K::rmw,   O::full,            R::is_negative, true,  false},
    {Prim::atomic_add_return,         "atomic_add_return",         K::rmw,   O::full,            R::new_value,   true,  false},
    {Prim::atomic_inc_return_relaxed, "atomic_inc_return_relaxed", K::rmw,   O::unordered,       R::new_value,   false, false},
    {Prim::atomic_dec_return_relaxed, "atomic_dec_return_relaxed", K::rmw,   O::unordered,       R::new_value,   false, false},
    {Prim::atomic_add_return_relaxed, "atomic_add_return_relaxed", K::rmw,   O::unordered,       R::new_value,   true,  false},
    {Prim::atomic_sub_return_relaxed, "atomic_sub_return_relaxed", K::rmw,   O::unordered,       R::new_value,   true,  true},
    {Prim::atomic_add_unless,         "atomic_add_unless",         K::rmw,   O::full_on_success, R::success,     true,  false},
    {Prim::smp_mb,                    "smp_mb",                    K::fence, O::barrier,         R::none,        false, false},
    {Prim::smp_rmb,                   "smp_rmb",                   K::fence, O::barrier,         R::none,        false, false},
    {Prim::smp_wmb,                   "smp_wmb",                   K::fence, O::barrier,         R::none,        false, false},
    {Prim::smp_mb__before_atomic,     "smp_mb__before_atomic",     K::fence, O::barrier,         R::none,        false, false},
    {Prim::smp_mb__after_atomic,      "smp_mb__after_atomic",      K::fence, O::barrier,         R::none,        false, false},
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
        l.fence = (m != Memory::sc);
        l.fence_order = barrier_order(p);
        return l;
    }
    switch (m) {
    case Memory::sc: l.order = Order::seq_cst; return l;
    case Memory::relaxed: l.order = Order::relaxed; return l;
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

const char* memory_name(Memory m) {
    switch (m) {
    case Memory::sc: return "sc";
    case Memory::lkmm: return "lkmm";
    case Memory::relaxed: return "relaxed";
    }
    return "?";
}

bool parse_memory(const std::string& s, Memory& out) {
    if (s == "sc") out = Memory::sc;
    else if (s == "lkmm") out = Memory::lkmm;
    else if (s == "relaxed") out = Memory::relaxed;
    else return false;
    return true;
}

}  // namespace fc
