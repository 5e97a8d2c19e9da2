// harness/fixes_search.cpp: see fixes_search.hpp.
#include "harness/fixes_search.hpp"

#include <algorithm>
#include <cstring>

#include "harness/matrix.hpp"

namespace fc {

namespace {

bool conflicts(const Fix* a, const Fix* b) {
    return (a->conflicts_with && std::strcmp(a->conflicts_with, b->name) == 0) ||
           (b->conflicts_with && std::strcmp(b->conflicts_with, a->name) == 0);
}

// The configurations of one set: the base request per writer and size, the fixes applied.
std::vector<RunRequest> requests_of(const FixesPlan& plan, const std::vector<const Fix*>& fixes, SetResult& out) {
    std::vector<RunRequest> reqs;
    for (const WriterDef* w : plan.writers)
        for (int pages : plan.pages) {
            RunRequest r = plan.base;
            r.writer = w;
            r.pages = pages;
            const ReadOrder probe =
                r.effective_order() == ReadOrder::either ? ReadOrder::ref_first : r.effective_order();
            if (!validate_config(scenario_config(r, probe)).empty()) continue;  // e.g. KSM at 2 pages
            for (const Fix* f : fixes) f->apply(r);  // a fix that does not apply here changes nothing
            reqs.push_back(r);
            out.writers.push_back(w);
            out.pages.push_back(pages);
        }
    return reqs;
}

void finish(SetResult& s) {
    s.verdict = overall_outcome(s.results);
    for (size_t i = 0; i < s.results.size(); i++) {
        const nlohmann::json& r = s.results[i].json;
        if (s.results[i].is(Outcome::violation) &&
            std::find(s.breaks.begin(), s.breaks.end(), s.writers[i]->name) == s.breaks.end())
            s.breaks.push_back(s.writers[i]->name);
        if (r.contains("spurious_classes") && r["spurious_classes"].is_object()) {
            s.transient += r["spurious_classes"].value("writer_transient", 0ull);
            s.torn += r["spurious_classes"].value("torn_snapshot", 0ull);
        } else if (r.value("search", "") == "cached") {
            s.classes_counted = false;  // the cached search cuts executions: it cannot count them
        }
    }
}

bool is_subset(const std::vector<const Fix*>& small, const std::vector<const Fix*>& big) {
    for (const Fix* f : small)
        if (std::find(big.begin(), big.end(), f) == big.end()) return false;
    return true;
}

}  // namespace

bool SetResult::holds_for(const WriterDef* w) const {
    bool any = false;
    for (size_t i = 0; i < results.size(); i++)
        if (writers[i] == w) {
            any = true;
            if (!results[i].is(Outcome::holds)) return false;
        }
    return any;
}

int SetResult::first_violation(const WriterDef* writer) const {
    for (size_t i = 0; i < results.size(); i++)
        if ((!writer || writers[i] == writer) && results[i].is(Outcome::violation)) return static_cast<int>(i);
    return -1;
}

std::string SetResult::name() const {
    if (fixes.empty()) return "(as given)";
    std::string s;
    for (const Fix* f : fixes) s += (s.empty() ? "" : " + ") + std::string(f->name);
    return s;
}

FixSearch search_fixes(const FixesPlan& plan, bool progress) {
    FixSearch out;
    // The catalogue for this question: the fixes that change at least one configuration.
    for (const Fix& f : all_fixes()) {
        SetResult probe;
        std::vector<RunRequest> base = requests_of(plan, {}, probe);
        for (RunRequest r : base)
            if (f.apply(r)) {
                out.catalogue.push_back(&f);
                break;
            }
    }
    const std::vector<RunRequest> given = requests_of(plan, {}, out.as_given);
    out.as_given.results = run_matrix(given, plan.jobs, progress);
    finish(out.as_given);
    if (out.as_given.verdict == Outcome::holds) return out;  // nothing to fix
    for (const auto& r : out.as_given.results)               // a configuration without a verdict: no
        if (r.is(Outcome::error)) return out;                // fix set can be judged (cmd_fixes says so)
    const size_t n = out.catalogue.size();
    const size_t limit = plan.max_fixes ? std::min(plan.max_fixes, n) : n;
    std::vector<std::vector<const Fix*>> holding;
    for (size_t size = 1; size <= limit; size++) {
        std::vector<SetResult> level;
        std::vector<RunRequest> reqs;
        std::vector<size_t> owner;
        for (uint32_t mask = 1; mask < (1u << n); mask++) {
            if (static_cast<size_t>(__builtin_popcount(mask)) != size) continue;
            std::vector<const Fix*> fixes;
            for (size_t i = 0; i < n; i++)
                if (mask >> i & 1) fixes.push_back(out.catalogue[i]);
            bool ok = true;
            for (size_t i = 0; i < fixes.size() && ok; i++)
                for (size_t k = i + 1; k < fixes.size() && ok; k++) ok = !conflicts(fixes[i], fixes[k]);
            if (!ok) continue;
            if (std::any_of(holding.begin(), holding.end(), [&](const auto& h) { return is_subset(h, fixes); })) {
                out.pruned++;
                continue;
            }
            SetResult s;
            s.fixes = fixes;
            for (const RunRequest& r : requests_of(plan, fixes, s)) {
                reqs.push_back(r);
                owner.push_back(level.size());
            }
            level.push_back(std::move(s));
        }
        if (level.empty()) break;
        out.largest = size;
        const std::vector<SweepRow> results = run_matrix(reqs, plan.jobs, progress);
        for (size_t i = 0; i < results.size(); i++) level[owner[i]].results.push_back(results[i]);
        for (SetResult& s : level) {
            finish(s);
            if (s.verdict == Outcome::holds) holding.push_back(s.fixes);
            out.sets.push_back(std::move(s));
        }
    }
    return out;
}

std::vector<const SetResult*> holding_sets(const FixSearch& s) {
    std::vector<const SetResult*> out;
    for (const SetResult& r : s.sets)
        if (r.verdict == Outcome::holds) out.push_back(&r);
    return out;
}

const SetResult* best_failing_set(const FixSearch& s) {
    const SetResult* best = nullptr;
    size_t best_fail = 0;
    for (const SetResult& r : s.sets) {
        size_t fail = 0;
        for (const SweepRow& row : r.results) fail += !row.is(Outcome::holds);
        if (!best || fail < best_fail) {
            best = &r;
            best_fail = fail;
        }
    }
    return best;
}

}  // namespace fc
