// tests/test_scenario_limits.cpp: the scenario front end on hostile input: nesting and
// expression depth, long sums, long comments and metadata lines, C's undefined integer
// cases, the register limit, test names that are not printable, composed files' errors.
// Each refusal is one FILE:LINE:COL line (a LangError); nothing crashes.
#include <doctest/doctest.h>

#include <chrono>
#include <climits>

#include "lang/parser.hpp"
#include "scenario_support.hpp"

using namespace fc;
using namespace fc::test;

namespace {

std::string repeat(const std::string& s, size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (size_t i = 0; i < n; i++) out += s;
    return out;
}

// The message parse() refuses `text` with ("" if it parses).
std::string parse_error(const std::string& text) {
    try {
        lang::parse("t.litmus", text);
    } catch (const lang::LangError& e) {
        return e.what();
    }
    return "";
}

const std::string kTwoThreads = "P1(int *x) { WRITE_ONCE(*x, 2); }\nexists (x=1)\n";

// A litmus result, or the one-line message the file is refused with.
struct Answer {
    std::string observation, error;
};
Answer answer(const std::string& text) {
    Answer a;
    try {
        a.observation = run_text(text, Memory::sc).observation;
    } catch (const lang::LangError& e) {
        a.error = e.what();
    }
    return a;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("braces nested 15,000 deep are refused at the first level beyond the limit, not a stack overflow") {
    const std::string text = "C deep\n{}\nP0(int *x) " + repeat("{", 15000) + repeat("}", 15000) + "\n" + kTwoThreads;
    const std::string e = parse_error(text);
    CHECK(has(e, "t.litmus:3:"));
    CHECK(has(e, "nested more than 256 levels deep"));
}

TEST_CASE("parentheses nested 20,000 deep in an expression and in a condition are refused") {
    const std::string expr = "C deep\n{}\nP0(int *x) { int r0; r0 = " + repeat("(", 20000) + "1" + repeat(")", 20000) +
                             "; }\n" + kTwoThreads;
    CHECK(has(parse_error(expr), "nested more than 256 levels deep"));
    const std::string cond = "C deep\n{}\nP0(int *x) { WRITE_ONCE(*x, 1); }\nexists " + repeat("(", 20000) + "x=1" +
                             repeat(")", 20000) + "\n";
    CHECK(has(parse_error(cond), "nested more than 256 levels deep"));
}

TEST_CASE("100,000 prefix operators or casts in a row are refused") {
    for (const std::string op : {"!", "~", "- ", "(int)"}) {
        INFO(op);
        const std::string text = "C deep\n{}\nP0(int *x) { int r0; r0 = " + repeat(op, 100000) + "1; }\n" + kTwoThreads;
        CHECK(has(parse_error(text), "nested more than 256 levels deep"));
    }
    const std::string cond = "C deep\n{}\nP0(int *x) { WRITE_ONCE(*x, 1); }\nexists (" + repeat("~", 100000) + "x=1)\n";
    CHECK(has(parse_error(cond), "nested more than 256 levels deep"));
}

TEST_CASE("a 400,000-term constant sum is refused as too deep, and a 250-term register sum lowers") {
    const std::string big = "C sum\n{}\nP0(int *x) { int r0; r0 = 1" + repeat("+1", 400000) + "; }\n" + kTwoThreads;
    CHECK(has(parse_error(big), "nested more than 256 levels deep"));
    // Within the limit: r0 + r0 + ... (250 terms) with r0 = 1 is 250, computed at run time.
    const std::string ok = "C sum\n{}\nP0(int *x) { int r0; int r1; r0 = READ_ONCE(*x) + 1; r1 = r0" +
                           repeat(" + r0", 249) + "; }\nP1(int *x) { WRITE_ONCE(*x, 0); }\nexists (0:r1=250)\n";
    const auto t0 = std::chrono::steady_clock::now();
    CHECK(answer(ok).observation == "Always");
    CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() < 5.0);
}

TEST_CASE("a comment of 30,000 spaces or stars and a 50 KB Summary line are read without a regex") {
    for (const std::string fill : {" ", "*"}) {
        const std::string text =
            "C long\n(*" + repeat(fill, 30000) + "*)\n{}\nP0(int *x) { WRITE_ONCE(*x, 1); }\n" + kTwoThreads;
        CHECK(parse_error(text) == "");
    }
    const std::string summary = repeat("s", 50000);
    const lang::File f = lang::parse("t.litmus", "C long\n// Summary: " + summary +
                                                     "  \n// Result: Sometimes\n{}\n"
                                                     "P0(int *x) { WRITE_ONCE(*x, 1); }\n" +
                                                     kTwoThreads);
    CHECK(f.summary == summary);
    CHECK(f.expected_result == "Sometimes");
    const lang::File boxed = lang::parse("t.litmus",
                                         "C boxed\n(*\n * Kind: unmap\n * Kernel: v6.5\n *)\n{}\n"
                                         "P0(int *x) { WRITE_ONCE(*x, 1); }\n" +
                                             kTwoThreads);
    CHECK(boxed.kind == "unmap");
    CHECK(boxed.kernel == "v6.5");
}

TEST_CASE("a negation in a condition is logical even when its operand is a constant") {
    const std::string threads = "P0(int *x) { WRITE_ONCE(*x, 1); }\nP1(int *x) { int r0; r0 = READ_ONCE(*x); }\n";
    // strict = 1: ~(strict=1) is false, so the condition is 1:r0=1, which r0 = 0 fails.
    const Answer strict = answer("C neg\n{ const int strict = 1; }\n" + threads + "forall (~(strict=1) \\/ 1:r0=1)\n");
    CHECK(strict.error == "");
    CHECK(strict.observation == "Sometimes");
    CHECK(answer("C neg\n{}\n" + threads + "exists (~true)\n").observation == "Never");
    CHECK(answer("C neg\n{}\n" + threads + "exists (~false)\n").observation == "Always");
    CHECK(answer("C neg\n{}\n" + threads + "exists (not 1:r0=1)\n").observation == "Sometimes");
}

TEST_CASE("a file without a final condition is herd7's forall (true): Always, so Result: Never differs") {
    const LitmusResult r = run_text(
        "C none\n// Result: Never\n{}\nP0(int *x) { WRITE_ONCE(*x, 1); }\n"
        "P1(int *x) { int r0; r0 = READ_ONCE(*x); }\nlocations [1:r0;]\n",
        Memory::sc);
    CHECK(r.observation == "Always");
    CHECK(r.condition_text == "forall (true)");
    CHECK(r.positive == r.executions);
    CHECK(r.negative == 0);
    CHECK(r.result_match == "differs");
    CHECK(r.states.size() == 2);  // r0 = 0 and r0 = 1
}

TEST_CASE("literals: 10 digits up to INT_MAX are accepted, a leading zero and INT_MAX + 1 are refused") {
    const std::string head = "C lit\n{}\nP0(int *x) { int r0; r0 = ";
    const std::string tail = "; WRITE_ONCE(*x, r0); }\nP1(int *x) { int r1; r1 = READ_ONCE(*x); }\n";
    CHECK(answer(head + "2147483647" + tail + "exists (x=2147483647)\n").observation == "Always");
    CHECK(answer(head + "0x7fffffff" + tail + "exists (x=2147483647)\n").observation == "Always");
    CHECK(has(answer(head + "2147483648" + tail + "exists (x=1)\n").error, ":3:27: number out of range"));
    CHECK(has(answer(head + "010" + tail + "exists (x=10)\n").error, ":3:27: a number with a leading zero ('010')"));
    CHECK(answer(head + "0" + tail + "exists (x=0)\n").observation == "Always");
}

TEST_CASE("constant expressions that C leaves undefined are refused, each naming its case") {
    const std::string head = "C ub\n{}\nP0(int *x) { int r0; r0 = ";
    const std::string tail = "; WRITE_ONCE(*x, r0); }\nP1(int *x) { WRITE_ONCE(*x, 2); }\nexists (x=1)\n";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"1 << 32", "a shift by 32"},
        {"1 >> -1", "a shift by -1"},
        {"-1 << 1", "a left shift of a negative value"},
        {"1 << 31", "signed overflow"},
        {"(-2147483647 - 1) / -1", "INT_MIN / -1 overflows int"},
        {"(-2147483647 - 1) % -1", "INT_MIN % -1 overflows int"},
        {"7 % 0", "division by zero"},
        {"2147483647 + 1", "signed overflow"},
        {"-(-2147483647 - 1)", "signed overflow (-INT_MIN is outside int)"},
        {"65536 * 65536", "signed overflow"},
    };
    for (const auto& [expr, why] : cases) {
        INFO(expr);
        const Answer a = answer(head + expr + tail);
        CHECK(has(a.error, ":3:"));
        CHECK(has(a.error, ": undefined in C, in a constant expression: " + why));
    }
    // Defined neighbours are computed as C does.
    const std::string read = "; WRITE_ONCE(*x, r0); }\nP1(int *x) { int r1; r1 = READ_ONCE(*x); }\n";
    CHECK(answer(head + "1 << 30" + read + "exists (x=1073741824)\n").observation == "Always");
    CHECK(answer(head + "-8 >> 1" + read + "exists (x=-4)\n").observation == "Always");
    CHECK(answer(head + "-7 % 3" + read + "exists (x=-1)\n").observation == "Always");
    CHECK(answer(head + "(-2147483647 - 1) / 1" + read + "exists (x<-2147483647)\n").observation == "Always");
}

