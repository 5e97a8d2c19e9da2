// model/lkmm/hint.cpp: see hint.hpp.
#include "model/lkmm/hint.hpp"

#include <stdexcept>

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

}  // namespace fc::lkmm
