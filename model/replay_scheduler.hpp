// model/replay_scheduler.hpp: Relacy's tree schedulers (full search, context bound) for
// REPLAY, with every schedule entry checked against the choice Relacy actually asks for.
// Included by model/relacy_engine.cpp only (through relacy_suite.hpp), after model/relacy.hpp.
//
// Relacy's state string is "<iteration> <n> (<count> <index> <type>){n}" (get_state_impl in
// relacy/full_search_scheduler.hpp): one node per choice the execution made, in order: which
// running CPU goes next (type sched_type_sched, count = running threads), or an atomic
// load's / CAS's / allocator's choice (other types, count 2 or 4). On replay Relacy's own
// rand_impl trusts the nodes: it returns node.index_ without comparing count or type (those
// are RL_VERIFYs, compiled out), and iteration_begin_impl/schedule_impl use that index into
// the running-thread list. A node whose count is not the real one, whose index is out of
// range, whose type differs, a schedule that runs out early or has nodes left over: each
// makes Relacy read past its buffers or run a different execution than the token names.
//
// These schedulers are the same classes with rand_impl checked: on the first entry that does
// not match what Relacy asks for (limit and type), or when the schedule runs out, they record
// the mismatch and answer 0 from then on (always in range, so the execution finishes safely);
// the engine then refuses the replay instead of reporting on it. A schedule with entries left
// over when the execution ends is a mismatch too (checked by the engine in after()).
#pragma once

#include <cstddef>

namespace fc {

struct ReplayCheck {
    bool mismatch = false;
    const char* why = "";
    size_t consumed = 0;  // schedule entries used so far in the replayed execution
    size_t entries = 0;   // schedule entries the token holds
};
inline ReplayCheck g_replay_check;

template <typename Derived, typename ThreadInfo, rl::thread_id_t N>
class checked_tree_scheduler : public rl::tree_search_scheduler<Derived, ThreadInfo, N> {
public:
    using base_t = rl::tree_search_scheduler<Derived, ThreadInfo, N>;
    using typename base_t::shared_context_t;

    checked_tree_scheduler(rl::test_params& params, shared_context_t& ctx, rl::thread_id_t dynamic_thread_count)
        : base_t(params, ctx, dynamic_thread_count) {}

    // The base class calls its own rand_impl here (not through Derived): checked copy.
    rl::thread_id_t iteration_begin_impl() {
        this->stree_depth_ = 0;
        const unsigned index = rand_impl(this->running_threads_count, rl::sched_type_sched);
        return this->running_threads[index];
    }

    unsigned rand_impl(unsigned limit, rl::sched_type t) {
        ReplayCheck& c = g_replay_check;
        c.entries = this->stree_.size();
        if (c.mismatch) return 0;
        if (this->stree_depth_ >= this->stree_.size()) return fail("the schedule ends before the execution does");
        const typename base_t::stree_node& n = this->stree_[this->stree_depth_];
        if (n.type_ != t) return fail("a schedule entry names a different kind of choice");
        if (n.count_ != limit) return fail("a schedule entry's choice count is not the execution's");
        if (n.index_ >= n.count_) return fail("a schedule entry's choice is out of range");
        this->stree_depth_ += 1;
        c.consumed = this->stree_depth_;
        return n.index_;
    }

private:
    unsigned fail(const char* why) {
        g_replay_check.mismatch = true;
        g_replay_check.why = why;
        return 0;
    }
};

template <rl::thread_id_t N>
class replay_full_scheduler
    : public checked_tree_scheduler<replay_full_scheduler<N>, rl::tree_search_scheduler_thread_info<N>, N> {
public:
    using base_t = checked_tree_scheduler<replay_full_scheduler<N>, rl::tree_search_scheduler_thread_info<N>, N>;
    using typename base_t::shared_context_t;
    using typename base_t::thread_info_t;

    replay_full_scheduler(rl::test_params& params, shared_context_t& ctx, rl::thread_id_t dynamic_thread_count)
        : base_t(params, ctx, dynamic_thread_count) {}

    // As rl::full_search_scheduler.
    bool can_switch(thread_info_t&) { return true; }
    void on_switch(thread_info_t&) {}
    double iteration_count_approx() { return 1.0; }
};

template <rl::thread_id_t N>
class replay_bound_scheduler
    : public checked_tree_scheduler<replay_bound_scheduler<N>, rl::context_bound_scheduler_thread_info<N>, N> {
public:
    using base_t = checked_tree_scheduler<replay_bound_scheduler<N>, rl::context_bound_scheduler_thread_info<N>, N>;
    using typename base_t::shared_context_t;
    using typename base_t::thread_info_t;

    replay_bound_scheduler(rl::test_params& params, shared_context_t& ctx, rl::thread_id_t dynamic_thread_count)
        : base_t(params, ctx, dynamic_thread_count) {}

    // As rl::context_bound_scheduler: a preemption only while the bound allows one. A token
    // whose schedule preempts more often than its bound runs out of matching entries.
    rl::thread_id_t iteration_begin_impl() {
        switches_remain_ = this->params_.context_bound;
        return base_t::iteration_begin_impl();
    }
    bool can_switch(thread_info_t& t) {
        t.sched_count_ += 1;
        return switches_remain_ != 0;
    }
    void on_switch(thread_info_t& t) {
        if (t.state_ == rl::thread_state_running) switches_remain_ -= 1;
        else t.forced_context_switch_count_ += 1;
    }
    double iteration_count_approx() { return 1.0; }

private:
    unsigned switches_remain_ = 0;
};

}  // namespace fc
