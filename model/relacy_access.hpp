// model/relacy_access.hpp: Relacy's scheduler state of the running execution, as text.
// Included only by model/relacy_engine.cpp, after model/relacy.hpp.
//
// Replay needs the state of an execution *while it runs* (in the suite's after()), which
// Relacy keeps in private members of context_impl. An explicit instantiation may name private
// members ([temp.explicit]): the templates below hand us pointers to them. Read-only use.
#pragma once

namespace fc::rlx {

template <unsigned N>
struct Suite;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-template-friend"
template <typename Tag, typename Tag::type Member>
struct Rob {
    friend typename Tag::type member(Tag) { return Member; }
};
template <typename Ctx, typename Sched>
struct SchedTag {
    using type = Sched Ctx::*;
    friend type member(SchedTag);
};
template <typename Ctx>
struct IterTag {
    using type = rl::iteration_t Ctx::*;
    friend type member(IterTag);
};
#pragma GCC diagnostic pop
#define FC_ROB_CONTEXT(N, SCHED)                                                  \
    template struct Rob<SchedTag<rl::context_impl<Suite<N>, SCHED<N>>, SCHED<N>>, \
                        &rl::context_impl<Suite<N>, SCHED<N>>::sched_>;           \
    template struct Rob<IterTag<rl::context_impl<Suite<N>, SCHED<N>>>,            \
                        &rl::context_impl<Suite<N>, SCHED<N>>::current_iter_>;

// "<iteration> <scheduler state>": what rl::test_params::initial_state accepts. Writes "" when
// the state does not fit in `cap` bytes.
template <unsigned N, template <rl::thread_id_t> class Sched>
void capture_state_of(char* out, size_t cap) {
    using Ctx = rl::context_impl<Suite<N>, Sched<N>>;
    Ctx& c = (Ctx&)rl::ctx();  // C-style cast: the base class is private (context_impl : base)
    rl::ostringstream ss;
    ss << c.*member(IterTag<Ctx>()) << " ";
    (c.*member(SchedTag<Ctx, Sched<N>>())).get_state(ss);
    const rl::string str = ss.str();
    if (str.size() + 1 > cap) {
        out[0] = '\0';
        return;
    }
    std::memcpy(out, str.c_str(), str.size() + 1);
}

}  // namespace fc::rlx
