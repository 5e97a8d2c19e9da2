// harness/search/review.cpp: see review.hpp.
#include "harness/search/review.hpp"

#include <algorithm>
#include <tuple>

#include "checks/concurrency.hpp"
#include "checks/scenario.hpp"

namespace fc {

const char* miss_cost_key(MissCost c) {
    switch (c) {
    case MissCost::data_corruption: return "data-corruption";
    case MissCost::data_loss: return "data-loss";
    case MissCost::wasted_work: return "wasted-work";
    }
    return "wasted-work";
}

const char* miss_cost_phrase(MissCost c) {
    switch (c) {
    case MissCost::data_corruption: return "can corrupt data";
    case MissCost::data_loss: return "can lose data";
    case MissCost::wasted_work: return "waste work";
    }
    return "waste work";
}

// The check's own classification (checks/*.cpp CheckDef::miss_cost, cited to the kernel code
// after the check).
MissCost review_miss_cost(const CheckDef* c) { return c->miss_cost.cost; }

std::vector<ReviewCheck> review_checks(const KernelRelease& k) {
    std::vector<ReviewCheck> out;
    for (const CheckDef* c : k.checks)
        out.push_back({c, review_miss_cost(c), c->miss_cost.why ? c->miss_cost.why : ""});
    return out;
}

bool release_runs(const KernelRelease& k, const WriterDef* w) {
    return std::find(k.writers.begin(), k.writers.end(), w) != k.writers.end();
}

const WriterDef* release_path(const KernelRelease& k, const std::string& name) {
    const WriterDef* w = kernel_writer(k, name);
    return w && release_runs(k, w) ? w : nullptr;
}

std::string release_path_names(const KernelRelease& k) {
    std::string names;
    for (const WriterDef* w : k.writers) names += (names.empty() ? "" : ", ") + std::string(w->name);
    return names;
}

ReviewSide review_side(const WriterDef* writer, const WriterDef* other) {
    ReviewSide s;
    s.writer = writer;
    s.context = *writer;
    // The lock a path runs under is its caller's: a patch to try_to_unmap_one() still runs under
    // try_to_unmap()'s folio lock. A writer file cannot say so, so it takes the built-in's.
    // Only the lock: the file's own program decides folio sizes, PMD mapping and swapcache.
    if (writer->emit_from && other && !other->emit_from) {
        s.context.folio_locked = other->folio_locked;
        s.context_from = other;
    }
    return s;
}

const char* change_name(Change c) {
    switch (c) {
    case Change::added: return "added";
    case Change::removed: return "removed";
    case Change::both: return "both";
    case Change::neither: return "neither";
    case Change::undecided: return "undecided";
    }
    return "undecided";
}

namespace {

// One side's configurations: the release's table (kernel_matrix(): design, own reference,
// kernel read orders) for this one writer, every check it races, one request per pin count.
std::vector<RunRequest> side_requests(const ReviewSpec& spec, const ReviewSide& side,
                                      std::vector<ReviewExclusion>& excluded, std::map<std::string, size_t>& skipped) {
    std::vector<RunRequest> out;
    for (const ReviewCheck& rc : review_checks(*spec.release)) {
        const std::string why = what_if_reason(rc.check, &side.context, 2);
        if (!check_races(rc.check, &side.context)) {
            excluded.push_back({rc.check->name, side.writer->name, why});
            continue;
        }
        for (Memory m : spec.memories) {
            MatrixSpec ms = kernel_matrix(spec.release->name);
            ms.checks = {rc.check};
            ms.writers = {&side.context};
            ms.pages = spec.pages.at(m);
            ms.memories = {m};
            ms.ranges = {"all"};
            ms.search = spec.search;
            // enumerate() keeps a release's table to the writers the release runs; a patch is
            // not one of them, so the lock rule is applied above (check_races) and the sizes
            // the kernel never meets are left out below, each counted.
            ms.what_if = true;
            Skipped left_out;
            const std::vector<RunRequest> reqs = enumerate(ms, left_out);
            for (const std::string& line : left_out.reasons) {  // "N x why"
                const size_t x = line.find(" x ");
                skipped[line.substr(x + 3)] += std::stoul(line.substr(0, x));
            }
            for (RunRequest r : reqs) {
                r.what_if = false;
                const std::string never = what_if_reason(scenario_config(r, r.effective_order()));
                if (!never.empty()) {
                    skipped[never]++;
                    continue;
                }
                if (r.writer->kind == WriterKind::pin) {  // GUP-fast's own reference is the one pin
                    out.push_back(r);
                    continue;
                }
                if (spec.pins != kEveryPinCount && spec.pins > r.pages) {
                    skipped["--pins " + std::to_string(spec.pins) + ": folios of fewer pages"]++;
                    continue;
                }
                const int lo = spec.pins == kEveryPinCount ? 1 : spec.pins;
                const int hi = spec.pins == kEveryPinCount ? r.pages : spec.pins;
                for (int k = lo; k <= hi; k++) {
                    r.pins = k;
                    out.push_back(r);
                }
            }
        }
    }
    return out;
}

using Key = std::tuple<size_t, int, int, int, int>;  // check, pages, pins, order, memory

}  // namespace

ReviewPlan review_plan(const ReviewSpec& spec) {
    ReviewPlan p;
    std::map<std::string, size_t> skipped;  // each reason once, with its count
    p.reqs = side_requests(spec, spec.patch, p.excluded, skipped);
    p.patch_count = p.reqs.size();
    const std::vector<RunRequest> base = side_requests(spec, spec.baseline, p.excluded, skipped);
    p.reqs.insert(p.reqs.end(), base.begin(), base.end());
    for (const auto& [why, n] : skipped) {
        p.skipped.count += n;
        p.skipped.reasons.push_back(std::to_string(n) + " x " + why);
    }
    return p;
}

Review diff_review(const ReviewSpec& spec, const ReviewPlan& plan, const std::vector<SweepRow>& results) {
    const std::vector<ReviewCheck> checks = review_checks(*spec.release);
    auto check_index = [&](const CheckDef* c) {
        for (size_t i = 0; i < checks.size(); i++)
            if (checks[i].check == c) return i;
        return checks.size();
    };
    std::map<Key, ReviewRow> rows;
    for (size_t i = 0; i < plan.reqs.size() && i < results.size(); i++) {
        const RunRequest& q = plan.reqs[i];
        const size_t ci = check_index(q.check);
        if (ci == checks.size()) continue;
        const ReadOrder order = q.effective_order();
        const Key key{ci, q.pages, q.first_pins(), static_cast<int>(order), static_cast<int>(q.memory)};
        ReviewRow& r = rows[key];
        r.check = q.check;
        r.cost = checks[ci].cost;
        r.cost_text = checks[ci].cost_text;
        r.pages = q.pages;
        r.pins = q.first_pins();
        r.order = read_order_name(order);
        r.memory = q.memory;
        r.side[i < plan.patch_count ? 0 : 1] = static_cast<int>(i);
    }
    Review out;
    for (auto& [key, r] : rows) {
        bool fails[2] = {false, false};
        for (int s = 0; s < 2; s++) {
            if (r.side[s] < 0) continue;  // the check's locks exclude this side: it cannot fail
            const SweepRow& row = results[static_cast<size_t>(r.side[s])];
            if (row.is(Outcome::violation)) fails[s] = true;
            else if (!row.is(Outcome::holds)) {
                r.change = Change::undecided;
                r.undecided_why += std::string(r.undecided_why.empty() ? "" : "; ") + (s == 0 ? "patch" : "baseline") +
                                   ": " + outcome_name(row.outcome) +
                                   (row.json.contains("stopped_by") && row.json["stopped_by"].is_string()
                                        ? " (stopped by " + row.json["stopped_by"].get<std::string>() + ")"
                                        : std::string());
            }
        }
        if (r.change != Change::undecided)
            r.change = fails[0] && fails[1] ? Change::both
                       : fails[0]           ? Change::added
                       : fails[1]           ? Change::removed
                                            : Change::neither;
        out.counts[r.change]++;
        out.rows.push_back(r);
    }
    return out;
}

}  // namespace fc
