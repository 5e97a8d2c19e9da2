// lang/lexer.cpp: see lexer.hpp.
#include "lang/lexer.hpp"

#include <cctype>

namespace fc::lang {

std::string printable(const std::string& text) {
    // Valid UTF-8 (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF) passes.
    std::string out;
    const auto hex = [&out](unsigned char c) {
        static const char* const d = "0123456789abcdef";
        out += "\\x";
        out += d[c >> 4];
        out += d[c & 15];
    };
    for (size_t i = 0; i < text.size();) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7f) {
            hex(c);
            i++;
            continue;
        }
        if (c < 0x80) {
            out += static_cast<char>(c);
            i++;
            continue;
        }
        size_t n = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
        if (n && i + n <= text.size()) {
            const unsigned char c1 = static_cast<unsigned char>(text[i + 1]);
            // The second byte's range decides overlong forms, surrogates and the upper limit.
            const unsigned char lo = c == 0xe0 ? 0xa0 : c == 0xf0 ? 0x90 : 0x80;
            const unsigned char hi = c == 0xed ? 0x9f : c == 0xf4 ? 0x8f : 0xbf;
            bool ok = c1 >= lo && c1 <= hi;
            for (size_t k = 2; ok && k < n; k++) ok = (static_cast<unsigned char>(text[i + k]) & 0xc0) == 0x80;
            if (ok) {
                out.append(text, i, n);
                i += n;
                continue;
            }
        }
        hex(c);
        i++;
    }
    return out;
}

namespace {

class Lexer {
public:
    Lexer(const std::string& file, const std::string& text)
        : m_file(file), m_s(text), m_file_name(std::make_shared<const std::string>(file)) {}

    Lexed run() {
        Lexed out;
        bool first = true;
        for (;;) {
            skip_space_and_comments(out);
            if (m_i >= m_s.size()) break;
            const SrcLoc at = here();
            if (first) {
                first = false;
                // herd7: the first line is "C NAME" (the architecture, then the test's name).
                if (m_s[m_i] == 'C' && m_i + 1 < m_s.size() && (m_s[m_i + 1] == ' ' || m_s[m_i + 1] == '\t')) {
                    out.tokens.push_back(Token{Tok::ident, "C", 0, at});
                    advance(1);
                    while (m_i < m_s.size() && (m_s[m_i] == ' ' || m_s[m_i] == '\t')) advance(1);
                    const SrcLoc name_at = here();
                    std::string name;
                    while (m_i < m_s.size() && m_s[m_i] != '\n' && m_s[m_i] != '\r') {
                        name += m_s[m_i];
                        advance(1);
                    }
                    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.pop_back();
                    // Printed and put in JSON as is: control bytes and bytes that are not UTF-8
                    // are shown escaped (\xHH), never sent to a terminal raw.
                    out.tokens.push_back(Token{Tok::test_name, printable(name), 0, name_at});
                    m_header = true;
                    continue;
                }
            }
            if (m_header && m_s[m_i] == '{') m_header = false;
            if (m_header && header_line(out)) continue;
            out.tokens.push_back(next_token(at));
        }
        out.tokens.push_back(Token{Tok::end, "", 0, here()});
        return out;
    }

private:
    SrcLoc here() const { return SrcLoc{m_line, m_col, m_file_name}; }

    // herd7's information lines between the test name and the init block ("KEY=VALUE" to the
    // end of the line, herdtools7 lib/splitter.mll), which diy7-generated tests carry: they
    // describe how the test was made and mean nothing to its outcome. Kept in Lexed::headers.
    // A key herd7's generators do not write is refused rather than skipped unread.
    bool header_line(Lexed& out) {
        size_t e = m_i;
        while (e < m_s.size() && (std::isalnum(static_cast<unsigned char>(m_s[e])) || m_s[e] == '_')) e++;
        size_t eq = e;
        while (eq < m_s.size() && (m_s[eq] == ' ' || m_s[eq] == '\t')) eq++;
        if (e == m_i || eq >= m_s.size() || m_s[eq] != '=') return false;
        static const char* const kKnown[] = {"Cycle", "Relax", "Safe", "Generator", "Prefetch", "Com", "Orig", "Hash"};
        const std::string key = m_s.substr(m_i, e - m_i);
        bool known = false;
        for (const char* k : kKnown) known = known || key == k;
        if (!known)
            throw LangError(m_file, here(),
                            "header line '" + printable(key) +
                                "=...': foliocheck reads herd7's information lines Cycle, Relax, Safe, Generator, "
                                "Prefetch, Com, Orig and Hash; remove this one or make it a comment");
        advance(eq + 1 - m_i);
        const size_t start = m_i;
        while (m_i < m_s.size() && m_s[m_i] != '\n' && m_s[m_i] != '\r') advance(1);
        out.headers.emplace_back(key, printable(m_s.substr(start, m_i - start)));
        return true;
    }

    void advance(size_t n) {
        for (size_t k = 0; k < n && m_i < m_s.size(); k++) {
            if (m_s[m_i] == '\n') {
                m_line++;
                m_col = 1;
            } else {
                m_col++;
            }
            m_i++;
        }
    }

    bool at(const char* p) const { return m_s.compare(m_i, std::char_traits<char>::length(p), p) == 0; }

