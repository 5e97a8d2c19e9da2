// lang/sema.cpp: build_symbols() (see symbols.hpp): names, counts and ranges checked before
// any code is generated.
#include <algorithm>
#include <functional>
#include <optional>

#include "lang/consteval.hpp"
#include "lang/symbols.hpp"
#include "model/engine.hpp"

namespace fc::lang {

namespace {

std::string where(const SrcLoc& l) { return std::to_string(l.line) + ":" + std::to_string(l.col); }

class Sema {
public:
    Sema(const File& f, const Overrides& o) : m_f(f), m_o(o) { m_s.file = f.path; }

    Symbols run() {
        constants();
        folio();
        locations();
        threads();
        registers();
        reg_inits();
        if (m_f.has_condition) condition(*m_f.condition.expr);
        if (m_f.condition.filter) condition(*m_f.condition.filter);  // a filter without a condition too
        for (const ExprPtr& l : m_f.condition.locations) condition_term(*l);
        return std::move(m_s);
    }

private:
    [[noreturn]] void fail(const SrcLoc& at, const std::string& msg) const { throw LangError(m_f.path, at, msg); }

    long long eval(const Expr& e, const char* what) {
        const auto v = const_eval(m_f.path, e, [this](const std::string& n) { return m_s.constant(n); });
        if (!v) fail(e.loc, std::string(what) + " must be a constant expression");
        return *v;
    }

    void constants() {
        for (const InitEntry& e : m_f.init) {
            if (e.kind != InitEntry::constant) continue;
            if (m_s.consts.count(e.name)) fail(e.loc, "constant '" + e.name + "' declared twice");
            if (builtin_constant(e.name)) fail(e.loc, "'" + e.name + "' is a built-in constant; choose another name");
            auto ov = m_o.set.find(e.name);
            m_s.consts[e.name] = ov != m_o.set.end() ? ov->second : static_cast<int>(eval(*e.values[0], "a constant"));
        }
        for (const auto& [name, value] : m_o.set)
            if (!m_s.consts.count(name))
                fail(m_f.name_loc,
                     "--set " + name + "=" + std::to_string(value) + ": the file declares no 'const int " + name + "'");
    }

    void folio() {
        FolioSym& fo = m_s.folio;
        for (const InitEntry& e : m_f.init) {
            if (e.kind != InitEntry::folio) continue;
            if (fo.declared)
                fail(e.loc, "a scenario has one folio; '" + fo.name + "' was declared at " + where(fo.loc));
            fo.declared = true;
            fo.name = e.name;
            fo.loc = e.loc;
            for (size_t i = 0; i < e.fields.size(); i++) {
                const std::string& field = e.fields[i].first;
                const Expr& v = *e.fields[i].second;
                const SrcLoc at = e.field_locs[i];
                if (field == "mapcount") {
                    if (v.kind == Expr::ident && (v.name == "per_page" || v.name == "large"))
                        fo.shape.design = v.name == "large" ? MapcountDesign::large : MapcountDesign::per_page;
                    else
                        fail(v.loc,
                             "'.mapcount' is per_page (v6.5 per-page _mapcount) or large (v6.10 _large_mapcount)");
                    continue;
                }
                if (v.kind == Expr::call && v.name == "{}") {
                    if (field != "maps") fail(v.loc, "only '.maps' takes a value per page ('.maps = { 2, 1 }')");
                    fo.page_maps.clear();
                    for (const ExprPtr& k : v.kids) {
                        const long long m = eval(*k, "a page's mappings");
                        if (m < 0 || m > 64) fail(k->loc, "a page's mappings must be between 0 and 64");
                        fo.page_maps.push_back(static_cast<int>(m));
                    }
                    fo.page_maps_loc = v.loc;
                    continue;
                }
                const long long n = eval(v, ("folio field '." + field + "'").c_str());
                if (field == "pages") {
                    if (n < 1 || n > kMaxPages)
                        fail(v.loc, "'.pages' must be between 1 and " + std::to_string(kMaxPages));
                    fo.shape.pages = static_cast<int>(n);
                } else if (field == "maps" || field == "pins" || field == "refs") {
                    if (n < 0 || n > 64) fail(v.loc, "'." + field + "' must be between 0 and 64");
                    (field == "maps" ? fo.maps : field == "pins" ? fo.pins : fo.refs) = static_cast<int>(n);
                } else if (field == "swapcache") {
                    if (n != 0 && n != 1) fail(v.loc, "'.swapcache' is 0 or 1");
                    fo.swapcache = n != 0;
                } else {
                    fail(at, "unknown folio field '." + field +
                                 "'; valid: .pages, .mapcount, .maps, .pins, .refs, "
                                 ".swapcache");
                }
            }
        }
        if (!fo.declared && (m_o.pages || m_o.design || m_o.pins || m_o.swapcache))
            fail(m_f.name_loc,
                 "--pages, --mapcount, --pins and --swapcache change the folio, and this file declares "
                 "none");
        if (m_o.pages) {
            if (*m_o.pages < 1 || *m_o.pages > kMaxPages)
                fail(fo.loc, "--pages must be between 1 and " + std::to_string(kMaxPages));
            fo.shape.pages = *m_o.pages;
        }
        if (m_o.design) fo.shape.design = *m_o.design;
        if (!fo.page_maps.empty() && static_cast<int>(fo.page_maps.size()) != fo.shape.pages)
            fail(fo.page_maps_loc, "'.maps' lists " + std::to_string(fo.page_maps.size()) +
                                       " pages but the folio has " + std::to_string(fo.shape.pages));
        if (m_o.pins) fo.pins = *m_o.pins;
        if (m_o.swapcache) fo.swapcache = *m_o.swapcache;
        m_s.next_loc = LOC_COUNT;  // a file's own variables follow the folio's fixed layout
    }

