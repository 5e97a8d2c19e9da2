// model/state_cache.cpp: see state_cache.hpp.
#include "model/state_cache.hpp"

#include "model/out_of_memory.hpp"

#include <cstdlib>
#include <new>

namespace fc {

namespace {

// splitmix64's finaliser (Steele, Lea, Flood 2014): a bijective, well-mixing 64-bit function.
uint64_t mix64(uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

}  // namespace

void* cache_alloc(size_t bytes) {
    void* p = std::malloc(bytes);
    if (!p) out_of_memory(bytes);
    return p;
}
void cache_free(void* p) { std::free(p); }

StateKey component_key(uint32_t kind, uint32_t index, int64_t value) {
    const uint64_t head = (uint64_t(kind) << 56) ^ (uint64_t(index) << 24);
    const uint64_t v = static_cast<uint64_t>(value);
    StateKey k;
    k.a = mix64(mix64(head ^ 0x5851f42d4c957f2dULL) ^ v);
    k.b = mix64(mix64(head ^ 0x14057b7ef767814fULL) + (v * 0x2545f4914f6cdd1dULL));
    return k;
}

void StateCache::reset() {
    m_table.assign(1u << 12, Done{});
    m_count = 0;
    m_path.clear();
    m_replay_limit = 0;
    m_min_done_depth = 0;
    m_cut_min_pre = kNoViolation;
    m_cut_pre = 0;
}

const StateCache::Done* StateCache::find(const StateKey& key) const {
    const size_t mask = m_table.size() - 1;
    for (size_t i = key.a & mask;; i = (i + 1) & mask) {
        const Done& d = m_table[i];
        if (!d.used) return nullptr;
        if (d.key == key) return &d;
    }
}

void StateCache::grow() {
    std::vector<Done, CacheAllocator<Done>> old;
    old.swap(m_table);
    m_table.assign(old.size() * 2, Done{});
    m_count = 0;
    for (const Done& d : old)
        if (d.used) insert(d.key, d.min_pre, d.best_cpu);
}

void StateCache::insert(const StateKey& key, uint16_t min_pre, uint8_t best_cpu) {
    if ((m_count + 1) * 4 > m_table.size() * 3) grow();
    const size_t mask = m_table.size() - 1;
    for (size_t i = key.a & mask;; i = (i + 1) & mask) {
        Done& d = m_table[i];
        if (!d.used) {
            d.used = true;
            d.key = key;
            d.min_pre = min_pre;
            d.best_cpu = best_cpu;
            m_count++;
            return;
        }
        if (d.key == key) {  // cannot happen on an acyclic state graph; keep the better summary
            if (min_pre < d.min_pre) {
                d.min_pre = min_pre;
                d.best_cpu = best_cpu;
            }
            return;
        }
    }
}

bool StateCache::decision(size_t depth, const StateKey& key, unsigned preemptions_so_far) {
    if (depth < m_replay_limit) return false;  // on the path already
    if (const Done* d = find(key)) {
        m_cut_min_pre = d->min_pre;
        m_cut_pre = preemptions_so_far;
        return true;
    }
    m_path.push_back(PathEntry{depth, key, preemptions_so_far, kNoViolation, 0, 0});
    return false;
}

void StateCache::chosen(size_t depth, unsigned cpu) {
    if (!m_path.empty() && m_path.back().depth == depth) m_path.back().chosen = static_cast<uint8_t>(cpu);
}

void StateCache::end_execution(unsigned violation_pre, long advanced) {
    if (violation_pre != kNoViolation) {
        for (PathEntry& e : m_path) {
            const unsigned after = violation_pre >= e.pre ? violation_pre - e.pre : 0;
            const uint16_t v = after >= kNoViolation ? uint16_t(kNoViolation - 1) : static_cast<uint16_t>(after);
            if (v < e.min_pre) {
                e.min_pre = v;
                e.best_cpu = e.chosen;
            }
        }
    }
    while (!m_path.empty() && (advanced < 0 || m_path.back().depth > static_cast<size_t>(advanced))) {
        const PathEntry& e = m_path.back();
        if (e.depth >= m_min_done_depth) insert(e.key, e.min_pre, e.best_cpu);
        m_path.pop_back();
    }
    m_replay_limit = advanced < 0 ? 0 : static_cast<size_t>(advanced) + 1;
    m_cut_min_pre = kNoViolation;
    m_cut_pre = 0;
}

}  // namespace fc
