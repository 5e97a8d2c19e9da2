// lang/scenario.cpp: see scenario.hpp.
#include "lang/scenario.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "lang/parser.hpp"

namespace fc::lang {

std::string content_hash(const std::string& text) {
    uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

ScenarioFile parse_scenario_text(const std::string& path, const std::string& text) {
    ScenarioFile f;
    f.path = path;
    f.text = text;
    f.hash = content_hash(text);
    f.ast = parse(path, text);
    return f;
}

ScenarioFile load_scenario_file(const std::string& path) {
    // A regular file of at most 1 MiB: no devices, FIFOs or directories (a read that never
    // ends is not a scenario).
    struct stat st {};
    if (stat(path.c_str(), &st) != 0)
        throw FileError("cannot read scenario file '" + path + "': " + std::strerror(errno));
    if (!S_ISREG(st.st_mode)) throw FileError("scenario file '" + path + "' is not a regular file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw FileError("cannot read scenario file '" + path + "': " + std::strerror(errno));
    constexpr size_t kMax = 1u << 20;
    std::string text(kMax + 1, '\0');
    in.read(&text[0], static_cast<std::streamsize>(text.size()));
    if (in.bad()) throw FileError("cannot read scenario file '" + path + "': " + std::strerror(errno));
    text.resize(static_cast<size_t>(in.gcount()));
    if (text.size() > kMax) throw FileError("scenario file '" + path + "' is larger than 1 MiB");
    return parse_scenario_text(path, text);
}

File compose(std::vector<ScenarioFile>& parts) {
    File out;
    for (ScenarioFile& part : parts) {
        File& f = part.ast;
        if (out.path.empty()) {
            out.path = f.path;
            out.name = f.name;
            out.name_loc = f.name_loc;
        } else {
            out.name += "+" + f.name;
        }
        if (out.doc.empty()) out.doc = f.doc;
        for (InitEntry& e : f.init) {
            if (e.kind == InitEntry::folio) {
                for (InitEntry& have : out.init) {
                    if (have.kind != InitEntry::folio) continue;
                    if (have.name != e.name)
                        throw LangError(
                            f.path, e.loc,
                            "the parts name the folio differently ('" + have.name + "' and '" + e.name + "')");
                    // Merge fields; the same field twice must be written the same way.
                    for (size_t i = 0; i < e.fields.size(); i++) {
                        bool found = false;
                        for (auto& hf : have.fields)
                            if (hf.first == e.fields[i].first) {
                                found = true;
                                if (expr_text(*hf.second) != expr_text(*e.fields[i].second) &&
                                    e.fields[i].first != "pages")
                                    throw LangError(
                                        f.path, e.field_locs[i],
                                        "folio field '." + e.fields[i].first + "' differs between the parts");
                            }
                        if (!found) {
                            have.fields.emplace_back(e.fields[i].first, std::move(e.fields[i].second));
                            have.field_locs.push_back(e.field_locs[i]);
                        }
                    }
                    e.kind = InitEntry::constant;  // consumed
                    e.name.clear();
                }
                if (!e.name.empty()) out.init.push_back(std::move(e));
                continue;
            }
            if (e.kind == InitEntry::constant) {
                bool dup = false;
                for (const InitEntry& have : out.init)
                    if (have.kind == InitEntry::constant && have.name == e.name) dup = true;
                if (dup) continue;  // the first part's value; --set overrides both
            }
            out.init.push_back(std::move(e));
        }
        for (Thread& t : f.threads) {
            for (const Thread& have : out.threads)
                if (have.id == t.id)
                    throw LangError(f.path, t.loc, "P" + std::to_string(t.id) + " is defined by two parts");
            out.threads.push_back(std::move(t));
        }
        if (f.has_condition) {
            if (out.has_condition) throw LangError(f.path, f.condition.loc, "two parts have a final condition");
            out.has_condition = true;
            out.condition = std::move(f.condition);
        }
        if (out.expected_result.empty()) out.expected_result = f.expected_result;
        if (out.kind.empty()) out.kind = f.kind;
        for (std::string& c : f.comments) out.comments.push_back(std::move(c));
    }
    return out;
}

void compile_scenario(const File& f, const Overrides& o, Memory memory, CompiledScenario& out) {
    out.file = &f;
    out.symbols = build_symbols(f, o);
    const Symbols& s = out.symbols;
    EngineScenario& e = out.engine;
    e = EngineScenario{};
    e.memory = memory;
    e.nlocks = s.nlocks;
    if (s.nlocks > kMaxLocks)
        throw LangError(f.path, f.name_loc, "more than " + std::to_string(kMaxLocks) + " spinlocks");
    // Initial values: the folio's fixed layout, then the file's own variables.
    if (s.folio.declared) {
        const int other = s.folio.pins + s.folio.refs + (s.folio.swapcache ? s.folio.shape.pages : 0);
        e.init = folio_init(s.folio.shape, s.folio.maps, other);
        if (!s.folio.page_maps.empty()) {
            // Pages mapped different numbers of times (several mms, different ranges): the
            // same rules as folio_init() (model/folio.hpp), page by page.
            int mapped = 0;
            for (int i = 0; i < s.folio.shape.pages; i++) {
                const int m = s.folio.page_maps[static_cast<size_t>(i)];
                e.init.value[static_cast<size_t>(loc_mapcount(i))] = m - 1;
                e.init.value[static_cast<size_t>(loc_pte(i))] = m > 0 ? 1 : 0;
                if (m > 0) mapped++;
            }
            e.init.value[LOC_REFCOUNT] = s.folio.mappings() + other;
            if (s.folio.shape.large()) e.init.value[LOC_NR_PAGES_MAPPED] = mapped;
            if (s.folio.shape.has_large_mapcount()) e.init.value[LOC_LARGE_MAPCOUNT] = s.folio.mappings() - 1;
        }
    }
    e.init.value.resize(static_cast<size_t>(s.next_loc), 0);
    e.init.used.resize(static_cast<size_t>(s.next_loc), false);
    e.loc_names.resize(static_cast<size_t>(s.next_loc));
    for (int i = 0; i < LOC_COUNT; i++) e.loc_names[static_cast<size_t>(i)] = loc_name(i);
    for (const auto& [name, l] : s.locs) {
        if (l.lock) continue;
        for (int i = 0; i < std::max(l.size, 1); i++) {
            const size_t at = static_cast<size_t>(l.base + i);
            e.init.value[at] = l.init[static_cast<size_t>(i)];
            e.init.used[at] = true;
            e.loc_names[at] = l.size ? name + "[" + std::to_string(i) + "]" : name;
        }
    }
    out.threads = static_cast<int>(s.threads.size());
    const size_t ncpu = std::max<size_t>(2, s.threads.size());
    e.cpus.assign(ncpu, Program{});
    out.regs.assign(ncpu, {});
    out.facts.assign(ncpu, {});
    for (size_t t = 0; t < s.threads.size(); t++) {
        Program& p = e.cpus[t];
        p.cpu_label = "P" + std::to_string(t);
        Emitter em(p);
        lower_thread(f, s, static_cast<int>(t), em, out.regs[t], out.facts[t]);
        try {
            em.finish();
        } catch (const std::logic_error& x) {
            throw LangError(f.path, s.threads[t].ast->loc, std::string("P") + std::to_string(t) + ": " + x.what());
        }
    }
    for (size_t t = s.threads.size(); t < ncpu; t++) e.cpus[t].cpu_label = "(idle)";
    compile_condition(f, s, out.regs, out.condition);
    e.judge = judge_condition;
    e.judge_ctx = &out.condition;
    out.blindspots = find_blindspots(e, out.condition, out.threads);
}

}  // namespace fc::lang