TEST_CASE("run-time division by zero, INT_MIN / -1 and a shift by 32 refuse the answer, naming the case") {
    // x holds the value before and after P1's write: every execution reads it.
    const auto file = [](const std::string& expr, const std::string& x, const std::string& cond) {
        return "C ub\n{ x = " + x + "; }\nP0(int *x) { int r0; int r1; r0 = READ_ONCE(*x); r1 = " + expr +
               "; }\nP1(int *x) { WRITE_ONCE(*x, " + x + "); }\nexists (" + cond + ")\n";
    };
    const std::vector<std::tuple<std::string, std::string, std::string>> cases = {
        {"7 / r0", "0", "P0 computes division by zero (x / 0) in an execution"},
        {"7 % r0", "0", "P0 computes division by zero (x % 0) in an execution"},
        {"(-2147483647 - 1) / r0", "-1", "P0 computes INT_MIN / -1 overflows int"},
        {"1 << r0", "32", "P0 computes a shift by less than 0 or more than 31"},
        {"1 >> r0", "-1", "P0 computes a shift by less than 0 or more than 31"},
    };
    for (const auto& [expr, value, why] : cases) {
        INFO(expr);
        const Answer a = answer(file(expr, value, "0:r1=0"));
        CHECK(a.observation == "");
        CHECK(has(a.error, ":3:1: " + why));
    }
    // Wrapping + - * at run time, as herd7's 32-bit values: INT_MAX + 1 is INT_MIN.
    const Answer wrap = answer(file("r0 + 1", "2147483647", "0:r1<-2147483647"));
    CHECK(wrap.error == "");
    CHECK(wrap.observation == "Always");
    CHECK(answer(file("r0 * 2", "1073741824", "0:r1<-2147483647")).observation == "Always");
}

