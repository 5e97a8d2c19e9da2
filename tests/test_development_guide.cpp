// tests/test_development_guide.cpp: docs/development.md's "Adding a check" is what the code
// needs: the files its worked example names are exactly the source files that register the
// lazyfree check, the list has at most three steps, and every check and writer a source file
// defines has its row in checks.def / writers.def.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

const fs::path kRoot = FOLIOCHECK_SOURCE_DIR;

std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// The numbered steps of one section ("## Adding a check"), continuation lines included.
std::string steps_of(const std::string& doc, const std::string& heading, int& steps) {
    const size_t at = doc.find("\n" + heading + "\n");
    REQUIRE(at != std::string::npos);
    std::istringstream in(doc.substr(at + heading.size() + 2));
    std::string line, out;
    bool in_list = false;
    steps = 0;
    while (std::getline(in, line)) {
        if (line.rfind("## ", 0) == 0) break;
        if (std::regex_match(line, std::regex("[0-9]+\\. .*"))) {
            in_list = true;
            steps++;
        } else if (in_list && line.rfind("   ", 0) != 0) {
            break;  // the list ended
        }
        if (in_list) out += line + "\n";
    }
    return out;
}

// Source files of the program (not tests, docs or scenario files).
std::set<std::string> sources_mentioning(const std::set<std::string>& needles) {
    std::set<std::string> out;
    for (const char* dir : {"checks", "model", "lang", "harness", "fuzz", "tools"})
        for (const auto& e : fs::recursive_directory_iterator(kRoot / dir)) {
            if (!e.is_regular_file()) continue;
            const std::string name = e.path().filename().string();
            const std::string ext = e.path().extension().string();
            if (ext != ".cpp" && ext != ".hpp" && ext != ".def" && name != "CMakeLists.txt") continue;
            const std::string text = read(e.path());
            for (const std::string& n : needles)
                if (text.find(n) != std::string::npos) out.insert(fs::relative(e.path(), kRoot).string());
        }
    for (const std::string& n : needles)
        if (read(kRoot / "CMakeLists.txt").find(n) != std::string::npos) out.insert("CMakeLists.txt");
    return out;
}

std::set<std::string> defined(const fs::path& dir, const std::string& type) {
    std::set<std::string> out;
    const std::regex def("const " + type + " (k[A-Za-z0-9]+) = \\{");
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().extension() != ".cpp") continue;
        const std::string text = read(e.path());
        for (std::sregex_iterator m(text.begin(), text.end(), def), end; m != end; ++m) out.insert((*m)[1]);
    }
    return out;
}

std::set<std::string> rows(const fs::path& def, const std::string& macro) {
    std::set<std::string> out;
    const std::string text = read(def);
    const std::regex row("\n" + macro + "\\((k[A-Za-z0-9]+)\\)");
    for (std::sregex_iterator m(text.begin(), text.end(), row), end; m != end; ++m) out.insert((*m)[1]);
    return out;
}

}  // namespace

TEST_CASE("the files docs/development.md names for adding a check are the ones that register lazyfree") {
    int steps = 0;
    const std::string list = steps_of(read(kRoot / "docs/development.md"), "## Adding a check", steps);
    CHECK(steps >= 1);
    CHECK(steps <= 3);  // adding a check: at most three files besides its tests and docs
    std::set<std::string> named;
    const std::regex path("`([A-Za-z0-9_./<>-]+/[A-Za-z0-9_.<>-]+)`");
    for (std::sregex_iterator m(list.begin(), list.end(), path), end; m != end; ++m) {
        std::string p = (*m)[1];
        const size_t at = p.find("<name>");
        if (at != std::string::npos) p.replace(at, 6, "lazyfree");
        named.insert(p);
    }
    CHECK(named == std::set<std::string>{"checks/lazyfree.cpp", "checks/checks.def", "checks/CMakeLists.txt"});
    CHECK(sources_mentioning({"kCheckLazyfree", "lazyfree.cpp"}) == named);
}

TEST_CASE("every check and writer a source file defines has its row in checks.def or writers.def") {
    CHECK(defined(kRoot / "checks", "CheckDef") == rows(kRoot / "checks/checks.def", "FOLIOCHECK_CHECK"));
    CHECK(defined(kRoot / "checks/writers", "WriterDef") ==
          rows(kRoot / "checks/writers/writers.def", "FOLIOCHECK_WRITER"));
    CHECK(rows(kRoot / "checks/checks.def", "FOLIOCHECK_CHECK").size() >= 7);
}
