// model/lkmm/lkmm_model.cpp: the relations of linux-kernel.cat, linux-kernel.bell and
// lock.cat as RelExpr expressions. Each definition names its source: file and `let` name.
// The text is ours; the definitions are the kernel's.
#include "model/lkmm/lkmm_model.hpp"

#include <algorithm>
#include <vector>

#include "model/lkmm/rel_expr.hpp"

namespace fc::lkmm {

namespace {

struct Sets {
    EventSet all, M, R, W, F, IW, marked, plain, acquire, release, r4rmb, not_noreturn, rmw_events, lkw, ul, lkr;
    explicit Sets(const Graph& g) {
        const int n = g.size();
        for (EventSet* s : {&all, &M, &R, &W, &F, &IW, &marked, &plain, &acquire, &release, &r4rmb, &not_noreturn,
                            &rmw_events, &lkw, &ul, &lkr})
            *s = EventSet(n);
        for (int i = 0; i < n; i++) {
            const Event& e = g.ev[static_cast<size_t>(i)];
            all.add(i);
            const bool read = e.type == EvType::read;
            const bool write = e.type == EvType::write || e.type == EvType::init;
            if (read) R.add(i);
            if (write) W.add(i);
            if (read || write) M.add(i);
            if (e.type == EvType::fence) F.add(i);
            if (e.type == EvType::init) IW.add(i);
            // linux-kernel.bell `Marked`: every non-memory event, IW, Once, Release, Acquire,
            // both halves of an RMW and the lock events; `Plain` = M \ Marked.
            if (e.tag == Tag::plain && e.type != EvType::init && e.type != EvType::fence && e.rmw < 0) plain.add(i);
            else marked.add(i);
            // lock.cat: `Acquire = Acquire | LKR`, `Release = Release | UL`.
            if (e.tag == Tag::acquire || e.tag == Tag::lock_read) acquire.add(i);
            if (e.tag == Tag::release || e.tag == Tag::unlock) release.add(i);
            // linux-kernel.cat `R4rmb = R \ Noreturn`.
            if (read && e.tag != Tag::noreturn) r4rmb.add(i);
            if (!(read && e.tag == Tag::noreturn)) not_noreturn.add(i);  // `~Noreturn`
            if (e.atomic) rmw_events.add(i);                             // linux-kernel.bell `RMW`
            if (e.tag == Tag::lock_write) lkw.add(i);
            if (e.tag == Tag::unlock) ul.add(i);
            if (e.tag == Tag::lock_read) lkr.add(i);
        }
    }
};

// Program order (same CPU, earlier position; events of one instruction in their order) and
// the related fixed relations.
struct Fixed {
    Rel po, loc, internal, external, rmw, id;
    explicit Fixed(const Graph& g) {
        const int n = g.size();
        po = loc = internal = external = rmw = id = Rel(n);
        // Each row is a word-wise copy of the events of one CPU or one location (a check of a
        // large execution builds these for thousands of events).
        int ncpus = 0, nlocs = 0;
        for (const Event& e : g.ev) {
            ncpus = std::max(ncpus, e.cpu + 1);
            nlocs = std::max(nlocs, e.loc + 1);
        }
        std::vector<EventSet> of_cpu(static_cast<size_t>(ncpus), EventSet(n));
        std::vector<EventSet> of_loc(static_cast<size_t>(nlocs), EventSet(n));
        for (int a = 0; a < n; a++) {
            const Event& e = g.ev[static_cast<size_t>(a)];
            if (e.cpu >= 0) of_cpu[static_cast<size_t>(e.cpu)].add(a);
            if (e.loc >= 0 && e.type != EvType::fence) of_loc[static_cast<size_t>(e.loc)].add(a);
        }
        const EventSet everyone = EventSet::all(n);
        for (int a = 0; a < n; a++) {
            const Event& ea = g.ev[static_cast<size_t>(a)];
            id.add(a, a);
            if (ea.rmw >= 0 && ea.type == EvType::read) rmw.add(a, ea.rmw);
            // herd7: int relates events of one thread; initial writes belong to none.
            EventSet in(n);
            if (ea.cpu >= 0) {
                in = of_cpu[static_cast<size_t>(ea.cpu)];
                po.set_row(a, in.after(a));  // same CPU, later position
            }
            in.add(a);
            internal.set_row(a, in);
            external.set_row(a, everyone.minus(in));
            if (ea.loc >= 0 && ea.type != EvType::fence) loc.set_row(a, of_loc[static_cast<size_t>(ea.loc)]);
        }
    }
};

// What the plain-access section of linux-kernel.cat builds on, as check() defined it.
struct Relations {
    RelExpr& x;
    const Fixed& f;
    const Sets& s;
    RelExpr::Id po, rf, co, fr, internal, external, Mk, addr, fence, nonrw_fence, strong_fence, cumul_fence,
        rmw_sequence, rfe, hb, pb, rmb_fencerel;
};

Verdict plain_accesses(const Graph& g, const Relations& r, Verdict v);

}  // namespace

Verdict check(const Graph& g, Model m) {
    Verdict v;
    const Sets s(g);
    const Fixed f(g);
    RelExpr x(g);
    const auto po = x.order(f.po);
    const auto rf = x.rf(), co = x.co(), fr = x.fr();
    const auto com = x.uni({rf, co, fr});  // linux-kernel.cat `com`
    auto fail = [&](const char* axiom, RelExpr::Id rel, int e) {
        v.consistent = false;
        v.axiom = axiom;
        x.explain_cycle(rel, e, v.why);
        v.why.normalise();
        return v;
    };
    if (m == Model::sc) {
        const auto sc = x.uni({po, com});
        if (int e = x.cycle(sc); e >= 0) return fail("sc", sc, e);
        return v;
    }
    const EventSet& M = s.M;
    // linux-kernel.cat `coherence`: acyclic po-loc | com.
    const auto poloc = x.fixed([&] {
        Rel r = f.po;
        r &= f.loc;
        return r;
    }());
    const auto coherence = x.uni({poloc, com});
    if (int e = x.cycle(coherence); e >= 0) return fail("coherence", coherence, e);
    const auto internal = x.fixed(f.internal), external = x.fixed(f.external);
    // linux-kernel.cat `atomic`: empty rmw & (fre ; coe). Checked as the cycle rmw ; (fre;coe)^-1
    // would hide its reason; explained directly instead.
    {
        const auto fre = x.inter(fr, external), coe = x.inter(co, external);
        const auto bad = x.inter(x.fixed(f.rmw), x.seq({fre, coe}));
        const Rel& b = x.val(bad);
        for (int a = 0; a < g.size(); a++)
            for (int c : b.successors(a)) {
                v.consistent = false;
                v.axiom = "atomic";
                x.explain(bad, a, c, v.why);
                v.why.normalise();
                return v;
            }
    }
    const auto set = [&](const EventSet& e) { return x.set(e); };
    const auto Mk = set(s.marked);
    // linux-kernel.cat `acq-po = [Acquire] ; po ; [M]`, `po-rel = [M] ; po ; [Release]`.
    const auto acq_po = x.fixed(f.po.restrict(s.acquire, M));
    const auto po_rel = x.fixed(f.po.restrict(M, s.release));
    // linux-kernel.cat `po-unlock-lock-po = po ; [UL] ; (po|rf) ; [LKR] ; po`.
    const auto po_unlock_lock_po = x.seq({po, set(s.ul), x.uni({po, rf}), set(s.lkr), po});
    // linux-kernel.cat `rmb`, `wmb`, `mb` (the RCU/SRCU clauses are empty here). fencerel(F)
    // = po ; [F] ; po, so that a pair's explanation names the fence event it rests on.
    auto fencerel = [&](Fence kind) {
        EventSet fs(g.size());
        for (int i = 0; i < g.size(); i++)
            if (g.ev[static_cast<size_t>(i)].type == EvType::fence && g.ev[static_cast<size_t>(i)].fence == kind)
                fs.add(i);
        return x.seq({po, set(fs), po});
    };
    const auto all = set(s.all), Ms = set(M), Ws = set(s.W), rmw_set = set(s.rmw_events), po_opt = x.opt(po);
    const auto rmb = x.seq({set(s.r4rmb), fencerel(Fence::rmb), set(s.r4rmb)});
    const auto wmb = x.seq({Ws, fencerel(Fence::wmb), Ws});
    EventSet aul(g.size());
    for (int i = 0; i < g.size(); i++)
        if (g.ev[static_cast<size_t>(i)].fence == Fence::after_unlock_lock) aul.add(i);
    const auto mb = x.uni({
        x.seq({Ms, fencerel(Fence::mb), Ms}),
        x.seq({Ms, fencerel(Fence::before_atomic), rmw_set, po_opt, Ms}),
        x.seq({Ms, po_opt, rmw_set, fencerel(Fence::after_atomic), Ms}),
        x.seq({Ms, po_opt, set(s.lkw), fencerel(Fence::after_spinlock), Ms}),
        x.seq({Ms, po_unlock_lock_po, set(aul), po, Ms}),
    });
    (void)all;
    const auto strong_fence = mb;  // `strong-fence = mb | gp`, gp empty without RCU
    const auto nonrw_fence = x.uni({strong_fence, po_rel, acq_po});
    const auto fence = x.uni({nonrw_fence, wmb, rmb});
    // linux-kernel.bell: `carry-dep = (data ; rfi)*`, and addr, ctrl, data redefined through it.
    const auto rfi = x.inter(rf, internal), rfe = x.inter(rf, external);
    const auto data0 = x.fixed(g.data, true), addr0 = x.fixed(g.addr, true), ctrl0 = x.fixed(g.ctrl, true);
    const auto carry_dep = x.star(x.seq({data0, rfi}));
    const auto addr = x.seq({carry_dep, addr0}), data = x.seq({carry_dep, data0}), ctrl = x.seq({carry_dep, ctrl0});
    // linux-kernel.cat: dep, rwdep, overwrite, to-w, to-r, ppo.
    const auto dep = x.uni({addr, data});
    const auto rwdep = x.seq({x.uni({dep, ctrl}), set(s.W)});
    const auto overwrite = x.uni({co, fr});
    const auto to_w = x.uni({rwdep, x.inter(overwrite, internal), x.seq({addr, set(s.plain), wmb})});
    const auto to_r = x.uni({addr, x.seq({dep, Mk, rfi})});
    const auto ppo = x.uni({to_r, to_w, fence, x.inter(po_unlock_lock_po, internal)});
    // `A-cumul(r) = (rfe ; [Marked])? ; r`, `rmw-sequence = (rf ; rmw)*`.
    const auto a_cumul = x.seq({x.opt(x.seq({rfe, Mk})), x.uni({strong_fence, po_rel})});
    const auto rmw_sequence = x.star(x.seq({rf, x.fixed(f.rmw)}));
    const auto cumul_fence = x.seq({Mk, x.uni({a_cumul, wmb, po_unlock_lock_po}), Mk, rmw_sequence});
    // `prop = [Marked] ; (overwrite & ext)? ; cumul-fence* ; [Marked] ; rfe? ; [Marked]`
    const auto prop = x.seq({Mk, x.opt(x.inter(overwrite, external)), x.star(cumul_fence), Mk, x.opt(rfe), Mk});
    // `hb = [Marked] ; (ppo | rfe | ((prop \ id) & int)) ; [Marked]`
    const auto hb = x.seq({Mk, x.uni({ppo, rfe, x.inter(x.minus_fixed(prop, x.fixed(f.id)), internal)}), Mk});
    if (int e = x.cycle(hb); e >= 0) return fail("happens-before", hb, e);
    // `pb = prop ; strong-fence ; hb* ; [Marked]`
    const auto pb = x.seq({prop, strong_fence, x.star(hb), Mk});
    if (int e = x.cycle(pb); e >= 0) return fail("propagation", pb, e);
    // linux-kernel.cat, "Plain accesses and data races". pre-race and mixed-accesses need a
    // Plain event; without one the axiom holds and both flags are empty.
    if (s.plain.empty()) return v;
    const Relations r{x,           f,
                      s,           po,
                      rf,          co,
                      fr,          internal,
                      external,    Mk,
                      addr,        fence,
                      nonrw_fence, strong_fence,
                      cumul_fence, rmw_sequence,
                      rfe,         hb,
                      pb,          fencerel(Fence::rmb)};
    return plain_accesses(g, r, v);
}

}  // namespace fc::lkmm

