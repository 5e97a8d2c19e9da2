// checks/violation_hint.cpp: see violation_hint.hpp.
#include "checks/violation_hint.hpp"

#include <cctype>
#include <string>

namespace fc {

namespace {

struct Linear {
    long long r = 0, m = 0, c = 0;
    bool constant() const { return r == 0 && m == 0; }
};

// Recursive descent over the templates' fragment: integers, {R} {M} {P} {S}, + - *, ( ).
class Reader {
public:
    Reader(const std::string& t, int pages, bool swapcache) : m_t(t), m_pages(pages), m_swapcache(swapcache) {}
    bool comparison(Linear& diff, LinearCondition::Rel& rel) {
        Linear a, b;
        if (!sum(a)) return false;
        skip();
        static const struct {
            const char* text;
            LinearCondition::Rel rel;
        } ops[] = {{"==", LinearCondition::Rel::eq}, {"!=", LinearCondition::Rel::ne}, {">=", LinearCondition::Rel::ge},
                   {"<=", LinearCondition::Rel::le}, {">", LinearCondition::Rel::gt},  {"<", LinearCondition::Rel::lt}};
        bool found = false;
        for (const auto& op : ops)
            if (m_t.compare(m_at, std::string(op.text).size(), op.text) == 0) {
                m_at += std::string(op.text).size();
                rel = op.rel;
                found = true;
                break;
            }
        if (!found || !sum(b)) return false;
        skip();
        diff = Linear{a.r - b.r, a.m - b.m, a.c - b.c};
        return m_at == m_t.size();
    }

private:
    void skip() {
        while (m_at < m_t.size() && std::isspace(static_cast<unsigned char>(m_t[m_at]))) m_at++;
    }
    bool sum(Linear& out) {
        if (!product(out)) return false;
        for (;;) {
            skip();
            if (m_at >= m_t.size() || (m_t[m_at] != '+' && m_t[m_at] != '-')) return true;
            const bool minus = m_t[m_at++] == '-';
            Linear x;
            if (!product(x)) return false;
            const long long s = minus ? -1 : 1;
            out = Linear{out.r + s * x.r, out.m + s * x.m, out.c + s * x.c};
        }
    }
    bool product(Linear& out) {
        if (!factor(out)) return false;
        for (;;) {
            skip();
            if (m_at >= m_t.size() || m_t[m_at] != '*') return true;
            m_at++;
            Linear x;
            if (!factor(x)) return false;
            if (!out.constant() && !x.constant()) return false;  // not linear
            const Linear& k = out.constant() ? out : x;
            const Linear& v = out.constant() ? x : out;
            out = Linear{k.c * v.r, k.c * v.m, k.c * v.c};
        }
    }
    bool factor(Linear& out) {
        skip();
        if (m_at >= m_t.size()) return false;
        const char ch = m_t[m_at];
        if (ch == '(') {
            m_at++;
            if (!sum(out)) return false;
            skip();
            if (m_at >= m_t.size() || m_t[m_at] != ')') return false;
            m_at++;
            return true;
        }
        if (ch == '{' && m_at + 2 < m_t.size() && m_t[m_at + 2] == '}') {
            const char k = m_t[m_at + 1];
            m_at += 3;
            out = Linear{};
            if (k == 'R') out.r = 1;
            else if (k == 'M') out.m = 1;
            else if (k == 'P') out.c = m_pages;
            else if (k == 'S') out.c = m_swapcache ? 1 : 0;
            else return false;
            return true;
        }
        if (std::isdigit(static_cast<unsigned char>(ch))) {
            long long v = 0;
            while (m_at < m_t.size() && std::isdigit(static_cast<unsigned char>(m_t[m_at])) && v < 1000000000)
                v = v * 10 + (m_t[m_at++] - '0');
            out = Linear{0, 0, v};
            return true;
        }
        return false;
    }
    const std::string m_t;
    const int m_pages;
    const bool m_swapcache;
    size_t m_at = 0;
};

LinearCondition::Rel negated(LinearCondition::Rel r) {
    switch (r) {
    case LinearCondition::Rel::eq: return LinearCondition::Rel::ne;
    case LinearCondition::Rel::ne: return LinearCondition::Rel::eq;
    case LinearCondition::Rel::lt: return LinearCondition::Rel::ge;
    case LinearCondition::Rel::le: return LinearCondition::Rel::gt;
    case LinearCondition::Rel::gt: return LinearCondition::Rel::le;
    case LinearCondition::Rel::ge: return LinearCondition::Rel::lt;
    }
    return r;
}

bool fits(long long v) { return v >= -1000000 && v <= 1000000; }

}  // namespace

bool sees_extra_linear(const char* tmpl, int pages, bool swapcache, SeesExtraLinear& out) {
    if (!tmpl) return false;
    Linear d;
    LinearCondition::Rel rel = LinearCondition::Rel::eq;
    if (!Reader(tmpl, pages, swapcache).comparison(d, rel)) return false;
    if (!fits(d.r) || !fits(d.m) || !fits(d.c)) return false;
    out = SeesExtraLinear{static_cast<int>(d.r), static_cast<int>(d.m), static_cast<int>(d.c), rel};
    return true;
}

std::vector<LinearCondition> violation_hint(const JudgeContext& j) {
    if (!j.check || !j.pin || j.writer.kept >= 0 || j.reg_swapcache >= 0 || j.extra_pin_counts > 0 ||
        j.reg_refcount < 0 || j.reg_mapcount < 0)
        return {};
    SeesExtraLinear f;
    if (!sees_extra_linear(j.check->sees_extra_c, j.pages, j.swapcache, f)) return {};
    LinearCondition sees;
    sees.terms = {LinearTerm{j.reader_cpu, j.reg_refcount, f.coef_r},
                  LinearTerm{j.reader_cpu, j.reg_mapcount, f.coef_m}};
    sees.constant = f.constant;
    sees.rel = f.rel;
    // The reading of the template must be sees_extra itself, around every value a check of
    // this folio can read.
    int regs[2] = {0, 0};
    const int* const rows[1] = {regs};
    LinearCondition probe = sees;
    probe.terms = {LinearTerm{0, 0, f.coef_r}, LinearTerm{0, 1, f.coef_m}};
    for (int r = -4; r <= 2 * j.pages + 12; r++)
        for (int m = -4; m <= 2 * j.pages + 12; m++) {
            regs[0] = r;
            regs[1] = m;
            if (probe.holds(rows) != j.check->sees_extra(r, m, j.pages, j.swapcache)) return {};
        }
    LinearCondition missed = sees;
    missed.rel = negated(sees.rel);
    std::vector<LinearCondition> hint{missed};
    // Registers that make the check conclude "extra reference" whatever the counts.
    for (int reg : {j.reg_pinned, j.reg_shared})
        if (reg >= 0) hint.push_back(LinearCondition{{LinearTerm{j.reader_cpu, reg, 1}}, 0, LinearCondition::Rel::eq});
    return hint;
}

}  // namespace fc
