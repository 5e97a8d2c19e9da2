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

void Witness::normalise() {
    auto uniq = [](auto& v) {
        std::sort(v.begin(), v.end());
        v.erase(std::unique(v.begin(), v.end()), v.end());
    };
    uniq(events);
    uniq(rf);
    uniq(co);
    uniq(segments);
}

}  // namespace fc::lkmm
