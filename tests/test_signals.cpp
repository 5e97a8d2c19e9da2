// tests/test_signals.cpp: SIGINT, SIGTERM and SIGHUP during long commands, against the real
// binary. Each command runs in a process group of its own and gets the signal after 0.5 s:
// to the whole group (what Ctrl-C does) or to foliocheck alone (kill PID, a closing terminal).
// Required: it exits within a second with 128 + the signal, says so in one stderr line,
// marks what did not complete, draws no conclusion, and leaves no process of its group
// behind (children killed and reaped). Before the fix: exit 3 with an empty stderr, rows that
// never ran shown as "error", `fixes` concluding "smallest fix sets ..." from searches that
// never ran, and children left running for minutes (orphaned on SIGTERM/SIGHUP).
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#ifndef FOLIOCHECK_BIN
#error "FOLIOCHECK_BIN must name the foliocheck binary (tests/CMakeLists.txt)"
#endif

namespace {

struct Outcome {
    int code = -1;
    double seconds_after_signal = 0;
    bool group_empty = false;  // no process of foliocheck's process group is left
    std::string out, err;
};

std::string slurp(const std::string& path) {
    std::ifstream f(path);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

// Runs foliocheck with `args` in a new process group, sends `sig` after 0.5 s (to the group
// or to foliocheck only), and waits up to 5 s for it to exit.
Outcome interrupt(const std::vector<std::string>& args, int sig, bool to_group) {
    std::string out_name = (std::filesystem::temp_directory_path() / "foliocheck-sig-out-XXXXXX").string();
    std::string err_name = (std::filesystem::temp_directory_path() / "foliocheck-sig-err-XXXXXX").string();
    const int out_fd = mkstemp(out_name.data()), err_fd = mkstemp(err_name.data());
    REQUIRE(out_fd >= 0);
    REQUIRE(err_fd >= 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        setpgid(0, 0);
        dup2(out_fd, 1);
        dup2(err_fd, 2);
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(FOLIOCHECK_BIN));
        for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        execv(FOLIOCHECK_BIN, argv.data());
        _exit(127);
    }
    setpgid(pid, pid);  // both sides, so the group exists whoever runs first
    close(out_fd);
    close(err_fd);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    REQUIRE(::kill(to_group ? -pid : pid, sig) == 0);
    const auto sent = std::chrono::steady_clock::now();
    Outcome o;
    int status = 0;
    for (;;) {
        const pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid) break;
        if (std::chrono::steady_clock::now() - sent > std::chrono::seconds(5)) {
            ::kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    o.seconds_after_signal = std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
    o.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    o.group_empty = ::kill(-pid, 0) != 0 && errno == ESRCH;
    if (!o.group_empty) ::kill(-pid, SIGKILL);  // do not leave them to the next test
    o.out = slurp(out_name);
    o.err = slurp(err_name);
    std::remove(out_name.c_str());
    std::remove(err_name.c_str());
    return o;
}

// Sweeps whose configurations take far longer than 0.5 s each (full search, lkmm, 3 pages).
const std::vector<std::string> kLongMatrix = {"matrix",  "--checks", "compaction", "--writers", "zap-v6.5,batch-zap-v4",
                                              "--pages", "1,3",      "--memory",   "c11",       "--reader-barriers",
                                              "rmb",     "--search", "full",       "--jobs",    "2"};

// Within a second; a sanitizer build gets 3 s (ASan makes every execution several times
// slower and LeakSanitizer scans the heap at exit; docs/sanitizers.md).
#if defined(__SANITIZE_ADDRESS__)
constexpr double kStopSeconds = 3.0;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr double kStopSeconds = 3.0;
#else
constexpr double kStopSeconds = 1.0;
#endif
#else
constexpr double kStopSeconds = 1.0;
#endif

void check_stopped(const Outcome& o, int sig, const char* name) {
    CAPTURE(o.out);
    CAPTURE(o.err);
    CHECK(o.code == 128 + sig);
    CHECK(o.seconds_after_signal < kStopSeconds);
    CHECK(o.group_empty);
    CHECK(o.err.find(std::string("foliocheck: interrupted by ") + name) == 0);
    CHECK(std::count(o.err.begin(), o.err.end(), '\n') == 1);
}

}  // namespace

TEST_CASE("Ctrl-C during matrix stops it within a second, marks unfinished rows and leaves no child") {
    const Outcome o = interrupt(kLongMatrix, SIGINT, true);
    check_stopped(o, SIGINT, "SIGINT");
    CHECK(o.out.find("INTERRUPTED by SIGINT") != std::string::npos);
    CHECK(o.out.find(" interrupted ") != std::string::npos);             // a row marked as not completed
    CHECK(o.out.find(" not exhaustive, of ") == std::string::npos);      // no summary as if it had finished
    CHECK(o.out.find("configurations completed") != std::string::npos);  // what did complete
}

TEST_CASE("SIGTERM to matrix alone kills and reaps its children and exits 143") {
    check_stopped(interrupt(kLongMatrix, SIGTERM, false), SIGTERM, "SIGTERM");
}

TEST_CASE("SIGHUP to matrix alone kills and reaps its children and exits 129") {
    check_stopped(interrupt(kLongMatrix, SIGHUP, false), SIGHUP, "SIGHUP");
}

TEST_CASE("an interrupted matrix --json is still one JSON list whose unfinished entries say interrupted") {
    std::vector<std::string> args = kLongMatrix;
    args.push_back("--json");
    const Outcome o = interrupt(args, SIGINT, true);
    check_stopped(o, SIGINT, "SIGINT");
    const nlohmann::json j = nlohmann::json::parse(o.out, nullptr, false);
    REQUIRE(j.is_array());
    size_t interrupted = 0;
    for (const auto& r : j) {
        const std::string v = r.value("verdict", "");
        CHECK((v == "interrupted" || v == "holds" || v == "violation" || v == "no-violation-found"));
        if (v == "interrupted") {
            interrupted++;
            CHECK(r["exhaustive"] == false);
        }
    }
    CHECK(interrupted > 0);
}

TEST_CASE("Ctrl-C during fixes never prints smallest fix sets") {
    const Outcome o = interrupt({"fixes", "--check", "compaction", "--writer", "zap-v6.5", "--pages", "3", "--memory",
                                 "c11", "--reader-barrier", "rmb", "--search", "full", "--jobs", "2"},
                                SIGINT, true);
    check_stopped(o, SIGINT, "SIGINT");
    CHECK(o.out.find("smallest fix sets") == std::string::npos);
    CHECK(o.out.find("no conclusion is drawn") != std::string::npos);
}

TEST_CASE("SIGTERM during release answers no 'is it safe?'") {
    const Outcome o = interrupt({"release", "--kernel", "v6.5"}, SIGTERM, false);
    check_stopped(o, SIGTERM, "SIGTERM");
    CHECK(o.out.find("safe?") == std::string::npos);
    CHECK(o.out.find("no conclusion is drawn") != std::string::npos);
}

TEST_CASE("SIGTERM during validate and compare draws no conclusion") {
    const Outcome v = interrupt(
        {"validate", "--proposal", "v6.5-as-is", "--pages", "3", "--memory", "c11", "--search", "full", "--jobs", "2"},
        SIGTERM, false);
    check_stopped(v, SIGTERM, "SIGTERM");
    CHECK(v.out.find("no conclusion is drawn") != std::string::npos);
    CHECK(v.out.find("fails from") == std::string::npos);
    const Outcome c = interrupt({"compare", "v6.5-as-is", "aug-2023-rule", "--pages", "3", "--memory", "c11",
                                 "--search", "full", "--jobs", "2"},
                                SIGHUP, true);
    check_stopped(c, SIGHUP, "SIGHUP");
    CHECK(c.out.find("no differences") == std::string::npos);
    CHECK(c.out.find("difference(s)") == std::string::npos);
    const Outcome j = interrupt({"validate", "--proposal", "v6.5-as-is", "--pages", "3", "--memory", "c11", "--search",
                                 "full", "--jobs", "2", "--json"},
                                SIGINT, true);
    check_stopped(j, SIGINT, "SIGINT");
    const nlohmann::json doc = nlohmann::json::parse(j.out, nullptr, false);
    REQUIRE(doc.is_object());
    CHECK(doc["interrupted"] == "SIGINT");
    CHECK(doc["conclusion"].is_null());
    CHECK(!doc.contains("groups"));
}

TEST_CASE("Ctrl-C during a single long run prints the search so far as not exhaustive and exits 130") {
    const Outcome o = interrupt({"run", "--check", "compaction", "--writer", "zap-v6.5", "--pages", "3", "--memory",
                                 "c11", "--reader-barrier", "rmb", "--search", "full"},
                                SIGINT, true);
    check_stopped(o, SIGINT, "SIGINT");
    CHECK(o.out.find("NOT exhaustive: stopped by interrupted") != std::string::npos);
    CHECK(o.out.find("holds") == std::string::npos);
}

TEST_CASE("SIGTERM and SIGHUP during litmus exit 143 and 129 with run's one-line note") {
    const std::vector<std::string> args = {
        "litmus",   "--memory", "c11",
        "--search", "full",     FOLIOCHECK_SOURCE_DIR "/scenarios/examples/three-cpus-gup-fast-zap-compaction.litmus"};
    check_stopped(interrupt(args, SIGTERM, false), SIGTERM, "SIGTERM");
    check_stopped(interrupt(args, SIGHUP, false), SIGHUP, "SIGHUP");
    const Outcome o = interrupt(args, SIGINT, true);
    check_stopped(o, SIGINT, "SIGINT");
    CHECK(o.out.find("not exhaustive") != std::string::npos);
}
