// harness/report/litmus_threads.cpp: see litmus_threads.hpp.
#include "harness/report/litmus_threads.hpp"

#include <cctype>

namespace fc::litmus_c {

// A comment for thread code: no "*/", no double quote (the splitter skips strings), and no
// word the splitter takes for the start of the final-state part.
std::string c_comment(const std::string& text) {
    static const char* const kStop[] = {"exists", "final", "forall",   "locations",
                                        "filter", "cases", "observed", "Observed"};
    std::string t;
    for (size_t i = 0; i < text.size(); i++) {
        if (text[i] == '"') t += '\'';
        else if (text[i] == '*' && i + 1 < text.size() && text[i + 1] == '/') t += "* ";
        else t += text[i];
    }
    std::string out;
    size_t i = 0;
    while (i < t.size()) {
        if (std::isalpha(static_cast<unsigned char>(t[i]))) {
            size_t j = i;
            // the splitter's `name`: alpha (alpha|digit|'_'|'/'|'.'|'-')*
            while (j < t.size() && (std::isalnum(static_cast<unsigned char>(t[j])) || t[j] == '_' || t[j] == '/' ||
                                    t[j] == '.' || t[j] == '-'))
                j++;
            std::string word = t.substr(i, j - i);
            for (const char* stop : kStop)
                if (word == stop) word += '_';
            out += word;
            i = j;
        } else {
            out += t[i++];
        }
    }
    return "/* " + out + " */";
}

// Text for the header comment: no "(*", "*)" or braces.
std::string header_text(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); i++) {
        const char c = text[i];
        if (c == '"') out += '\'';
        else if (c == '{') out += '[';
        else if (c == '}') out += ']';
        else if (c == '(' && i + 1 < text.size() && text[i + 1] == '*') out += "( ";
        else if (c == '*' && i + 1 < text.size() && text[i + 1] == ')') out += "* ";
        else out += c;
    }
    return out;
}

// foliocheck's own bookkeeping ops (its step clock / modification-order stamps): they feed
// only its judge, have no herd7 counterpart, and are left out with their registers.
bool judge_only(Op op) {
    switch (op) {
    case Op::prim:
    case Op::movi:
    case Op::add:
    case Op::addi:
    case Op::jz:
    case Op::jnz:
    case Op::jne:
    case Op::jmp: return false;
    default: return true;
    }
}

bool is_fence(const Insn& in) { return in.op == Op::prim && prim_info(in.prim).kind == PrimKind::fence; }
bool is_lock(const Insn& in) { return in.op == Op::prim && prim_info(in.prim).kind == PrimKind::lock; }
bool accesses(const Insn& in) { return in.op == Op::prim && !is_fence(in) && !is_lock(in); }

std::string litmus_name(const RunRequest& q, ReadOrder order) {
    std::string n = std::string("foliocheck+") + q.check->name + "+" + q.writer->name + "+" + std::to_string(q.pages) +
                    (q.pages == 1 ? "page" : "pages");
    if (q.pages > 1 && q.mapcount == MapcountDesign::large) n += "+large-mapcount";
    else if (q.pages > 1 && q.mapcount != MapcountDesign::per_page) n += std::string("+") + mapcount_name(q.mapcount);
    if (q.range.first >= 0) n += "+pages-" + range_text(q.range);
    if (q.pin_kind == PinKind::foll_pin) n += "+foll-pin";
    if (!q.ptep_flush_mb) n += "+plain-ptep-clear";
    if (q.what_if) n += "+what-if";
    n += std::string("+") + read_order_name(order);
    if (q.barrier == ReaderBarrier::rmb) n += "+rmb";
    if (q.barrier == ReaderBarrier::mb) n += "+mb";
    if (q.writer_mb) n += "+writer-mb";
    if (q.writer_prefix > 0) n += "+first-" + std::to_string(q.writer_prefix) + "-calls";
    if (q.swapcache) n += "+swapcache";
    std::string clean;  // splitter.mll testname: (alpha|digit|'_'|'/'|'.'|'-'|'+'|'['|']')+
    for (char c : n)
        clean +=
            (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' || c == '+') ? c : '_';
    return clean;
}

}  // namespace fc::litmus_c
