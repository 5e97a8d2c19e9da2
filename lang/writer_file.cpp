// lang/writer_file.cpp: see writer_file.hpp.
#include "lang/writer_file.hpp"

#include <deque>

#include "lang/scenario.hpp"

namespace fc::lang {

namespace {

struct LoadedWriter {
    ScenarioFile file;
    std::string name, summary, kernel;
    WriterDef def{};
};

std::deque<LoadedWriter>& loaded() {
    static std::deque<LoadedWriter> all;  // stable addresses: WriterDefs point into it
    return all;
}

void emit_writer(const void* source, Emitter& e, const FolioShape& shape, WriterRegs& regs) {
    const LoadedWriter& w = *static_cast<const LoadedWriter*>(source);
    Overrides o;
    o.pages = shape.pages;
    o.design = shape.design;
    const Symbols s = build_symbols(w.file.ast, o);
    std::map<std::string, RegSym> named;
    ThreadFacts facts;
    lower_thread(w.file.ast, s, 0, e, named, facts);
    // GUP-fast-style writers expose these to the judge (checks/scenario.cpp).
    if (named.count("kept")) regs.kept = named.at("kept").first;
    if (named.count("grab_stamp")) regs.grab_stamp = named.at("grab_stamp").first;
}

}  // namespace

const WriterDef* load_writer_file(const std::string& path) {
    for (const LoadedWriter& w : loaded())
        if (w.file.path == path) return &w.def;
    ScenarioFile f = load_scenario_file(path);
    const File& a = f.ast;
    if (a.threads.size() != 1 || a.threads[0].id != 0)
        throw LangError(path, a.threads.empty() ? a.name_loc : a.threads.back().loc,
                        "a writer file has exactly one thread, P0 (the writer's path); this one has " +
                            std::to_string(a.threads.size()));
    WriterKind kind;
    if (a.kind == "unmap") kind = WriterKind::unmap;
    else if (a.kind == "map") kind = WriterKind::map;
    else if (a.kind == "pin") kind = WriterKind::pin;
    else
        throw LangError(path, a.name_loc,
                        "a writer file says what it does in a comment line 'Kind: unmap', 'Kind: map' or 'Kind: pin'" +
                            (a.kind.empty() ? std::string() : " (found 'Kind: " + a.kind + "')"));
    if (!a.folio_lock.empty() && a.folio_lock != "held" && a.folio_lock != "not held")
        throw LangError(path, a.name_loc,
                        "'Folio-lock:' says whether the path runs with the folio locked: 'Folio-lock: held' or "
                        "'Folio-lock: not held' (found '" +
                            a.folio_lock + "')");
    if (find_writer(a.name))
        throw LangError(path, a.name_loc,
                        "writer '" + a.name +
                            "' already exists (a built-in or another file); "
                            "rename the file's test (C NAME)");
    // The folio's state is the command's to choose: a field here would be honoured by some
    // commands and not others (a sweep runs every size and design), so only the declaration's
    // .pages, the size `litmus --with` composes the file at, is taken; the rest is refused.
    for (const InitEntry& e : a.init) {
        if (e.kind != InitEntry::folio) continue;
        for (size_t i = 0; i < e.fields.size(); i++) {
            const std::string& field = e.fields[i].first;
            const char* instead = field == "mapcount"    ? "--mapcount (run) or --mapcount/--kernel (matrix)"
                                  : field == "maps"      ? "--mms (run): the writer's mm maps the whole folio"
                                  : field == "pins"      ? "--pins (run, matrix)"
                                  : field == "refs"      ? "the check's own references (checks/*.cpp), not the writer's"
                                  : field == "swapcache" ? "--swapcache (run, matrix)"
                                                         : nullptr;
            if (instead)
                throw LangError(path, e.field_locs[i],
                                "a writer file's folio takes .pages only: the command sets '." + field +
                                    "' for every configuration it runs; remove it and use " + instead);
        }
    }
    {
        const Symbols s = build_symbols(a, Overrides{});
        if (!s.folio.declared)
            throw LangError(path, a.name_loc, "a writer file declares the folio: 'struct folio f = { .pages = 2 };'");
        if (kind == WriterKind::pin && (!s.threads[0].regs.count("kept") || !s.threads[0].regs.count("grab_stamp")))
            throw LangError(path, a.threads[0].loc,
                            "a pin writer sets registers 'kept' (1 if it keeps its reference) and 'grab_stamp' "
                            "(= write_stamp() after taking it) for the judge");
    }
    loaded().push_back(LoadedWriter{});
    LoadedWriter& w = loaded().back();
    w.file = std::move(f);
    w.name = w.file.ast.name;
    w.summary = w.file.ast.summary.empty() ? (w.file.ast.doc.empty() ? "writer file " + path : w.file.ast.doc)
                                           : w.file.ast.summary;
    w.kernel = w.file.ast.kernel.empty() ? path : w.file.ast.kernel;
    w.def.name = w.name.c_str();
    w.def.summary = w.summary.c_str();
    w.def.kernel = w.kernel.c_str();
    w.def.kind = kind;
    // A check that holds the folio lock never races such a path (checks/concurrency.cpp).
    w.def.folio_locked = w.file.ast.folio_lock == "held";
    w.def.emit = nullptr;
    w.def.source = &w;
    w.def.emit_from = emit_writer;
    // Check now, with positions, for every folio the commands may ask for: a problem that
    // only some --pages value has is still reported before any search runs.
    for (int pages = 1; pages <= kMaxPages; pages++)
        for (MapcountDesign d : {MapcountDesign::per_page, MapcountDesign::large}) {
            Program p;
            Emitter e(p);
            WriterRegs regs;
            try {
                emit_writer(&w, e, FolioShape{pages, d}, regs);
                e.finish();
            } catch (const LangError& x) {
                if (pages == 1) {
                    loaded().pop_back();
                    throw;
                }
                // Larger folios that the file cannot describe: the run will say so.
            }
        }
    register_writer(&w.def);
    return &w.def;
}

std::string writer_file_path(const WriterDef* w) {
    if (!w || w->emit_from != emit_writer) return "";
    return static_cast<const LoadedWriter*>(w->source)->file.path;
}

std::string writer_file_hash(const WriterDef* w) {
    if (!w || w->emit_from != emit_writer) return "";
    return static_cast<const LoadedWriter*>(w->source)->file.hash;
}

}  // namespace fc::lang