    void add_location(const std::string& name, const std::string& type, SrcLoc at, int size,
                      const std::vector<int>& init) {
        if (m_s.locs.count(name))
            fail(at, "'" + name + "' declared twice (first at " + where(m_s.locs[name].loc) + ")");
        if (m_s.consts.count(name)) fail(at, "'" + name + "' is already a constant");
        if (builtin_constant(name)) fail(at, "'" + name + "' is a built-in constant; choose another name");
        if (m_s.folio.declared && name == m_s.folio.name) fail(at, "'" + name + "' is already the folio");
        LocationSym l;
        l.name = name;
        l.type = type.empty() ? "int" : type;
        l.loc = at;
        l.size = size;
        l.lock = l.type == "spinlock_t";
        const int n = std::max(size, 1);
        if (l.lock) {
            l.base = m_s.nlocks;
            m_s.nlocks += n;
        } else {
            l.base = m_s.next_loc;
            m_s.next_loc += n;
            if (m_s.next_loc > LOC_COUNT + 256) fail(at, "too many shared variables (more than 256)");
        }
        l.init = init;
        l.init.resize(static_cast<size_t>(n), 0);
        m_s.locs[name] = l;
        m_s.loc_order.push_back(name);
    }

    void locations() {
        for (const InitEntry& e : m_f.init) {
            if (e.kind != InitEntry::location) continue;
            static const char* const kTypes[] = {
                "", "int", "atomic_t", "spinlock_t", "unsigned", "unsigned int", "long", "unsigned long", "intptr_t"};
            if (std::find(std::begin(kTypes), std::end(kTypes), e.type) == std::end(kTypes))
                fail(e.loc, "unsupported type '" + e.type + "' in the init block; use int, atomic_t or spinlock_t");
            if (e.array < 0 || e.array > 64) fail(e.loc, "an array has 1 to 64 elements");
            const size_t n = static_cast<size_t>(std::max(e.array, 1));
            if (e.values.size() > n) fail(e.values[n]->loc, "too many initial values for '" + e.name + "'");
            if (e.type == "spinlock_t" && !e.values.empty())
                fail(e.loc, "a spinlock starts unlocked; it takes no initial value");
            std::vector<int> init;
            for (const ExprPtr& v : e.values) init.push_back(static_cast<int>(eval(*v, "an initial value")));
            if (e.array == 0 && e.values.size() == 1) init.assign(1, init[0]);
            add_location(e.name, e.type, e.loc, e.array, init);
        }
    }

