// model/lkmm/graph.cpp: graph builders and printing.
#include "model/lkmm/graph.hpp"

#include <algorithm>

namespace fc::lkmm {

int Graph::add(const Event& e) {
    ev.push_back(e);
    rf.push_back(-1);
    return static_cast<int>(ev.size()) - 1;
}

namespace {
const char* tag_name(Tag t) {
    switch (t) {
    case Tag::once: return "once";
    case Tag::acquire: return "acquire";
    case Tag::release: return "release";
    case Tag::noreturn: return "noreturn";
    case Tag::lock_read: return "LKR";
    case Tag::lock_write: return "LKW";
    case Tag::unlock: return "UL";
    case Tag::lock_fail: return "LF";
    case Tag::plain: return "plain";
    }
    return "?";
}
const char* fence_name(Fence f) {
    switch (f) {
    case Fence::none: return "none";
    case Fence::mb: return "mb";
    case Fence::rmb: return "rmb";
    case Fence::wmb: return "wmb";
    case Fence::before_atomic: return "before-atomic";
    case Fence::after_atomic: return "after-atomic";
    case Fence::after_spinlock: return "after-spinlock";
    case Fence::after_unlock_lock: return "after-unlock-lock";
    case Fence::barrier: return "barrier";
    }
    return "?";
}
}  // namespace

std::string Graph::describe(int i) const {
    const Event& e = ev[static_cast<size_t>(i)];
    std::string s = e.cpu < 0 ? std::string("init:") : "P" + std::to_string(e.cpu) + ":";
    switch (e.type) {
    case EvType::init: return s + "W loc" + std::to_string(e.loc) + "=" + std::to_string(e.value);
    case EvType::fence: return s + "F[" + fence_name(e.fence) + "]";
    case EvType::read: s += "R"; break;
    case EvType::write: s += "W"; break;
    }
    return s + "[" + tag_name(e.tag) + "] loc" + std::to_string(e.loc) + "=" + std::to_string(e.value);
}

Graph slice(const Graph& g, const std::vector<int>& keep, const Witness& w, int read, int source) {
    Graph out;
    out.partial = true;
    out.nlocs = g.nlocs;
    out.co.assign(static_cast<size_t>(g.nlocs), {});
    std::vector<int> at(static_cast<size_t>(g.size()), -1);
    for (int e : keep) {
        at[static_cast<size_t>(e)] = out.add(g.ev[static_cast<size_t>(e)]);
    }
    for (Event& e : out.ev) e.rmw = e.rmw >= 0 ? at[static_cast<size_t>(e.rmw)] : -1;
    const int n = out.size();
    out.resize_deps();
    out.co_edges = out.fr_edges = Rel(n);
    for (size_t i = 0; i < keep.size(); i++)
        for (size_t j = 0; j < keep.size(); j++) {
            if (g.addr.has(keep[i], keep[j])) out.addr.add(static_cast<int>(i), static_cast<int>(j));
            if (g.data.has(keep[i], keep[j])) out.data.add(static_cast<int>(i), static_cast<int>(j));
            if (g.ctrl.has(keep[i], keep[j])) out.ctrl.add(static_cast<int>(i), static_cast<int>(j));
        }
    for (auto [a, b] : w.rf)
        if (b != read && at[static_cast<size_t>(a)] >= 0 && at[static_cast<size_t>(b)] >= 0)
            out.rf[static_cast<size_t>(at[static_cast<size_t>(b)])] = at[static_cast<size_t>(a)];
    if (read >= 0 && at[static_cast<size_t>(read)] >= 0 && at[static_cast<size_t>(source)] >= 0)
        out.rf[static_cast<size_t>(at[static_cast<size_t>(read)])] = at[static_cast<size_t>(source)];
    for (auto [a, b] : w.co)
        if (at[static_cast<size_t>(a)] >= 0 && at[static_cast<size_t>(b)] >= 0)
            out.co_edges.add(at[static_cast<size_t>(a)], at[static_cast<size_t>(b)]);
    for (auto [a, b] : w.fr)
        if (at[static_cast<size_t>(a)] >= 0 && at[static_cast<size_t>(b)] >= 0)
            out.fr_edges.add(at[static_cast<size_t>(a)], at[static_cast<size_t>(b)]);
    // co is transitive in every candidate: close the given pairs.
    out.co_edges = out.co_edges.plus();
    return out;
}

void Witness::normalise() {
    auto uniq = [](auto& v) {
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
    };
    uniq(events);
    uniq(rf);
    uniq(co);
    uniq(fr);
    uniq(segments);
}

}  // namespace fc::lkmm
