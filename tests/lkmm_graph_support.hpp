// tests/lkmm_graph_support.hpp: hand-built execution graphs for the exact LKMM check.
#pragma once

#include "model/lkmm/graph.hpp"

namespace fc::lkmm::test {

// Events are appended per CPU in program order; initial writes first (one per location).
struct GraphBuilder {
    Graph g;
    std::vector<int> pc;  // next pc per CPU
    explicit GraphBuilder(int nlocs, int ncpus) : pc(static_cast<size_t>(ncpus), 0) {
        g.nlocs = nlocs;
        g.co.resize(static_cast<size_t>(nlocs));
        for (int l = 0; l < nlocs; l++) {
            Event e;
            e.type = EvType::init;
            e.loc = l;
            g.co[static_cast<size_t>(l)].push_back(g.add(e));
        }
    }
    int next_pc(int cpu) { return pc[static_cast<size_t>(cpu)]++; }
    int write(int cpu, int loc, int value, Tag tag = Tag::once) {
        Event e;
        e.type = EvType::write;
        e.cpu = cpu;
        e.pc = next_pc(cpu);
        e.loc = loc;
        e.value = value;
        e.tag = tag;
        const int i = g.add(e);
        g.co[static_cast<size_t>(loc)].push_back(i);  // co: program order of building; reorder with set_co
        return i;
    }
    int read(int cpu, int loc, int from, Tag tag = Tag::once) {
        Event e;
        e.type = EvType::read;
        e.cpu = cpu;
        e.pc = next_pc(cpu);
        e.loc = loc;
        e.tag = tag;
        e.value = g.ev[static_cast<size_t>(from)].value;
        const int i = g.add(e);
        g.rf[static_cast<size_t>(i)] = from;
        return i;
    }
    // An RMW: read from `from`, then write `value` (one instruction).
    std::pair<int, int> rmw(int cpu, int loc, int from, int value, Tag rtag = Tag::once, Tag wtag = Tag::once) {
        const int r = read(cpu, loc, from, rtag);
        Event e;
        e.type = EvType::write;
        e.cpu = cpu;
        e.pc = g.ev[static_cast<size_t>(r)].pc;
        e.loc = loc;
        e.value = value;
        e.tag = wtag;
        e.rmw = r;
        e.atomic = true;
        const int w = g.add(e);
        g.ev[static_cast<size_t>(r)].rmw = w;
        g.ev[static_cast<size_t>(r)].atomic = true;
        g.co[static_cast<size_t>(loc)].push_back(w);
        return {r, w};
    }
    int fence(int cpu, Fence f) {
        Event e;
        e.type = EvType::fence;
        e.cpu = cpu;
        e.pc = next_pc(cpu);
        e.fence = f;
        return g.add(e);
    }
    void set_co(int loc, std::vector<int> order) { g.co[static_cast<size_t>(loc)] = std::move(order); }
    Graph& done() {
        if (g.data.size() != g.size()) g.resize_deps();
        return g;
    }
    void data(int r, int w) {
        if (g.data.size() != g.size()) g.resize_deps();
        g.data.add(r, w);
    }
    void ctrl(int r, int w) {
        if (g.data.size() != g.size()) g.resize_deps();
        g.ctrl.add(r, w);
    }
};

}  // namespace fc::lkmm::test