    void threads() {
        std::vector<const Thread*> by_id;
        for (const Thread& t : m_f.threads)
            if (t.id >= kMaxLangCpus)
                fail(t.loc, "too many CPUs: P" + std::to_string(t.id) + "; a scenario runs 1 to " +
                                std::to_string(kMaxLangCpus) + " threads (P0..P" + std::to_string(kMaxLangCpus - 1) +
                                ")");
        const int limit = m_o.max_cpus > 0 ? std::min(m_o.max_cpus, kMaxLangCpus) : kRelacyMaxCpus;
        for (const Thread& t : m_f.threads) {
            // Only Relacy runs fewer CPUs than the language reads (the exact engine runs them all).
            if (t.id >= limit)
                fail(t.loc, "P" + std::to_string(t.id) + ": more than " + std::to_string(limit) +
                                " CPUs; Relacy (--memory sc, c11, relaxed) runs up to " + std::to_string(limit) +
                                ": use --memory lkmm, or --engine exact with --memory sc (the exact engine runs "
                                "up to " +
                                std::to_string(kMaxLangCpus) + ")");
            if (static_cast<size_t>(t.id) >= by_id.size()) by_id.resize(static_cast<size_t>(t.id) + 1, nullptr);
            if (by_id[static_cast<size_t>(t.id)])
                fail(t.loc, "thread P" + std::to_string(t.id) + " defined twice (first at " +
                                where(by_id[static_cast<size_t>(t.id)]->loc) + ")");
            by_id[static_cast<size_t>(t.id)] = &t;
        }
        if (by_id.empty()) fail(m_f.name_loc, "the file has no threads: write at least P0(...) { ... }");
        for (size_t i = 0; i < by_id.size(); i++)
            if (!by_id[i])
                fail(m_f.threads.back().loc,
                     "threads are numbered from P0 without gaps: P" + std::to_string(i) + " is missing");
        for (const Thread* t : by_id) {
            ThreadSym ts;
            ts.id = t->id;
            ts.ast = t;
            for (const Param& p : t->params) {
                if (ts.params.count(p.name)) fail(p.loc, "parameter '" + p.name + "' appears twice");
                ts.params[p.name] = &p;
                const bool folio_type = p.type == "struct folio" || p.type == "folio";
                if (folio_type) {
                    if (!m_s.folio.declared)
                        fail(p.loc, "parameter '" + p.name +
                                        "' is a folio, but the init block declares none "
                                        "('struct folio " +
                                        p.name + " = { .pages = 1 };')");
                    if (p.name != m_s.folio.name)
                        fail(p.loc, "the folio is called '" + m_s.folio.name + "', not '" + p.name + "'");
                    continue;
                }
                if (m_s.folio.declared && p.name == m_s.folio.name)
                    fail(p.loc, "'" + p.name + "' is the folio: declare it as 'struct folio *" + p.name + "'");
                if (m_s.consts.count(p.name)) fail(p.loc, "'" + p.name + "' is a constant, not a shared variable");
                if (!m_s.locs.count(p.name)) {
                    // herd7: a parameter not in the init block is a shared variable starting at 0.
                    std::string type = p.type;
                    if (type != "int" && type != "atomic_t" && type != "spinlock_t" && type != "unsigned int" &&
                        type != "unsigned" && type != "long" && type != "intptr_t")
                        fail(p.loc, "unsupported parameter type '" + type +
                                        " *'; use int *, atomic_t *, spinlock_t * or struct folio *");
                    add_location(p.name, type, p.loc, 0, {});
                } else if ((p.type == "spinlock_t") != m_s.locs[p.name].lock) {
                    fail(p.loc, "'" + p.name + "' is declared as " + m_s.locs[p.name].type + " but passed as " +
                                    p.type + " *");
                }
            }
            m_s.threads.push_back(std::move(ts));
        }
    }

    void collect(ThreadSym& t, const Stmt& s) {
        if (s.kind == Stmt::decl) {
            for (const Declarator& d : s.decls) {
                auto it = t.regs.find(d.name);
                if (it != t.regs.end() && it->second.implicit)
                    fail(it->second.loc,
                         "register '" + d.name + "' is used before its declaration (at " + where(d.loc) + ")");
                if (it != t.regs.end())
                    fail(d.loc, "register '" + d.name + "' declared twice in P" + std::to_string(t.id) + " (first at " +
                                    where(it->second.loc) + ")");
                if (t.params.count(d.name))
                    fail(d.loc, "'" + d.name + "' is a parameter of P" + std::to_string(t.id) +
                                    "; name the register "
                                    "differently");
                if (m_s.consts.count(d.name) || builtin_constant(d.name))
                    fail(d.loc, "'" + d.name + "' is a constant; name the register differently");
                RegSym r;
                r.size = d.array;
                r.loc = d.loc;
                r.pointer = d.pointer;
                if (d.pointer && d.array)
                    fail(d.loc, "an array of pointers is not supported: declare one pointer register");
                t.regs[d.name] = r;
            }
        }
        if (s.kind == Stmt::assign && s.target->kind == Expr::ident && !t.regs.count(s.target->name) &&
            !t.params.count(s.target->name) && !m_s.locs.count(s.target->name) && !m_s.consts.count(s.target->name) &&
            !builtin_constant(s.target->name) && !(m_s.folio.declared && s.target->name == m_s.folio.name)) {
            // herd7 accepts a register that is assigned without a declaration (the kernel's
            // cmpxchg-fail-*.litmus do this): it is declared by its first assignment.
            RegSym r;
            r.loc = s.target->loc;
            r.implicit = true;
            t.regs[s.target->name] = r;
        }
        for (const StmtPtr& b : s.body) collect(t, *b);
        for (const Stmt* k : {s.then_.get(), s.else_.get(), s.init.get(), s.step.get()})
            if (k) collect(t, *k);
    }

