// model/lkmm/refine.cpp: generalised clauses (see refine.hpp).
#include "model/lkmm/refine.hpp"

#include <algorithm>

namespace fc::lkmm {

namespace {

// Maps a witness of a slice back to the candidate's event numbers.
Witness unslice(const Witness& s, const std::vector<int>& keep) {
    auto at = [&](int i) { return keep[static_cast<size_t>(i)]; };
    Witness w;
    for (int e : s.events) w.events.push_back(at(e));
    for (auto [a, b] : s.rf) w.rf.emplace_back(at(a), at(b));
    for (auto [a, b] : s.co) w.co.emplace_back(at(a), at(b));
    for (auto [a, b] : s.fr) w.fr.emplace_back(at(a), at(b));
    w.segments = s.segments;  // (cpu, pc, pc): not event numbers
    w.normalise();
    return w;
}

}  // namespace

std::vector<Witness> generalise(const Graph& g, const Witness& w, Model m, bool (*stop)(const void*),
                                const void* stop_ctx) {
    std::vector<Witness> out;
    for (auto [src, read] : w.rf) {
        const Event& r = g.ev[static_cast<size_t>(read)];
        // The read's CPU's last write of the location before it. Coherence (linux-kernel.cat
        // `coherence`: CoWR, CoWW) keeps the read from reading anything co-before that write:
        // the initial value or an earlier write of the same CPU. The encoding states that
        // eagerly (encode_memory.cpp), so no candidate reads those and a clause for them
        // removes nothing; a chain of RMWs on one CPU made one such slice per earlier write for
        // each of its edges (four thousand per refinement at 64 iterations, measured).
        int own_pc = -1;
        for (int e = 0; e < g.size(); e++) {
            const Event& o = g.ev[static_cast<size_t>(e)];
            if (o.type == EvType::write && o.loc == r.loc && o.cpu == r.cpu && o.pc < r.pc)
                own_pc = std::max(own_pc, o.pc);
        }
        for (int alt = 0; alt < g.size(); alt++) {
            const Event& a = g.ev[static_cast<size_t>(alt)];
            if (alt == src || a.loc != r.loc || (a.type != EvType::write && a.type != EvType::init)) continue;
            if (a.cpu == r.cpu && a.pc >= r.pc) continue;  // never a candidate source
            if (own_pc >= 0 && (a.type == EvType::init || (a.cpu == r.cpu && a.pc < own_pc))) continue;
            if (stop && stop(stop_ctx)) return out;
            std::vector<int> keep = w.events;
            keep.push_back(alt);
            std::sort(keep.begin(), keep.end());
            keep.erase(std::unique(keep.begin(), keep.end()), keep.end());
            const Graph h = slice(g, keep, w, read, alt);
            const Verdict v = check(h, m);
            if (v.consistent || !v.unsupported.empty()) continue;
            out.push_back(unslice(v.why, keep));
        }
    }
    return out;
}

}  // namespace fc::lkmm