namespace fc::lkmm {

namespace {

// linux-kernel.cat (02bae7a24257), "Plain accesses and data races": the plain-coherence axiom
// and the data-race and mixed-accesses flags, on a graph that passed every other axiom. The
// RCU relation rb is empty here (RCU is refused before the engine), so xbstar = (hb | pb)*.
Verdict plain_accesses(const Graph& g, const Relations& r, Verdict v) {
    RelExpr& x = r.x;
    const Sets& s = r.s;
    const int n = g.size();
    const auto set = [&](const EventSet& e) { return x.set(e); };
    // `xbstar = (hb | pb | rb)*`
    const auto xbstar = x.star(x.uni({r.hb, r.pb}));
    // `vis = cumul-fence* ; rfe? ; [Marked] ; ((strong-fence ; [Marked] ; xbstar) | (xbstar & int))`
    const auto vis = x.seq({x.star(r.cumul_fence), x.opt(r.rfe), r.Mk,
                            x.uni({x.seq({r.strong_fence, r.Mk, xbstar}), x.inter(xbstar, r.internal)})});
    // `w-pre-bounded = [Marked] ; (addr | fence)?`
    const auto w_pre_bounded = x.seq({r.Mk, x.opt(x.uni({r.addr, r.fence}))});
    // `r-pre-bounded = [Marked] ; (addr | nonrw-fence | ([R4rmb] ; fencerel(Rmb) ; [~Noreturn]))?`
    const auto r_pre_bounded = x.seq(
        {r.Mk, x.opt(x.uni({r.addr, r.nonrw_fence, x.seq({set(s.r4rmb), r.rmb_fencerel, set(s.not_noreturn)})}))});
    // `w-post-bounded = fence? ; [Marked] ; rmw-sequence`
    const auto w_post_bounded = x.seq({x.opt(r.fence), r.Mk, r.rmw_sequence});
    // `r-post-bounded = (nonrw-fence | ([~Noreturn] ; fencerel(Rmb) ; [R4rmb]))? ; [Marked]`
    const auto r_post_bounded =
        x.seq({x.opt(x.uni({r.nonrw_fence, x.seq({set(s.not_noreturn), r.rmb_fencerel, set(s.r4rmb)})})), r.Mk});
    // `ww-vis`, `wr-vis`, `rw-xbstar`
    const auto ww_vis =
        x.uni({r.fence, x.seq({r.strong_fence, xbstar, w_pre_bounded}), x.seq({w_post_bounded, vis, w_pre_bounded})});
    const auto wr_vis =
        x.uni({r.fence, x.seq({r.strong_fence, xbstar, r_pre_bounded}), x.seq({w_post_bounded, vis, r_pre_bounded})});
    const auto rw_xbstar = x.uni({r.fence, x.seq({r_post_bounded, xbstar, w_pre_bounded})});
    // `pre-race = ext & ((Plain * M) | ((M \ IW) * Plain))`: fixed by the events.
    Rel pre_race(n);
    for (int a = 0; a < n; a++)
        for (int b = 0; b < n; b++) {
            if (!r.f.external.has(a, b) || !s.M.has(a) || !s.M.has(b)) continue;
            if (s.plain.has(a) || (!s.IW.has(a) && s.plain.has(b))) pre_race.add(a, b);
        }
    // `empty (wr-incoh | rw-incoh | ww-incoh) as plain-coherence`, with
    // `wr-incoh = pre-race & rf & rw-xbstar^-1`, `rw-incoh = pre-race & fr & wr-vis^-1`,
    // `ww-incoh = pre-race & co & ww-vis^-1`. A pair of one is the edge and the path back, so
    // its reasons are both explanations (monotone, like a cycle's).
    for (auto [edge, back] : {std::pair{r.rf, rw_xbstar}, std::pair{r.fr, wr_vis}, std::pair{r.co, ww_vis}}) {
        const Rel& e = x.val(edge);
        const Rel& b = x.val(back);
        for (int a = 0; a < n; a++)
            for (int c : e.successors(a)) {
                if (!pre_race.has(a, c) || !b.has(c, a)) continue;
                v.consistent = false;
                v.axiom = "plain-coherence";
                x.explain(edge, a, c, v.why);
                x.explain(back, c, a, v.why);
                v.why.normalise();
                return v;
            }
    }
    // The flags: set differences, so evaluated on this execution's values only.
    const Rel& rf = x.val(r.rf);
    const Rel& co = x.val(r.co);
    const Rel& fr = x.val(r.fr);
    const Rel& wwv = x.val(ww_vis);
    const Rel& wrv = x.val(wr_vis);
    const Rel& rwx = x.val(rw_xbstar);
    const Rel rwx_inv = rwx.inverse();
    // `ww-nonrace = ww-vis & ((Marked * W) | rw-xbstar) & ((W * Marked) | wr-vis)`
    Rel ww_nonrace = wwv;
    {
        Rel left = Rel::cross(s.marked, s.W);
        left |= rwx;
        Rel right = Rel::cross(s.W, s.marked);
        right |= wrv;
        ww_nonrace &= left;
        ww_nonrace &= right;
    }
    // `ww-race = (pre-race & co) \ ww-nonrace`
    Rel ww_race = pre_race;
    ww_race &= co;
    ww_race = ww_race.minus(ww_nonrace);
    // `wr-race = (pre-race & (co? ; rf)) \ wr-vis \ rw-xbstar^-1`
    Rel wr_race = pre_race;
    wr_race &= co.opt().seq(rf);
    wr_race = wr_race.minus(wrv).minus(rwx_inv);
    // `rw-race = (pre-race & fr) \ rw-xbstar`
    Rel rw_race = pre_race;
    rw_race &= fr;
    rw_race = rw_race.minus(rwx);
    v.data_race = !ww_race.empty() || !wr_race.empty() || !rw_race.empty();
    // `barrier = fencerel(Barrier | Rmb | Wmb | Mb | Sync-rcu | Sync-srcu | Before-atomic |
    // After-atomic | Acquire | Release | Rcu-lock | ...) | (po ; [Release]) | ([Acquire] ; po)`,
    // with lock.cat's Acquire (LKR) and Release (UL).
    EventSet bar(n);
    for (int i = 0; i < n; i++) {
        const Event& e = g.ev[static_cast<size_t>(i)];
        const bool fence = e.type == EvType::fence &&
                           (e.fence == Fence::barrier || e.fence == Fence::rmb || e.fence == Fence::wmb ||
                            e.fence == Fence::mb || e.fence == Fence::before_atomic || e.fence == Fence::after_atomic);
        if (fence || s.acquire.has(i) || s.release.has(i)) bar.add(i);
    }
    Rel barrier = r.f.po.seq(Rel::identity(bar)).seq(r.f.po);
    barrier |= r.f.po.restrict(s.all, s.release);
    barrier |= r.f.po.restrict(s.acquire, s.all);
    // `mixed-accesses = ([Plain & W] ; (po-loc \ barrier) ; [Marked]) |
    //                   ([Marked] ; (po-loc \ barrier) ; [Plain & W])`
    Rel poloc = r.f.po;
    poloc &= r.f.loc;
    poloc = poloc.minus(barrier);
    EventSet plain_w(n);
    for (int i = 0; i < n; i++)
        if (s.plain.has(i) && s.W.has(i)) plain_w.add(i);
    v.mixed_accesses = !poloc.restrict(plain_w, s.marked).empty() || !poloc.restrict(s.marked, plain_w).empty();
    return v;
}

}  // namespace

}  // namespace fc::lkmm