    void skip_space_and_comments(Lexed& out) {
        for (;;) {
            while (m_i < m_s.size() && std::isspace(static_cast<unsigned char>(m_s[m_i]))) advance(1);
            if (at("//")) {
                const size_t start = m_i + 2;
                while (m_i < m_s.size() && m_s[m_i] != '\n') advance(1);
                out.comments.push_back(m_s.substr(start, m_i - start));
            } else if (at("/*")) {
                const SrcLoc open = here();
                advance(2);
                const size_t start = m_i;
                while (m_i < m_s.size() && !at("*/")) advance(1);
                if (m_i >= m_s.size()) throw LangError(m_file, open, "unterminated comment: '/*' without '*/'");
                out.comments.push_back(m_s.substr(start, m_i - start));
                advance(2);
            } else if (m_braces == 0 && m_parens == 0 && at("(*")) {
                const SrcLoc open = here();
                advance(2);
                const size_t start = m_i;
                int depth = 1;
                while (m_i < m_s.size() && depth > 0) {
                    if (at("(*")) {
                        depth++;
                        advance(2);
                    } else if (at("*)")) {
                        depth--;
                        advance(2);
                    } else {
                        advance(1);
                    }
                }
                if (depth > 0) throw LangError(m_file, open, "unterminated comment: '(*' without '*)'");
                out.comments.push_back(m_s.substr(start, m_i - 2 - start));
            } else {
                return;
            }
        }
    }

    Token next_token(SrcLoc at_loc) {
        const char c = m_s[m_i];
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            std::string id;
            while (m_i < m_s.size() && (std::isalnum(static_cast<unsigned char>(m_s[m_i])) || m_s[m_i] == '_')) {
                id += m_s[m_i];
                advance(1);
            }
            return Token{Tok::ident, id, 0, at_loc};
        }
        if (std::isdigit(static_cast<unsigned char>(c))) {
            std::string digits;
            int base = 10;
            if (c == '0' && m_i + 1 < m_s.size() && (m_s[m_i + 1] == 'x' || m_s[m_i + 1] == 'X')) {
                base = 16;
                advance(2);
            }
            while (m_i < m_s.size() && std::isxdigit(static_cast<unsigned char>(m_s[m_i]))) {
                if (base == 10 && !std::isdigit(static_cast<unsigned char>(m_s[m_i]))) break;
                digits += m_s[m_i];
                advance(1);
            }
            if (m_i < m_s.size() && (std::isalpha(static_cast<unsigned char>(m_s[m_i])) || m_s[m_i] == '_'))
                throw LangError(m_file, at_loc, "malformed number: a letter follows the digits");
            if (digits.empty()) throw LangError(m_file, at_loc, "malformed number: '0x' without hex digits");
            // C reads 010 as octal 8 and herd7 (lib/CLexer.mll, OCaml's int_of_string) as
            // decimal 10: a file that means either would get the other's answer somewhere.
            if (base == 10 && digits.size() > 1 && digits[0] == '0')
                throw LangError(m_file, at_loc,
                                "a number with a leading zero ('" + digits +
                                    "'): C reads it as octal, herd7 as decimal; write it without the zero "
                                    "(or in hex, 0x...)");
            const std::string range = "number out of range (int: at most 2147483647, 0x7fffffff)";
            if (digits.size() > (base == 10 ? 10u : 8u)) throw LangError(m_file, at_loc, range);
            const long long v = std::stoll(digits, nullptr, base);
            if (v > 0x7fffffffLL) throw LangError(m_file, at_loc, range);
            return Token{Tok::number, digits, v, at_loc};
        }
        if (c == '"') {
            advance(1);
            std::string s;
            while (m_i < m_s.size() && m_s[m_i] != '"' && m_s[m_i] != '\n') {
                s += m_s[m_i];
                advance(1);
            }
            if (m_i >= m_s.size() || m_s[m_i] != '"')
                throw LangError(m_file, at_loc, "unterminated string: '\"' without its closing '\"' on the same line");
            advance(1);
            return Token{Tok::string, s, 0, at_loc};
        }
        static const char* const kPuncts[] = {"/\\", "\\/", "->", "==", "!=", "<=", ">=", "<<", ">>", "&&",
                                              "||",  "++",  "--", "+=", "-=", "{",  "}",  "(",  ")",  "[",
                                              "]",   ";",   ",",  ":",  "=",  "<",  ">",  "+",  "-",  "*",
                                              "/",   "%",   "&",  "|",  "^",  "!",  "~",  ".",  "?"};
        for (const char* p : kPuncts) {
            if (!at(p)) continue;
            const std::string t = p;
            if (t == "{") m_braces++;
            if (t == "}" && m_braces > 0) m_braces--;
            if (t == "(") m_parens++;
            if (t == ")" && m_parens > 0) m_parens--;
            advance(t.size());
            return Token{Tok::punct, t, 0, at_loc};
        }
        std::string shown;
        if (std::isprint(static_cast<unsigned char>(c))) shown = std::string("'") + c + "'";
        else shown = "byte " + std::to_string(static_cast<unsigned char>(c));
        throw LangError(m_file, at_loc, "unexpected character " + shown);
    }

    const std::string& m_file;
    const std::string& m_s;
    size_t m_i = 0;
    int m_line = 1, m_col = 1;
    int m_braces = 0, m_parens = 0;
    bool m_header = false;  // between the test name and the init block
    std::shared_ptr<const std::string> m_file_name;
};

}  // namespace

Lexed lex(const std::string& file, const std::string& text) { return Lexer(file, text).run(); }

}  // namespace fc::lang