    void registers() {
        for (ThreadSym& t : m_s.threads) collect(t, *t.ast->body);
    }

    void reg_inits() {
        for (const InitEntry& e : m_f.init) {
            if (e.kind != InitEntry::reg) continue;
            const ThreadSym& t = thread_of(e.thread, e.loc);
            if (!t.regs.count(e.name))
                fail(e.loc, "P" + std::to_string(e.thread) + " declares no register '" + e.name + "'");
            m_s.reg_init[{e.thread, e.name}] = static_cast<int>(eval(*e.values[0], "a register's initial value"));
        }
    }

    const ThreadSym& thread_of(long long id, const SrcLoc& at) const {
        if (id < 0 || id >= static_cast<long long>(m_s.threads.size()))
            fail(at, "the file has no thread P" + std::to_string(id) + " (threads: P0..P" +
                         std::to_string(m_s.threads.size() - 1) + ")");
        return m_s.threads[static_cast<size_t>(id)];
    }

    void check_index(const Expr& e, int size, const std::string& what) {
        if (size == 0 && !e.kids.empty()) fail(e.kids[0]->loc, what + " is not an array");
        if (size > 0 && e.kids.empty()) fail(e.loc, what + " is an array: name an element ('" + e.name + "[0]')");
        if (size > 0 && (e.kids[0]->value < 0 || e.kids[0]->value >= size))
            fail(e.kids[0]->loc, "index " + std::to_string(e.kids[0]->value) + " is outside " + what + "[0.." +
                                     std::to_string(size - 1) + "]");
    }

    void condition_term(const Expr& e) {
        if (e.kind == Expr::thread_reg) {
            const ThreadSym& t = thread_of(e.value, e.loc);
            auto it = t.regs.find(e.name);
            if (it == t.regs.end())
                fail(e.loc, "P" + std::to_string(e.value) + " declares no register '" + e.name + "'");
            check_index(e, it->second.size, "register " + std::to_string(e.value) + ":" + e.name);
        } else if (e.kind == Expr::ident) {
            if (m_s.consts.count(e.name) || builtin_constant(e.name)) return;
            const LocationSym* l = m_s.location(e.name);
            if (!l) {
                if (m_s.folio.declared && e.name == m_s.folio.name)
                    fail(e.loc, "the condition cannot name the folio itself; read its counters into registers");
                fail(e.loc, "unknown location '" + e.name +
                                "' in the condition (not in the init block or a thread's "
                                "parameters)");
            }
            if (l->lock) fail(e.loc, "'" + e.name + "' is a spinlock; a condition cannot read it");
            check_index(e, l->size, "'" + e.name + "'");
        } else {
            for (const ExprPtr& k : e.kids) condition_term(*k);
        }
    }

    // The value of a condition part made of numbers and constants only (it decides /\ and \/
    // without looking at the other side: a part file can name registers of a thread that only
    // some compositions have, behind "gup=0 \/ ...").
    std::optional<long long> fixed(const Expr& e) const {
        return const_eval(m_f.path, e, [this](const std::string& n) { return m_s.constant(n); });
    }

    void condition(const Expr& e) {
        if (e.kind == Expr::binary && (e.op == "/\\" || e.op == "\\/")) {
            const bool is_or = e.op == "\\/";
            for (int side = 0; side < 2; side++) {
                const auto v = fixed(*e.kids[static_cast<size_t>(side)]);
                if (v && ((is_or && *v) || (!is_or && !*v))) return;  // decided by this side
            }
        }
        if (e.kind == Expr::binary || e.kind == Expr::unary) {
            for (const ExprPtr& k : e.kids) condition(*k);
            return;
        }
        condition_term(e);
    }

    const File& m_f;
    const Overrides& m_o;
    Symbols m_s;
};

}  // namespace

Symbols build_symbols(const File& f, const Overrides& o) { return Sema(f, o).run(); }

}  // namespace fc::lang