TEST_CASE("condition sums and atomic additions wrap instead of overflowing") {
    const Answer a = answer(
        "C wrap\n{ atomic_t v = ATOMIC_INIT(2147483647); }\nP0(atomic_t *v) { atomic_inc(v); }\n"
        "P1(atomic_t *v) { int r0; r0 = atomic_read(v); }\nexists (v<0 /\\ 1:r0-1=2147483647)\n");
    CHECK(a.error == "");
    CHECK(a.observation == "Sometimes");  // r0 = INT_MIN (read after the increment): INT_MIN - 1
}

TEST_CASE("register arrays and a thread's registers stay within the engine's 48 registers") {
    const std::string head = "C regs\n{}\nP0(int *x) { ";
    const std::string tail = " WRITE_ONCE(*x, 1); }\n" + kTwoThreads;
    CHECK(has(answer(head + "int a[64];" + tail).error, "3:18: a register array has 1 to 32 elements"));
    CHECK(has(answer(head + "int a[32]; int b[32];" + tail).error, "needs more than 48 registers"));
    CHECK(answer(head + "int a[32]; a[31] = 1;" + tail).error == "");
}

TEST_CASE("control bytes and invalid UTF-8 in a test name are shown escaped") {
    const lang::File f =
        lang::parse("t.litmus", "C a\x1b[31mb\x01\xff\xc3\xa9\n{}\nP0(int *x) { WRITE_ONCE(*x, 1); }\n" + kTwoThreads);
    CHECK(f.name == "a\\x1b[31mb\\x01\\xff\xc3\xa9");
    CHECK(lang::printable("\xe0\x80\x80 \xed\xa0\x80 \xf4\x90\x80\x80 ok") ==
          "\\xe0\\x80\\x80 \\xed\\xa0\\x80 \\xf4\\x90\\x80\\x80 ok");
}

TEST_CASE("an error in a part given with --with names that part's file, whichever part comes first") {
    std::string dir = (std::filesystem::temp_directory_path() / "fc-with-XXXXXX").string();
    REQUIRE(mkdtemp(dir.data()) != nullptr);
    const std::string part = std::string(dir) + "/part.litmus", main = std::string(dir) + "/main.litmus";
    std::ofstream(part) << "C part\n{}\nP1(int *x) {\n  int r0;\n  r0 = READ_ONCE(*y);\n}\n";
    std::ofstream(main) << "C main\n{}\nP0(int *x) { WRITE_ONCE(*x, 1); }\nexists (1:r0=1)\n";
    for (const std::string& args : {"--with " + part + " " + main, "--with " + main + " " + part}) {
        INFO(args);
        const CliResult r = run_cli("litmus " + args);
        CHECK(r.code == 2);
        CHECK(r.err == "foliocheck: " + part +
                           ":5:19: unknown shared variable 'y' (not a parameter of P1 nor in the init "
                           "block)\n");
    }
    std::remove(part.c_str());
    std::remove(main.c_str());
    rmdir(dir.c_str());
}
