// tests/lkmm_conformance.cpp: foliocheck's answers (--memory lkmm, or c11) against herd7's,
// row by row, for the committed herd7 answers (scripts/herd7-answers.sh).
//
//   lkmm_conformance FOLIOCHECK ANSWERS.tsv [options]          litmus files: `litmus --json`
//   lkmm_conformance FOLIOCHECK ANSWERS.tsv --manifest M.tsv   folio configurations:
//                                                              `matrix --json`, per table
// options:
//   --memory M             the memory setting under test: lkmm (default; the exact engine),
//                          or c11 (Relacy's approximation, with its known disagreements)
//   --engine-args "ARGS"   passed to foliocheck after --memory M
//   --shard I/N            rows I, I+N, I+2N, ... (0-based), to keep each test short
//   --known FILE           rows (by file or key, first column) whose disagreement is known
//   --allow-flagged        a disagreement foliocheck itself flags (bounded, may exceed
//                          LKMM, not exhaustive) counts as flagged, not as a failure
//   --file-timeout S       each litmus file's search stops after S seconds (default 20):
//                          then "not exhaustive", a flagged answer
//   --write-known FILE     write the unexpected disagreements as a known list (with why)
//
// A litmus row agrees when the Observation, the set of final states and herd7's flags
// (data-race) are the same. A configuration agrees when `holds` meets Never on every reader
// order's file and `violation` meets Sometimes on one. Exit 1 when a row disagrees without
// being flagged (with --allow-flagged) or known, or when a known row no longer disagrees
// (the list must shrink with the fixes); 0 otherwise. herd7 rows that are errors or
// timeouts are skipped and counted.
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace {

struct Row {
    std::string file, observation, flags;
    std::set<std::string> states;
};

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    for (char c : s) {
        if (c == sep) {
            out.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    out.push_back(cur);
    return out;
}

// "1:r0=1;[x]=2;" with its entries sorted: the form both sides are compared in.
std::string state_key(const std::string& herd_state) {
    std::vector<std::string> e;
    for (const std::string& p : split(herd_state, ';'))
        if (!p.empty()) e.push_back(p);
    std::sort(e.begin(), e.end());
    std::string k;
    for (const std::string& p : e) k += p + ";";
    return k;
}

// foliocheck's states on the variables herd7 prints (herd7 leaves out a filter's variables
// that the condition does not name; foliocheck shows them).
std::set<std::string> project(const std::set<std::string>& states, const std::set<std::string>& herd_states) {
    std::set<std::string> vars;
    for (const std::string& st : herd_states)
        for (const std::string& e : split(st, ';'))
            if (!e.empty()) vars.insert(e.substr(0, e.find('=')));
    if (vars.empty()) return states;
    std::set<std::string> out;
    for (const std::string& st : states) {
        std::string k;
        for (const std::string& e : split(st, ';'))
            if (!e.empty() && vars.count(e.substr(0, e.find('=')))) k += e + ";";
        out.insert(k);
    }
    return out;
}

std::vector<std::vector<std::string>> read_tsv(const std::string& path) {
    std::ifstream f(path);
    if (!f) throw std::runtime_error("cannot read " + path);
    std::vector<std::vector<std::string>> rows;
    std::string line;
    bool header = true;
    while (std::getline(f, line)) {
        if (line.empty() || line[0] == '#') continue;
        if (header) {  // the column names
            header = false;
            continue;
        }
        rows.push_back(split(line, '\t'));
    }
    return rows;
}

std::string run(const std::string& cmd, int& status) {
    std::string out;
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) throw std::runtime_error("cannot run " + cmd);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    const int st = pclose(p);
    status = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
    return out;
}

// A string field, "" when absent or null.
std::string str(const nlohmann::json& j, const char* key) {
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

struct Answer {
    std::string observation, qualifier, flags, refused;
    std::set<std::string> states;
};

Answer from_json(const nlohmann::json& j) {
    Answer a;
    a.observation = str(j, "observation");
    a.qualifier = str(j, "qualifier");
    std::vector<std::string> flags;
    if (j.contains("flags") && j["flags"].is_array())
        for (const auto& f : j["flags"]) flags.push_back(f.get<std::string>());
    std::sort(flags.begin(), flags.end());
    for (const std::string& f : flags) a.flags += (a.flags.empty() ? "" : ",") + f;
    if (a.flags.empty()) a.flags = "-";
    for (const auto& s : j["states"]) {
        std::string herd;
        for (const auto& [var, v] : s["values"].items())
            herd += (var.find(':') == std::string::npos ? "[" + var + "]" : var) + "=" + std::to_string(v.get<long>()) +
                    ";";
        a.states.insert(state_key(herd));
    }
    return a;
}

// foliocheck's answers for some files: one `litmus --json` run for all of them, or one per
// file if the batch is refused (a malformed file stops the whole command).
std::map<std::string, Answer> litmus_answers(const std::string& bin, const std::string& args,
                                             const std::vector<std::string>& files) {
    std::map<std::string, Answer> out;
    std::string cmd = bin + " litmus --json --quiet " + args;
    for (const std::string& f : files) cmd += " '" + f + "'";
    int st = 0;
    const std::string text = run(cmd + " 2>/dev/null", st);
    if (st == 0 || st == 1 || st == 4) {
        for (const auto& j : nlohmann::json::parse(text)) out[str(j, "file")] = from_json(j);
        return out;
    }
    if (files.size() == 1) {
        std::string err = run(cmd + " 2>&1 >/dev/null", st);
        out[files[0]].refused = err.substr(0, err.find('\n'));
        return out;
    }
    for (const std::string& f : files) {
        auto one = litmus_answers(bin, args, {f});
        out.insert(one.begin(), one.end());
    }
    return out;
}

struct Tally {
    int agree = 0, flagged = 0, known = 0, unexpected = 0, stale = 0, skipped = 0;
    std::vector<std::string> disagreements;  // id TAB why, for --write-known
};

void judge(const std::string& id, bool same, const std::string& flagged_reason, const std::string& why,
           const std::set<std::string>& known, bool allow_flagged, Tally& t) {
    const bool is_known = known.count(id) > 0;
    if (same) {
        t.agree++;
        if (is_known) {
            t.stale++;
            std::cout << "STALE KNOWN " << id << ": agrees now; remove it from the known list\n";
        }
    } else if (allow_flagged && !flagged_reason.empty()) {
        t.flagged++;
    } else if (is_known) {
        t.known++;
    } else {
        t.unexpected++;
        t.disagreements.push_back(id + "\t" + why);
        std::cout << "DISAGREES " << id << ": " << why << "\n";
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: lkmm_conformance FOLIOCHECK ANSWERS.tsv [--manifest M] [--engine-args A] "
                     "[--shard I/N] [--known F] [--allow-flagged]\n";
        return 2;
    }
    const std::string bin = argv[1], answers = argv[2];
    std::string manifest, args, known_file, write_known, file_timeout = "20", memory = "lkmm";
    int shard = 0, shards = 1;
    bool allow_flagged = false;
    for (int i = 3; i < argc; i++) {
        const std::string a = argv[i];
        if (a == "--manifest" && i + 1 < argc) manifest = argv[++i];
        else if (a == "--engine-args" && i + 1 < argc) args = argv[++i];
        else if (a == "--memory" && i + 1 < argc) memory = argv[++i];
        else if (a == "--known" && i + 1 < argc) known_file = argv[++i];
        else if (a == "--allow-flagged") allow_flagged = true;
        else if (a == "--file-timeout" && i + 1 < argc) file_timeout = argv[++i];
        else if (a == "--write-known" && i + 1 < argc) write_known = argv[++i];
        else if (a == "--shard" && i + 1 < argc && std::sscanf(argv[++i], "%d/%d", &shard, &shards) == 2) continue;
        else {
            std::cerr << "lkmm_conformance: unknown argument " << a << "\n";
            return 2;
        }
    }
    args = "--memory " + memory + (args.empty() ? "" : " " + args);
    try {
        std::set<std::string> known;
        if (!known_file.empty())
            for (const auto& r : read_tsv(known_file)) known.insert(r[0]);
        std::map<std::string, Row> herd;  // by file
        Tally t;
        for (const auto& r : read_tsv(answers)) {
            if (r.size() < 7) throw std::runtime_error("short row in " + answers + ": " + r[0]);
            Row row{r[0], r[2], r[5], {}};
            if (r[6] != "-")
                for (std::string s : split(r[6], '|')) {
                    s.erase(0, s.find_first_not_of(' '));
                    s.erase(s.find_last_not_of(' ') + 1);
                    row.states.insert(state_key(s));
                }
            herd[row.file] = row;
        }
        if (manifest.empty()) {
            std::vector<std::string> files;
            int k = 0;
            for (const auto& [f, row] : herd)
                if (k++ % shards == shard) {
                    if (row.observation == "Never" || row.observation == "Sometimes" || row.observation == "Always")
                        files.push_back(f);
                    else t.skipped++;
                }
            for (size_t b = 0; b < files.size(); b += 100) {
                std::vector<std::string> batch(files.begin() + b, files.begin() + std::min(files.size(), b + 100));
                const auto got = litmus_answers(bin, "--timeout " + file_timeout + " " + args, batch);
                for (const std::string& f : batch) {
                    const Row& h = herd[f];
                    auto it = got.find(f);
                    if (it == got.end() || !it->second.refused.empty()) {
                        judge(f, false, "", it == got.end() ? "no answer" : "refused: " + it->second.refused, known,
                              false, t);
                        continue;
                    }
                    Answer a = it->second;
                    a.states = project(a.states, h.states);
                    const bool same = a.observation == h.observation && a.states == h.states && a.flags == h.flags;
                    std::string why = "herd7 " + h.observation + " (" + std::to_string(h.states.size()) +
                                      " states, flags " + h.flags + "), foliocheck " + a.observation +
                                      (a.qualifier.empty() ? "" : " (" + a.qualifier + ")") + " (" +
                                      std::to_string(a.states.size()) + " states, flags " + a.flags + ")";
                    judge(f, same, a.qualifier, why, known, allow_flagged, t);
                }
            }
        } else {
            // Configurations: herd7's observation per file; the manifest groups them.
            std::map<std::string, std::vector<std::string>> by_table;  // table -> keys
            std::map<std::string, std::string> herd_obs_of;            // key -> Never / Sometimes
            const std::string dir = manifest.substr(0, manifest.rfind('/') + 1);
            int k = 0;
            for (const auto& r : read_tsv(manifest)) {
                if (k++ % shards != shard) continue;
                if (r[1].rfind("refused", 0) == 0) {
                    t.skipped++;
                    continue;
                }
                // Sometimes if herd7 answers Sometimes for one reader order's file. A key with a
                // file herd7 did not answer (a timeout: at 3 pages herd7 leaves most files) is
                // skipped here, so that a table with no answered key is never swept.
                std::string herd_obs = "Never";
                for (const std::string& f : split(r[1], ' ')) {
                    auto it = herd.find(dir + f);
                    if (it == herd.end() ||
                        (it->second.observation != "Never" && it->second.observation != "Sometimes")) {
                        herd_obs.clear();
                        break;
                    }
                    if (it->second.observation == "Sometimes") herd_obs = "Sometimes";
                }
                if (herd_obs.empty()) {
                    t.skipped++;
                    continue;
                }
                herd_obs_of[r[0]] = herd_obs;
                // A release table's rows by mapcount design: each group is that table run
                // with --mapcount, so answers for a design other than the release's default
                // are checked too.
                const std::vector<std::string> f = split(r[0], '|');
                by_table[f[0] == "default" ? f[0] : f[0] + "|" + f[4]].push_back(r[0]);
            }
            for (const auto& [group, keys] : by_table) {
                const std::string table = group.substr(0, group.find('|'));
                std::set<int> pages;
                for (const std::string& key : keys) pages.insert(std::stoi(split(key, '|')[3]));
                std::string p;
                for (int n : pages) p += (p.empty() ? "" : ",") + std::to_string(n);
                // The exported herd7 tests hold one pin (a litmus test has one initial state).
                std::string cmd = bin + " matrix --json --pins 1 --pages " + p +
                                  (table == "default" ? std::string()
                                                      : " --kernel " + table + " --mapcount " + split(group, '|')[1]) +
                                  " " + args;
                int st = 0;
                const nlohmann::json res = nlohmann::json::parse(run(cmd + " 2>/dev/null", st));
                const nlohmann::json& list = res.is_array() ? res : res["results"];
                std::map<std::string, nlohmann::json> by_key;
                for (const auto& j : list) {
                    const std::string range = j.contains("range") && j["range"].is_string() ? str(j, "range") : "all";
                    by_key[table + "|" + str(j, "check") + "|" + str(j, "writer") + "|" +
                           std::to_string(j.value("pages", 0)) + "|" + str(j, "mapcount") + "|" +
                           str(j, "reader_order") + "|" + str(j, "reader_barrier") + "|" + range] = j;
                }
                for (const std::string& key : keys) {
                    const std::string& herd_obs = herd_obs_of[key];
                    auto it = by_key.find(key);
                    if (it == by_key.end()) {
                        judge(key, false, "", "foliocheck's sweep has no such configuration", known, false, t);
                        continue;
                    }
                    const std::string verdict = str(it->second, "verdict");
                    const bool same = (verdict == "holds" && herd_obs == "Never") ||
                                      (verdict == "violation" && herd_obs == "Sometimes");
                    const std::string flag = verdict == "holds" || verdict == "violation" ? "" : verdict;
                    judge(key, same, flag, "herd7 " + herd_obs + ", foliocheck " + verdict, known, allow_flagged, t);
                }
            }
        }
        std::cout << "lkmm conformance (" << answers << (manifest.empty() ? "" : ", " + manifest) << ", shard " << shard
                  << "/" << shards << (args.empty() ? "" : ", " + args) << "): " << t.agree << " agree, " << t.flagged
                  << " flagged by foliocheck, " << t.known << " known disagreements, " << t.unexpected
                  << " unexpected disagreements, " << t.stale << " stale known entries, " << t.skipped
                  << " skipped (herd7 error or timeout, or not exportable)\n";
        if (!write_known.empty()) {
            std::ofstream k(write_known);
            k << "id\twhy\n";
            for (const std::string& d : t.disagreements) k << d << "\n";
        }
        return t.unexpected || t.stale ? 1 : 0;
    } catch (const std::exception& e) {
        std::cerr << "lkmm_conformance: " << e.what() << "\n";
        return 3;
    }
}
