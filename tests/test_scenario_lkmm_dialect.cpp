// tests/test_scenario_lkmm_dialect.cpp: what herd7 reads in LKMM litmus tests and the
// scenario language reads too: herd7's information lines after the test name, intptr_t
// registers with initialisers and casts, plain accesses marked for LKMM's data-race flag,
// smp_mb__after_unlock_lock() and barrier(), up to 8 CPUs (refused in one line by Relacy),
// RCU refused in one line.
#include <doctest/doctest.h>

#include "scenario_support.hpp"

using namespace fc;
using namespace fc::test;

namespace {

const char* const kMp = R"(
{}

P0(int *x, int *y)
{
	WRITE_ONCE(*x, 1);
	smp_wmb();
	WRITE_ONCE(*y, 1);
}

P1(int *x, int *y)
{
	int r0;
	int r1;

	r0 = READ_ONCE(*y);
	smp_rmb();
	r1 = READ_ONCE(*x);
}

exists (1:r0=1 /\ 1:r1=0)
)";

std::unique_ptr<LoadedLitmus> load_text(const std::string& text, const std::string& stem) {
    const std::string path = fc::test::temp_file(stem);
    {
        std::ofstream f(path);
        f << text;
    }
    LitmusRequest r;
    r.file = path;
    r.memory = Memory::c11;
    auto l = load_litmus(r);
    std::remove(path.c_str());
    return l;
}

std::string refusal(const std::string& text) {
    const std::string path = fc::test::temp_file("fc-dialect-refusal");
    {
        std::ofstream f(path);
        f << text;
    }
    const CliResult r = run_cli("litmus " + path);
    std::remove(path.c_str());
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find('\n') == r.err.size() - 1);  // one line
    return r.err;
}

}  // namespace

TEST_CASE("herd7's information lines after the test name are read and do not change the answer") {
    const std::string plain = std::string("C MP+wmb+rmb\n") + kMp;
    const std::string diy = std::string("C MP+wmb+rmb\n\"Fencewmbdww Rfe Fencermbdrr Fre\"\n") +
                            "Cycle=Rfe Fencermbdrr Fre Fencewmbdww\nRelax=\nSafe=Rfe Fre Fencewmbdww Fencermbdrr\n"
                            "Generator=diy7 (version 7.57)\nPrefetch=0:x=F,0:y=W,1:y=F,1:x=T\nCom=Rf Fr\n"
                            "Orig=Fencewmbdww Rfe Fencermbdrr Fre\nHash=0123456789abcdef\n" +
                            kMp;
    const LitmusResult a = run_text(plain, Memory::c11), b = run_text(diy, Memory::c11);
    CHECK(a.observation == "Never");
    CHECK(b.observation == "Never");
    CHECK(b.states.size() == a.states.size());
    CHECK(b.executions == a.executions);
}

TEST_CASE("a header line with a key herd7's generators do not write is refused in one line") {
    const std::string err = refusal(std::string("C t\nVariant=lkmmv2\n") + kMp);
    CHECK(err.find(":2:1: header line 'Variant=...'") != std::string::npos);
}

TEST_CASE("intptr_t registers declared with a load as initialiser and int casts run as int registers") {
    const LitmusResult r = run_text(R"(C LB+intptr
{}
P0(intptr_t *x, intptr_t *y)
{
	intptr_t r1 = READ_ONCE(*x);
	WRITE_ONCE(*y, (intptr_t)1);
}
P1(intptr_t *x, intptr_t *y)
{
	intptr_t r1 = (intptr_t)READ_ONCE(*y);
	smp_mb();
	WRITE_ONCE(*x, (int)r1);
}
exists (0:r1=1 /\ 1:r1=1)
)",
                                    Memory::sc);
    CHECK(r.observation == "Never");
    CHECK(r.states.size() == 2);  // P1 stores the value it read: neither CPU can read 1 first
}

TEST_CASE("plain C accesses are marked plain for the engine, marked accesses are not") {
    auto l = load_text(R"(C plain
{}
P0(int *x, int *y) { *x = 1; WRITE_ONCE(*y, 1); }
P1(int *x, int *y) { int r0 = READ_ONCE(*y); int r1 = *x; }
exists (1:r0=1 /\ 1:r1=0)
)",
                       "fc-dialect-plain");
    int plain = 0, marked = 0;
    for (const Program& p : l->compiled.engine.cpus)
        for (const Insn& in : p.code) {
            if (in.op != Op::prim) continue;
            const PrimKind k = prim_info(in.prim).kind;
            if (k != PrimKind::load && k != PrimKind::store) continue;
            (in.plain ? plain : marked)++;
        }
    CHECK(plain == 2);
    CHECK(marked == 2);
}

TEST_CASE("smp_mb__after_unlock_lock() and barrier() compile; the former is flagged as stronger than LKMM's") {
    auto l = load_text(R"(C ulkl
{}
P0(int *x, int *y, spinlock_t *s)
{
	spin_lock(s);
	WRITE_ONCE(*x, 1);
	spin_unlock(s);
	spin_lock(s);
	smp_mb__after_unlock_lock();
	int r0 = READ_ONCE(*y);
	spin_unlock(s);
	barrier();
}
P1(int *x, int *y) { WRITE_ONCE(*y, 1); smp_mb(); int r0 = READ_ONCE(*x); }
exists (0:r0=0 /\ 1:r0=0)
)",
                       "fc-dialect-ulkl");
    bool ulkl = false, barrier = false;
    for (const Insn& in : l->compiled.engine.cpus[0].code) {
        ulkl = ulkl || (in.op == Op::prim && in.prim == Prim::smp_mb__after_unlock_lock);
        barrier = barrier || (in.op == Op::prim && in.prim == Prim::barrier);
    }
    CHECK(ulkl);
    CHECK(barrier);
    bool flagged = false;
    for (const lang::Blindspot& b : l->compiled.blindspots)
        flagged = flagged ||
                  (b.kind == "stronger-barrier" && b.reason.find("smp_mb__after_unlock_lock") != std::string::npos);
    CHECK(flagged);
    const LitmusResult r = run_litmus(*l);
    CHECK(r.observation == "Never");
    CHECK(r.qualifier == "bounded");  // foliocheck's smp_mb() is stronger: not a proof
}

TEST_CASE("RCU and SRCU are refused in one line") {
    for (const char* call : {"rcu_read_lock()", "synchronize_rcu()", "srcu_read_lock(x)"}) {
        INFO(call);
        const std::string err = refusal(std::string("C rcu\n{}\nP0(int *x) { ") + call +
                                        "; }\nP1(int *x) { WRITE_ONCE(*x, 1); }\nexists (x=1)\n");
        CHECK(err.find("foliocheck models no RCU grace periods") != std::string::npos);
    }
}
