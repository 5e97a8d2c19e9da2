// lang/shapes.cpp: see shapes.hpp.
#include "lang/shapes.hpp"

#include <functional>
#include <map>
#include <set>
#include <tuple>

namespace fc::lang {

namespace {

bool writes(const PrimInfo& i) { return i.kind == PrimKind::store || i.kind == PrimKind::rmw; }
bool reads(const PrimInfo& i) { return i.kind == PrimKind::load || i.kind == PrimKind::rmw; }

// A load -> later write pair on one CPU that the kernel's model orders (so LKMM forbids an
// LB cycle through it): a full barrier or a fully ordered RMW between them, an acquire load,
// a release store, spin_unlock() followed by spin_lock() (LKMM's po-unlock-lock-po), or a
// dependency (the write's value, its address or a branch before it computed from the loaded
// value).
bool ordered(const Program& p, size_t load, size_t store) {
    const PrimInfo& li = prim_info(p.code[load].prim);
    const PrimInfo& si = prim_info(p.code[store].prim);
    if (li.ordering == Ordering::acquire || li.ordering == Ordering::full) return true;
    if (si.ordering == Ordering::release || si.ordering == Ordering::full) return true;
    std::set<int> tainted;
    if (p.code[load].dst >= 0) tainted.insert(p.code[load].dst);
    bool unlocked = false;
    for (size_t k = load + 1; k < store; k++) {
        const Insn& in = p.code[k];
        if (in.op == Op::prim) {
            const PrimInfo& info = prim_info(in.prim);
            if (info.kind == PrimKind::fence &&
                (in.prim == Prim::smp_mb || in.prim == Prim::smp_mb__before_atomic ||
                 in.prim == Prim::smp_mb__after_atomic || in.prim == Prim::smp_mb__after_spinlock))
                return true;
            if (info.kind == PrimKind::rmw && info.ordering == Ordering::full) return true;
            if (in.prim == Prim::spin_unlock) unlocked = true;
            if (in.prim == Prim::spin_lock && unlocked) return true;
            if (info.kind == PrimKind::rmw || info.kind == PrimKind::load)
                if (in.dst >= 0) tainted.erase(in.dst);
        } else if (in.op == Op::alu || in.op == Op::add) {
            const bool t = (in.src >= 0 && tainted.count(in.src)) || (in.src2 >= 0 && tainted.count(in.src2)) ||
                           (in.op == Op::add && tainted.count(in.dst));
            if (t) tainted.insert(in.dst);
            else if (in.dst >= 0) tainted.erase(in.dst);
        } else if (in.op == Op::movi) {
            tainted.erase(in.dst);
        } else if (in.op == Op::jz || in.op == Op::jnz || in.op == Op::jne) {
            if (tainted.count(in.src) || (in.src2 >= 0 && tainted.count(in.src2))) return true;  // ctrl dependency
        }
    }
    const Insn& st = p.code[store];
    if ((st.src >= 0 && tainted.count(st.src)) || (st.src2 >= 0 && tainted.count(st.src2))) return true;  // data
    if (st.addr >= 0 && tainted.count(st.addr)) return true;  // addr (Insn::addr)
    return false;
}

// A full barrier or fully ordered RMW strictly between i and j.
bool full_between(const Program& p, size_t i, size_t j) {
    for (size_t k = i + 1; k < j; k++) {
        const Insn& in = p.code[k];
        if (in.op != Op::prim) continue;
        if (in.prim == Prim::smp_mb || in.prim == Prim::smp_mb__before_atomic ||
            in.prim == Prim::smp_mb__after_atomic || in.prim == Prim::smp_mb__after_spinlock)
            return true;
        const PrimInfo& info = prim_info(in.prim);
        if (info.kind == PrimKind::rmw && info.ordering == Ordering::full) return true;
    }
    return false;
}

struct Edge {  // CPU `cpu` reads `from`, then writes `to`
    int cpu, from, to;
    bool ordered;
};

std::string name_of(const EngineScenario& s, int loc) { return scenario_loc_name(s, loc); }

}  // namespace

std::vector<Blindspot> find_blindspots(const EngineScenario& s, const CompiledCondition& c, int real_cpus) {
    std::vector<Blindspot> out;
    if (s.memory == Memory::sc) return out;
    const int ncpu = std::min<int>(real_cpus, static_cast<int>(s.cpus.size()));

    // 1. Load buffering: a cycle "CPU a reads x then writes y, CPU b reads y then writes x"
    //    (or longer, through distinct CPUs) with at least one unordered link.
    std::vector<Edge> edges;
    for (int cpu = 0; cpu < ncpu; cpu++) {
        const Program& p = s.cpus[static_cast<size_t>(cpu)];
        std::set<std::tuple<int, int, bool>> seen;
        for (size_t i = 0; i < p.code.size(); i++) {
            if (p.code[i].op != Op::prim || !reads(prim_info(p.code[i].prim))) continue;
            for (size_t j = i + 1; j < p.code.size(); j++) {
                if (p.code[j].op != Op::prim || !writes(prim_info(p.code[j].prim))) continue;
                const bool o = ordered(p, i, j);
                if (seen.insert({p.code[i].loc, p.code[j].loc, o}).second)
                    edges.push_back(Edge{cpu, p.code[i].loc, p.code[j].loc, o});
            }
        }
    }
    std::string lb;
    // Depth-first search for a cycle of edges on distinct CPUs, each edge's write read by the
    // next edge's CPU.
    std::vector<int> path;
    std::function<bool(int, int, bool)> dfs = [&](int start_loc, int loc, bool any_unordered) -> bool {
        for (size_t k = 0; k < edges.size(); k++) {
            const Edge& e = edges[k];
            if (e.from != loc) continue;
            bool used = false;
            for (int q : path)
                if (edges[static_cast<size_t>(q)].cpu == e.cpu) used = true;
            if (used) continue;
            path.push_back(static_cast<int>(k));
            const bool u = any_unordered || !e.ordered;
            if (e.to == start_loc && path.size() >= 2 && u) return true;
            if (path.size() < static_cast<size_t>(ncpu) && dfs(start_loc, e.to, u)) return true;
            path.pop_back();
        }
        return false;
    };
    for (const Edge& e : edges) {
        path.clear();
        if (dfs(e.from, e.from, false)) {
            for (int q : path) {
                const Edge& x = edges[static_cast<size_t>(q)];
                lb += (lb.empty() ? "" : "; ") + std::string("P") + std::to_string(x.cpu) + " reads " +
                      name_of(s, x.from) + " then writes " + name_of(s, x.to) + (x.ordered ? "" : " (unordered)");
            }
            break;
        }
    }
    if (!lb.empty())
        out.push_back(
            {"load-buffering",
             "a load-buffering cycle (" + lb + "): Relacy never lets a load read a store that executes after it",
             true});

    // 2. Coherence order: the condition names the final value of a location that two CPUs
    //    write, and a CPU writes it next to an access of another location without a full
    //    barrier between (2+2W, S): LKMM may order that write first, Relacy orders stores by
    //    when they execute.
    std::map<int, std::set<int>> writers;
    for (int cpu = 0; cpu < ncpu; cpu++)
        for (const Insn& in : s.cpus[static_cast<size_t>(cpu)].code)
            if (in.op == Op::prim && writes(prim_info(in.prim))) writers[in.loc].insert(cpu);
    for (const StateVar& v : c.vars) {
        if (v.is_reg || writers[v.index].size() < 2) continue;
        std::string where;
        for (int cpu = 0; cpu < ncpu && where.empty(); cpu++) {
            const Program& p = s.cpus[static_cast<size_t>(cpu)];
            for (size_t i = 0; i < p.code.size() && where.empty(); i++) {
                if (p.code[i].op != Op::prim) continue;
                const PrimInfo& a = prim_info(p.code[i].prim);
                if (a.kind == PrimKind::fence || a.kind == PrimKind::lock) continue;
                for (size_t j = i + 1; j < p.code.size(); j++) {
                    if (p.code[j].op != Op::prim) continue;
                    const PrimInfo& b = prim_info(p.code[j].prim);
                    if (b.kind == PrimKind::fence || b.kind == PrimKind::lock || p.code[j].loc == p.code[i].loc)
                        continue;
                    const bool touches =
                        (writes(a) && p.code[i].loc == v.index) || (writes(b) && p.code[j].loc == v.index);
                    if (!touches || !writes(b)) continue;
                    if (full_between(p, i, j) || b.ordering == Ordering::release || b.ordering == Ordering::full ||
                        a.ordering == Ordering::full || (reads(a) && !writes(a) && a.ordering == Ordering::acquire))
                        continue;
                    where = "P" + std::to_string(cpu) + " " + (writes(a) ? "writes " : "reads ") +
                            name_of(s, p.code[i].loc) + " then writes " + name_of(s, p.code[j].loc);
                    break;
                }
            }
        }
        if (where.empty()) continue;
        out.push_back({"coherence-order", "the condition reads the final value of " + v.label + ", which " +
                                              std::to_string(writers[v.index].size()) + " CPUs write, and " + where +
                                              " with no full barrier between: Relacy orders stores by when they "
                                              "execute, so outcomes where a later store comes first in " +
                                              v.label + "'s modification order (2+2W, S) are not explored"});
    }

    // 3. Stale-read depth: a plain load of a location that other CPUs write more than once in
    //    total: LKMM lets it read any of them, Relacy's full search at most 1 back.
    //    Exempt: the CPU's first memory access, when it is a load with nothing before it.
    //    Reading the k-th store back is then the same outcome as running that load right after
    //    that store (or first of all, for the initial value): an interleaving Relacy explores,
    //    since no other CPU sees a load and nothing on this CPU orders it later.
    std::string stale;
    for (int cpu = 0; cpu < ncpu; cpu++) {
        std::set<int> done;
        bool first = true;
        for (const Insn& in : s.cpus[static_cast<size_t>(cpu)].code) {
            if (in.op != Op::prim) continue;
            const bool exempt = first;
            first = false;
            if (prim_info(in.prim).kind != PrimKind::load || done.count(in.loc) || exempt) continue;
            done.insert(in.loc);
            int others = 0;
            for (int o = 0; o < ncpu; o++) {
                if (o == cpu) continue;
                for (const Insn& w : s.cpus[static_cast<size_t>(o)].code)
                    if (w.op == Op::prim && writes(prim_info(w.prim)) && w.loc == in.loc) others++;
            }
            if (others >= 2)
                stale += (stale.empty() ? "" : ", ") + std::string("P") + std::to_string(cpu) + " loads " +
                         name_of(s, in.loc) + " (" + std::to_string(others) + " writes by other CPUs)";
        }
    }
    if (!stale.empty())
        out.push_back({"stale-read-depth", stale + ": the kernel's model lets a load return any write not yet "
                                                   "overwritten in its view, Relacy's full search at most the latest "
                                                   "or the one before"});

    // 4. Barriers stronger here than in the kernel: smp_rmb()/smp_wmb() run as acquire/release
    //    fences, which also order an earlier load before a later store; LKMM's do not.
    for (int cpu = 0; cpu < ncpu; cpu++) {
        const Program& p = s.cpus[static_cast<size_t>(cpu)];
        std::string found;
        for (size_t i = 0; i < p.code.size() && found.empty(); i++) {
            if (p.code[i].op != Op::prim || !reads(prim_info(p.code[i].prim))) continue;
            for (size_t j = i + 1; j < p.code.size() && found.empty(); j++) {
                if (p.code[j].op != Op::prim || !writes(prim_info(p.code[j].prim))) continue;
                if (ordered(p, i, j)) continue;
                for (size_t k = i + 1; k < j; k++)
                    if (p.code[k].op == Op::prim &&
                        (p.code[k].prim == Prim::smp_rmb || p.code[k].prim == Prim::smp_wmb))
                        found = std::string(prim_info(p.code[k].prim).name) + "() between P" + std::to_string(cpu) +
                                "'s load of " + name_of(s, p.code[i].loc) + " and its store to " +
                                name_of(s, p.code[j].loc);
            }
        }
        if (!found.empty())
            out.push_back({"stronger-barrier", found + ": foliocheck runs it as a C++ acquire/release fence, which "
                                                       "orders the two; the kernel's barrier does not (it orders loads "
                                                       "with loads, or stores with stores)"});
    }

    // 4b. Conditional RMWs (cmpxchg, atomic_add_unless, atomic_inc_not_zero): the engine keeps
    //     the smp_mb() before them when they fail (docs/limitations.md), LKMM orders nothing then.
    //     The extra barrier can only order this CPU's accesses to other locations: a CPU
    //     whose every other access is to the RMW's own location (coherence orders those) is
    //     not affected.
    for (int cpu = 0; cpu < ncpu; cpu++) {
        std::string found;
        const Program& p = s.cpus[static_cast<size_t>(cpu)];
        for (const Insn& in : p.code) {
            if (in.op != Op::prim || prim_info(in.prim).ordering != Ordering::full_on_success || !found.empty())
                continue;
            bool others = false;
            for (const Insn& o : p.code) {
                if (o.op != Op::prim) continue;
                const PrimKind k = prim_info(o.prim).kind;
                if ((k == PrimKind::load || k == PrimKind::store || k == PrimKind::rmw) && o.loc != in.loc)
                    others = true;
            }
            if (others) found = std::string(prim_info(in.prim).name) + "() on " + name_of(s, in.loc);
        }
        if (!found.empty()) {
            out.push_back({"failed-rmw-fence", "P" + std::to_string(cpu) + " runs " + found +
                                                   ": when it fails, foliocheck still runs the full barrier before "
                                                   "it, LKMM orders nothing"});
            break;
        }
    }

    // 4c. smp_mb__after_unlock_lock() runs as a seq_cst fence; LKMM makes it a full barrier
    //     only between the accesses before a spin_unlock() and those after the spin_lock()
    //     that follows it (linux-kernel.cat, `mb`), so the fence may order more than LKMM does.
    for (int cpu = 0; cpu < ncpu; cpu++) {
        bool found = false;
        for (const Insn& in : s.cpus[static_cast<size_t>(cpu)].code)
            found = found || (in.op == Op::prim && in.prim == Prim::smp_mb__after_unlock_lock);
        if (found) {
            out.push_back({"stronger-barrier", "P" + std::to_string(cpu) +
                                                   " runs smp_mb__after_unlock_lock(): foliocheck runs it as "
                                                   "smp_mb(); LKMM orders only the accesses before a spin_unlock() "
                                                   "with those after the spin_lock() that follows it"});
            break;
        }
    }

    // 4d. The barrier helpers that LKMM attaches to a neighbour (linux-kernel.cat):
    //     smp_mb__before_atomic() orders accesses before it with the atomic RMW that follows it
    //     (and what follows that RMW), smp_mb__after_atomic() the RMW before it (and what
    //     precedes that) with accesses after it, smp_mb__after_spinlock() the spin_lock()
    //     before it (and what precedes that) with accesses after it. Run as a seq_cst fence
    //     they also order the accesses between the helper and its neighbour, or everything
    //     when the neighbour is missing: a Never may hide an outcome LKMM allows.
    for (int cpu = 0; cpu < ncpu; cpu++) {
        const Program& p = s.cpus[static_cast<size_t>(cpu)];
        auto is_access = [&](size_t k) {
            if (p.code[k].op != Op::prim) return false;
            const PrimKind kind = prim_info(p.code[k].prim).kind;
            return kind == PrimKind::load || kind == PrimKind::store || kind == PrimKind::rmw;
        };
        auto is_neighbour = [&](size_t k, Prim helper) {
            if (p.code[k].op != Op::prim) return false;
            if (helper == Prim::smp_mb__after_spinlock) return p.code[k].prim == Prim::spin_lock;
            return prim_info(p.code[k].prim).kind == PrimKind::rmw;
        };
        std::string found;
        for (size_t i = 0; i < p.code.size() && found.empty(); i++) {
            const Insn& in = p.code[i];
            if (in.op != Op::prim) continue;
            const Prim h = in.prim;
            if (h != Prim::smp_mb__before_atomic && h != Prim::smp_mb__after_atomic &&
                h != Prim::smp_mb__after_spinlock)
                continue;
            const bool forward = h == Prim::smp_mb__before_atomic;
            bool neighbour = false, between = false;
            if (forward) {
                for (size_t k = i + 1; k < p.code.size() && !neighbour; k++) {
                    if (is_neighbour(k, h)) neighbour = true;
                    else if (is_access(k)) between = true;
                }
            } else {
                for (size_t k = i; k-- > 0 && !neighbour;) {
                    if (is_neighbour(k, h)) neighbour = true;
                    else if (is_access(k)) between = true;
                }
            }
            if (!neighbour || between)
                found = std::string(prim_info(h).name) + "() on P" + std::to_string(cpu) +
                        (neighbour ? " with other accesses between it and the " : " with no ") +
                        (h == Prim::smp_mb__after_spinlock ? "spin_lock() before it"
                         : forward                         ? "atomic RMW after it"
                                                           : "atomic RMW before it");
        }
        if (!found.empty())
            out.push_back({"stronger-barrier", found + ": foliocheck runs it as smp_mb(); LKMM orders only the "
                                                       "accesses on the far side of that neighbour"});
    }

    // 5. Where the C++ mapping is weaker than LKMM (a Sometimes may be an outcome LKMM forbids).
    bool any_lock = false;
    std::vector<bool> takes_lock(static_cast<size_t>(ncpu), false);
    for (int cpu = 0; cpu < ncpu; cpu++) {
        const Program& p = s.cpus[static_cast<size_t>(cpu)];
        bool unlocked = false, read_before = false;
        std::string unlock_lock, cumul;
        for (const Insn& in : p.code) {
            if (in.op != Op::prim) continue;
            const PrimInfo& info = prim_info(in.prim);
            if (in.prim == Prim::spin_lock || in.prim == Prim::spin_trylock) {
                any_lock = takes_lock[static_cast<size_t>(cpu)] = true;
                if (unlocked && unlock_lock.empty()) unlock_lock = "P" + std::to_string(cpu);
            }
            if ((in.prim == Prim::spin_unlock ||
                 (info.kind == PrimKind::store && info.ordering == Ordering::release)) &&
                read_before && cumul.empty())
                cumul = "P" + std::to_string(cpu) + " reads, then " + info.name + "()";
            if (in.prim == Prim::spin_unlock) unlocked = true;
            if (info.kind == PrimKind::load && info.ordering == Ordering::unordered) read_before = true;
        }
        if (!unlock_lock.empty())
            out.push_back({"unlock-lock",
                           unlock_lock + " runs spin_unlock() then spin_lock(): LKMM orders the "
                                         "accesses before the unlock with those after the lock for "
                                         "every CPU; a C++ mutex orders nothing within one CPU",
                           false});
        if (!cumul.empty())
            out.push_back({"release-cumulativity",
                           cumul + ": LKMM's release is A-cumulative (stores this CPU has "
                                   "read are ordered before it for every CPU); C++ release "
                                   "orders only this CPU's own accesses",
                           false});
    }
    if (any_lock)
        for (int cpu = 0; cpu < ncpu; cpu++)
            if (!takes_lock[static_cast<size_t>(cpu)]) {
                out.push_back({"lock-outsider",
                               "P" + std::to_string(cpu) +
                                   " takes no lock: LKMM orders critical "
                                   "sections for CPUs outside them too; C++ mutexes order only the "
                                   "CPUs that take them",
                               false});
                break;
            }
    return out;
}

}  // namespace fc::lang
