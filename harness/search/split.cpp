// harness/search/split.cpp: one search in parts (see split.hpp).
#include "harness/search/split.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <sstream>
#include <tuple>

#include "harness/search/input.hpp"
#include "harness/search/pool.hpp"
#include "harness/search/token.hpp"
#include "lang/diag.hpp"

namespace fc {

namespace {

// The fields that name a configuration and its search: parts of one search agree on all.
const char* const kConfigFields[] = {"check",  "writer", "pages",     "mapcount",  "reader_order",  "reader_barrier",
                                     "memory", "pin",    "swapcache", "writer_mb", "writer_prefix", "search"};

std::string part_key(const nlohmann::json& r) {
    nlohmann::json k = nlohmann::json::object();
    for (const char* f : kConfigFields) k[f] = r.contains(f) ? r[f] : nlohmann::json(nullptr);
    k["parts"] = r["split"].value("parts", 0);
    return k.dump();
}

// Parts of one search were run on one configuration (every field of request_fields(), not
// only those part_key() groups by) by one build: anything else is refused, naming the field.
void check_same_search(const nlohmann::json& first, const nlohmann::json& p) {
    const nlohmann::json& a = first["split"];
    const nlohmann::json& b = p["split"];
    const std::string which =
        "split part " + std::to_string(b["part"].get<size_t>()) + "/" + std::to_string(b["parts"].get<size_t>());
    for (const nlohmann::json* s : {&a, &b})
        if (!s->contains("configuration") || !(*s)["configuration"].is_object() || !s->contains("build") ||
            !(*s)["build"].is_string())
            throw UsageError(which +
                             " (or the first part) names no configuration or build (an older foliocheck "
                             "wrote it): rerun every part with this foliocheck");
    if (a["build"] != b["build"])
        throw UsageError("split parts were run by different builds of foliocheck ('" +
                         escape_controls(a["build"].get<std::string>().substr(0, 60)) + "' and '" +
                         escape_controls(b["build"].get<std::string>().substr(0, 60)) +
                         "'): rerun every part with one build");
    nlohmann::json keys = a["configuration"];
    keys.update(b["configuration"]);
    for (const auto& [name, unused] : keys.items()) {
        (void)unused;
        const nlohmann::json va = a["configuration"].value(name, nlohmann::json(nullptr));
        const nlohmann::json vb = b["configuration"].value(name, nlohmann::json(nullptr));
        if (va != vb)
            throw UsageError("split parts differ in '" + escape_controls(name.substr(0, 40)) + "' (" +
                             escape_controls(va.dump().substr(0, 60)) + " in the first, " +
                             escape_controls(vb.dump().substr(0, 60)) + " in " + which +
                             "): merge only the parts of one run's configuration");
    }
}

// How a part tells the parent that the input cannot be run (a writer file that cannot
// describe this folio): the message follows.
constexpr char kInputError[] = "\x01input error: ";

// The order among the parts' counterexamples: no stale read first, then the fewest
// preemptions, then the first reader order searched, then the smallest subtree. The subtrees
// are numbered the same in every part, whichever part claimed them, so the merged
// counterexample is the same from run to run (run --jobs claims subtrees as parts get free).
std::tuple<bool, int64_t, bool, uint64_t> cx_rank(const nlohmann::json& part) {
    const nlohmann::json& c = part["counterexample"];
    const auto num = [&c](const char* k) { return c.contains(k) && c[k].is_number() ? c[k].get<int64_t>() : 0; };
    return {c.value("stale_reads", false), num("preemptions"), c.value("reader_order", "") == "map-first",
            static_cast<uint64_t>(num("subtree"))};
}

uint64_t u64(const nlohmann::json& r, const char* f) {
    return r.contains(f) && r[f].is_number_unsigned() ? r[f].get<uint64_t>() : 0;
}

// Shared, zeroed memory for the claim table: children inherit it across fork().
struct SharedClaims {
    explicit SharedClaims(size_t n) : n(n) {
        void* p = ::mmap(nullptr, n * sizeof(uint32_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) throw std::runtime_error(std::string("mmap: ") + std::strerror(errno));
        table = static_cast<uint32_t*>(p);
    }
    ~SharedClaims() { ::munmap(table, n * sizeof(uint32_t)); }
    SharedClaims(const SharedClaims&) = delete;
    SharedClaims& operator=(const SharedClaims&) = delete;
    size_t n;
    uint32_t* table;
};

}  // namespace

bool is_split_part(const nlohmann::json& r) {
    if (!r.is_object() || !r.contains("split") || !r["split"].is_object()) return false;
    const nlohmann::json& s = r["split"];
    return s.contains("part") && s["part"].is_number_unsigned() && s.contains("parts") &&
           s["parts"].is_number_unsigned() && s.contains("completed") && s["completed"].is_boolean();
}

nlohmann::json combine_parts(const std::vector<nlohmann::json>& parts) {
    if (parts.empty()) throw UsageError("no split parts to combine");
    const size_t n = parts.front()["split"]["parts"].get<size_t>();
    // run --split takes at most 100000 parts (options.cpp): more is a forged file.
    if (n < 1 || n > 100000)
        throw UsageError("split parts name " + std::to_string(n) +
                         " parts, outside 1 to 100000: merge the files run --split wrote, unedited");
    const std::string key = part_key(parts.front());
    std::vector<const nlohmann::json*> by_part(n, nullptr);
    for (const nlohmann::json& p : parts) {
        if (!is_split_part(p) || part_key(p) != key)
            throw UsageError("split parts of different configurations or searches cannot be merged");
        check_same_search(parts.front(), p);
        const size_t i = p["split"]["part"].get<size_t>();
        if (i < 1 || i > n)
            throw UsageError("split part " + std::to_string(i) + " of " + std::to_string(n) + " is out of range");
        if (by_part[i - 1])
            throw UsageError("split part " + std::to_string(i) + "/" + std::to_string(n) + " given twice");
        by_part[i - 1] = &p;
    }
    nlohmann::json c = parts.front();
    c.erase("split");
    uint64_t executions = 0, violating = 0, cut = 0, states = 0;
    bool have_states = true, have_spurious = true, all_completed = true;
    uint64_t spurious = 0;
    double wall = 0, cpu = 0;
    std::string missing, stopped;
    const nlohmann::json* best = nullptr;
    nlohmann::json per_part = nlohmann::json::array();  // executions and seconds of each part
    for (size_t i = 0; i < n; i++) {
        const nlohmann::json* p = by_part[i];
        if (!p) {
            all_completed = false;
            missing += (missing.empty() ? "" : ", ") + std::to_string(i + 1);
            continue;
        }
        per_part.push_back(
            {{"part", i + 1}, {"executions", u64(*p, "executions")}, {"seconds", (*p).value("seconds", 0.0)}});
        executions += u64(*p, "executions");
        violating += u64(*p, "violating_executions");
        cut += u64(*p, "cut_executions");
        if ((*p).contains("states") && (*p)["states"].is_number_unsigned()) states += (*p)["states"].get<uint64_t>();
        else have_states = false;
        if ((*p).contains("spurious") && (*p)["spurious"].is_number_unsigned())
            spurious += (*p)["spurious"].get<uint64_t>();
        else have_spurious = false;
        const double s = (*p).value("seconds", 0.0);
        wall = std::max(wall, s);
        cpu += s;
        if (!(*p)["split"]["completed"].get<bool>()) {
            all_completed = false;
            if (stopped.empty())
                stopped = "part " + std::to_string(i + 1) + " did not complete" +
                          ((*p)["stopped_by"].is_string() ? " (" + (*p)["stopped_by"].get<std::string>() + ")" : "");
        }
        if ((*p)["counterexample"].is_object() && (!best || cx_rank(*p) < cx_rank(*best))) best = p;
    }
    if (!missing.empty()) stopped = "parts missing: " + missing + " of " + std::to_string(n);
    const bool violation = violating > 0;
    c["verdict"] = verdict_name(violation       ? Verdict::violation
                                : all_completed ? Verdict::holds
                                                : Verdict::no_violation_found);
    c["exhaustive"] = all_completed;
    c["executions"] = executions;
    c["violating_executions"] = violating;
    c["cut_executions"] = cut;
    c["states"] = have_states && all_completed ? nlohmann::json(states) : nlohmann::json(nullptr);
    c["spurious"] = have_spurious && all_completed ? nlohmann::json(spurious) : nlohmann::json(nullptr);
    c["seconds"] = wall;
    c["cpu_seconds"] = cpu;
    c["parts"] = n;
    c["part_results"] = per_part;
    c["stopped_by"] = stopped.empty() ? nlohmann::json(nullptr) : nlohmann::json(stopped);
    c["counterexample"] = best ? (*best)["counterexample"] : nlohmann::json(nullptr);
    std::ostringstream e;
    e << c.value("search", std::string("?")) << " search split into " << n << " parts, " << executions << " executions";
    if (have_states && all_completed) e << ", " << states << " states (summed over the parts)";
    e << ", memory " << c.value("memory", std::string("?"));
    if (all_completed) e << "; exhaustive: every part completed";
    else e << "; NOT exhaustive: " << stopped;
    c["explored"] = e.str();
    return c;
}

void combine_split_entries(std::vector<nlohmann::json>& all) {
    std::map<std::string, std::vector<nlohmann::json>> groups;
    std::map<std::string, size_t> first;
    std::vector<nlohmann::json> out;
    for (const nlohmann::json& r : all) {
        if (!is_split_part(r)) {
            out.push_back(r);
            continue;
        }
        const std::string k = part_key(r);
        if (!first.count(k)) {
            first[k] = out.size();
            out.push_back(nullptr);
        }
        groups[k].push_back(r);
    }
    for (auto& [k, parts] : groups) out[first[k]] = combine_parts(parts);
    all = std::move(out);
}

RunResult run_jobs(const RunRequest& req, unsigned jobs, ResultRecord record) {
    SharedClaims claims(size_t(1) << 20);
    const std::vector<TaskOutput> outs = run_in_children(
        jobs, jobs,
        [&](size_t i) {
            RunRequest r = req;
            r.search.split_parts = jobs;
            r.search.split_part = static_cast<uint32_t>(i);
            r.search.split_claims = claims.table;
            r.search.split_claims_n = claims.n;
            try {
                return record(run_config(r)).dump();
            } catch (const lang::LangError& e) {  // the input's error, not foliocheck's: exit 2
                return std::string(kInputError) + e.what();
            } catch (const UsageError& e) {
                return std::string(kInputError) + e.what();
            }
        },
        nullptr);
    for (const TaskOutput& o : outs)
        if (o.text.rfind(kInputError, 0) == 0) throw UsageError(o.text.substr(std::strlen(kInputError)));
    RunResult res;
    res.request = req;
    std::vector<nlohmann::json> parts;
    for (size_t i = 0; i < outs.size(); i++) {
        nlohmann::json j = nlohmann::json::parse(outs[i].text, nullptr, false);
        if (outs[i].crashed || j.is_discarded() || !is_split_part(j)) {
            if (g_interrupt) continue;
            res.internal_error = "split part " + std::to_string(i + 1) + " failed: " + outs[i].text.substr(0, 200);
            return res;
        }
        parts.push_back(std::move(j));
    }
    if (parts.size() != jobs) {  // interrupted
        res.stopped_by = "interrupted";
        res.verdict = Verdict::no_violation_found;
        return res;
    }
    const nlohmann::json c = combine_parts(parts);
    res.parts = jobs;
    for (const nlohmann::json& p : c["part_results"])
        res.part_results.emplace_back(p["executions"].get<uint64_t>(), p["seconds"].get<double>());
    res.executions = c["executions"].get<uint64_t>();
    res.violations = c["violating_executions"].get<uint64_t>();
    res.cut = c["cut_executions"].get<uint64_t>();
    if (c["states"].is_number_unsigned()) res.states = c["states"].get<uint64_t>();
    if (c["spurious"].is_number_unsigned()) res.spurious = c["spurious"].get<uint64_t>();
    res.seconds = c["seconds"].get<double>();
    if (c.contains("pins_how") && c["pins_how"].is_string()) res.pins_how = c["pins_how"].get<std::string>();
    res.exhaustive = c["exhaustive"].get<bool>();
    if (c["stopped_by"].is_string()) res.stopped_by = c["stopped_by"].get<std::string>();
    res.verdict = res.violations ? Verdict::violation : res.exhaustive ? Verdict::holds : Verdict::no_violation_found;
    if (c["counterexample"].is_object() && c["counterexample"]["replay_token"].is_string()) {
        const ReplayToken t = decode_token(c["counterexample"]["replay_token"].get<std::string>(), FOLIOCHECK_VERSION);
        // Relacy's state starts with the execution's number within the part that found it,
        // which depends on the subtrees that part claimed; the tree schedulers' replay does
        // not use it (model/replay_scheduler.hpp). 0: the same token from run to run.
        const size_t space = t.state.find(' ');
        const std::string state = space == std::string::npos ? t.state : "0" + t.state.substr(space);
        RunResult replayed = replay_run(t.request, state, false);
        if (!replayed.internal_error.empty()) {
            res.internal_error = replayed.internal_error;
            return res;
        }
        res.counterexample = std::move(replayed.counterexample);
    }
    return res;
}

}  // namespace fc
