// model/lkmm/hint.cpp: see hint.hpp.
#include "model/lkmm/hint.hpp"

#include <climits>
#include <stdexcept>
#include <string>

namespace fc::lkmm {

z3::expr violation_hint_formula(const EngineScenario& s, const Encoding& enc) {
    z3::context& c = enc.ctx;
    z3::expr all = c.bool_val(true);
    for (const LinearCondition& h : s.violation_hint) {
        z3::expr sum = c.bv_val(static_cast<int64_t>(h.constant), 64);
        for (const LinearTerm& t : h.terms) {
            if (t.cpu < 0 || static_cast<size_t>(t.cpu) >= enc.final_regs.size() || t.reg < 0 ||
                static_cast<size_t>(t.reg) >= enc.final_regs[static_cast<size_t>(t.cpu)].size())
                throw std::logic_error("violation hint: a register the scenario does not have");
            const z3::expr reg = z3::sext(enc.final_regs[static_cast<size_t>(t.cpu)][static_cast<size_t>(t.reg)], 32);
            sum = sum + c.bv_val(static_cast<int64_t>(t.coeff), 64) * reg;
        }
        const z3::expr zero = c.bv_val(0, 64);
        switch (h.rel) {
        case LinearCondition::Rel::eq: all = all && sum == zero; break;
        case LinearCondition::Rel::ne: all = all && sum != zero; break;
        case LinearCondition::Rel::lt: all = all && z3::slt(sum, zero); break;
        case LinearCondition::Rel::le: all = all && z3::sle(sum, zero); break;
        case LinearCondition::Rel::gt: all = all && z3::sgt(sum, zero); break;
        case LinearCondition::Rel::ge: all = all && z3::sge(sum, zero); break;
        }
    }
    return all;
}

void HintBudget::before_call(z3::solver& sol, bool steering) const {
    z3::params p(sol.ctx());
    p.set("max_conflicts", steering ? m_conflicts : UINT_MAX);
    p.set("random_seed", m_seed);
    sol.set(p);
}

bool HintBudget::restart(z3::solver& sol, z3::check_result r, bool steering) {
    if (!steering || r != z3::unknown) return false;
    // Z3's reason for a call that ran out of conflicts; any other unknown is the caller's.
    if (sol.reason_unknown().find("max.conflicts") == std::string::npos) return false;
    m_conflicts = m_conflicts > UINT_MAX / 2 ? UINT_MAX : m_conflicts * 2;
    m_seed++;
    return true;
}

}  // namespace fc::lkmm
