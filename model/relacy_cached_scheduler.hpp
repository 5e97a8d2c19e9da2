// model/relacy_cached_scheduler.hpp: Relacy's full-search scheduler with state caching,
// splitting and guided executions (docs/performance.md, "State caching" and "Splitting one
// search"). Included only by model/relacy_engine.cpp (through relacy_suite.hpp), after model/relacy.hpp.
//
// It is rl::full_search_scheduler (the odometer over the decision tree) with four hooks:
//  - at every thread-scheduling decision the engine is asked for the state's key; a state
//    whose subtree is done cuts the execution: from then on every decision is forced (no tree
//    node), the engine lets every CPU stop, and the execution is not judged;
//  - at the end of an execution the engine learns which node the odometer advances next, so
//    the states below it can be entered into the done set;
//  - split: the subtrees below the first `split_depth` decisions are numbered in the order
//    the search meets them; a part explores only the subtrees it owns and cuts the others
//    at split_depth;
//  - guided: decisions are taken from the engine (the best counterexample's path).
// With no hook set it behaves exactly as rl::full_search_scheduler.
#pragma once

namespace fc {

struct CachedSchedulerHooks {
    // A thread-scheduling decision at tree depth `depth`: true = cut the execution here.
    bool (*decision)(size_t depth) = nullptr;
    // The thread the decision at `depth` picked.
    void (*chosen)(size_t depth, unsigned thread) = nullptr;
    // Guided mode: the thread to pick at a decision at `depth` (-1: the first running one).
    int (*guide)(size_t depth) = nullptr;
    size_t guide_from = 0;  // decisions at depth >= guide_from are guided
    // End of an execution; `advanced` = depth of the node advanced next, -1 = search over.
    void (*end)(long advanced) = nullptr;
    // Split: own(part_number) says whether this part explores that subtree.
    bool (*own)(uint64_t subtree) = nullptr;
    size_t split_depth = 0;

    // Set by the scheduler, read by the engine.
    bool cut = false;      // the current execution was cut (done state or foreign subtree)
    bool foreign = false;  // the current execution lies in a subtree another part owns
    uint64_t subtree = 0;  // number of the current split subtree
    size_t depth = 0;      // current tree depth
};

inline CachedSchedulerHooks g_sched_hooks;

template <rl::thread_id_t thread_count>
class cached_search_scheduler
    : public rl::tree_search_scheduler<cached_search_scheduler<thread_count>,
                                       rl::tree_search_scheduler_thread_info<thread_count>, thread_count> {
public:
    using base_t = rl::tree_search_scheduler<cached_search_scheduler<thread_count>,
                                             rl::tree_search_scheduler_thread_info<thread_count>, thread_count>;
    using thread_info_t = typename base_t::thread_info_t;
    using shared_context_t = typename base_t::shared_context_t;

    cached_search_scheduler(rl::test_params& params, shared_context_t& ctx, rl::thread_id_t dynamic_thread_count)
        : base_t(params, ctx, dynamic_thread_count) {}

    bool can_switch(thread_info_t&) { return true; }
    void on_switch(thread_info_t&) {}
    double iteration_count_approx() {
        double total = 1;
        for (size_t i = 0; i != this->stree_.size(); ++i) total *= this->stree_[i].count_;
        return total;
    }

    rl::thread_id_t iteration_begin_impl() {
        CachedSchedulerHooks& h = g_sched_hooks;
        h.cut = false;
        h.foreign = h.split_depth > 0 && h.own && !h.own(h.subtree);
        this->stree_depth_ = 0;
        const unsigned index = rand_impl(this->running_threads_count, rl::sched_type_sched);
        return this->running_threads[index];
    }

    unsigned rand_impl(unsigned limit, rl::sched_type t) {
        CachedSchedulerHooks& h = g_sched_hooks;
        const size_t depth = this->stree_depth_;
        h.depth = depth;
        if (h.cut) return forced(limit, t);
        const bool fresh = depth == this->stree_.size();
        if (fresh && h.foreign && depth >= h.split_depth) {
            h.cut = true;
            return forced(limit, t);
        }
        const bool sched = t == rl::sched_type_sched;
        if (sched && fresh && depth > 0 && h.decision && h.decision(depth)) {
            h.cut = true;
            return forced(limit, t);
        }
        if (sched && fresh && h.guide && depth >= h.guide_from) {
            const int want = h.guide(depth);
            unsigned index = 0;
            for (unsigned i = 0; i < limit; i++)
                if (want >= 0 && this->running_threads[i] == static_cast<rl::thread_id_t>(want)) index = i;
            typename base_t::stree_node n = {limit, index, t, 0};
            this->stree_.push_back(n);
            this->stree_depth_ += 1;
            return index;
        }
        const unsigned r = base_t::rand_impl(limit, t);
        if (sched && h.chosen) h.chosen(depth, this->running_threads[r]);
        return r;
    }

    bool iteration_end_impl() {
        CachedSchedulerHooks& h = g_sched_hooks;
        long advanced = -1;
        for (size_t i = this->stree_.size(); i != 0; --i) {
            const typename base_t::stree_node& n = this->stree_[i - 1];
            if (n.index_ != n.count_ - 1) {
                advanced = static_cast<long>(i - 1);
                break;
            }
        }
        if (h.end) h.end(advanced);
        if (advanced < 0) return true;
        if (h.split_depth > 0 && static_cast<size_t>(advanced) < h.split_depth) h.subtree++;
        this->stree_.resize(static_cast<size_t>(advanced) + 1);
        this->stree_[static_cast<size_t>(advanced)].index_ += 1;
        return false;
    }

private:
    // A decision after a cut: no tree node (it is never revisited), the first choice.
    unsigned forced(unsigned limit, rl::sched_type) {
        (void)limit;
        return 0;
    }
};

}  // namespace fc
