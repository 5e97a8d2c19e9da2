// harness/search/pool.cpp: fork-per-task process pool (see pool.hpp).
#include "harness/search/pool.hpp"

#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <limits>
#include <map>
#include <stdexcept>
#include <thread>

#include "model/engine.hpp"

namespace fc {

unsigned default_jobs() {
    const unsigned n = std::thread::hardware_concurrency();
    return n ? n : 1;
}

int interrupt_signal() {
    const int s = g_interrupt;
    return s == SIGINT || s == SIGTERM || s == SIGHUP ? s : s ? SIGINT : 0;
}

const char* interrupt_signal_name() {
    switch (interrupt_signal()) {
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    default: return "SIGINT";
    }
}

int interrupted_exit_code() { return 128 + (interrupt_signal() ? interrupt_signal() : SIGINT); }

namespace {
double g_command_timeout = 0;
std::chrono::steady_clock::time_point g_command_deadline;
}  // namespace

void set_command_timeout(double seconds) {
    g_command_timeout = seconds > 0 ? seconds : 0;
    g_command_deadline = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::nanoseconds>(
                                                                std::chrono::duration<double>(g_command_timeout));
}

double command_seconds_left() {
    if (g_command_timeout <= 0) return std::numeric_limits<double>::infinity();
    const double left = std::chrono::duration<double>(g_command_deadline - std::chrono::steady_clock::now()).count();
    return left > 0 ? left : 0;
}

bool command_timed_out() { return g_command_timeout > 0 && command_seconds_left() <= 0; }

namespace {
double seconds_past_deadline() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - g_command_deadline).count();
}
}  // namespace

namespace {

struct Child {
    pid_t pid;
    int fd;
    size_t task;
    std::string buf;
    bool eof = false;
};

void write_all(int fd, const std::string& s) {
    size_t off = 0;
    while (off < s.size()) {
        const ssize_t n = ::write(fd, s.data() + off, s.size() - off);
        if (n < 0) {
            if (errno == EINTR) continue;
            return;
        }
        off += static_cast<size_t>(n);
    }
}

}  // namespace

std::vector<TaskOutput> run_in_children(size_t tasks, unsigned jobs, const std::function<std::string(size_t)>& task,
                                        const Progress& progress, bool budgeted) {
    const auto timed_out = [budgeted] { return budgeted && command_timed_out(); };
    std::vector<TaskOutput> out(tasks);
    if (jobs == 0) jobs = 1;
    std::map<int, Child> running;  // fd -> child
    size_t next = 0, done = 0;
    const pid_t parent = ::getpid();
    if (progress) progress(0, tasks);  // the display knows the sweep's size before the first ends
    while (done < tasks && !g_interrupt) {
        if (timed_out()) {
            // The budget is spent: nothing more starts; children get the grace to report
            // what their searches (capped at the budget) explored, then are killed.
            if (next < tasks) {
                for (size_t t = next; t < tasks; t++) out[t].not_run = true;
                done += tasks - next;
                next = tasks;
                if (progress) progress(done, tasks);
            }
            if (running.empty()) break;
            if (seconds_past_deadline() > kCommandTimeoutGrace) {
                for (auto& [fd, c] : running) {
                    ::kill(c.pid, SIGKILL);
                    while (::waitpid(c.pid, nullptr, 0) < 0 && errno == EINTR) {
                    }
                    ::close(fd);
                    out[c.task].not_run = true;
                    done++;
                }
                running.clear();
                if (progress) progress(done, tasks);
                break;
            }
        }
        while (running.size() < jobs && next < tasks && !g_interrupt && !timed_out()) {
            int p[2];
            if (::pipe(p) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
            const pid_t pid = ::fork();
            if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
            if (pid == 0) {
                // The parent handles the signals: here they end the child at once, and the
                // child never outlives the parent, however the parent ends.
                for (int sig : {SIGINT, SIGTERM, SIGHUP}) std::signal(sig, SIG_DFL);
                ::prctl(PR_SET_PDEATHSIG, SIGKILL);
                if (::getppid() != parent) ::_exit(3);  // the parent died before prctl
                ::close(p[0]);
                int status = 0;
                try {
                    write_all(p[1], task(next));
                } catch (const std::exception& e) {
                    write_all(p[1], std::string("[internal error] ") + e.what());
                    status = 3;
                }
                ::close(p[1]);
                ::_exit(status);
            }
            ::close(p[1]);
            running.emplace(p[0], Child{pid, p[0], next, {}, false});
            next++;
        }
        if (running.empty()) break;  // interrupted before all tasks started
        std::vector<pollfd> fds;
        for (auto& [fd, c] : running) fds.push_back(pollfd{fd, POLLIN, 0});
        // A timeout, so that a signal arriving just before poll() is seen within 0.1 s.
        const int ready = ::poll(fds.data(), fds.size(), 100);
        if (ready == 0) continue;
        if (ready < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
        }
        for (const pollfd& pf : fds) {
            if (!(pf.revents & (POLLIN | POLLHUP | POLLERR))) continue;
            Child& c = running.at(pf.fd);
            char buf[65536];
            const ssize_t n = ::read(pf.fd, buf, sizeof buf);
            if (n > 0) {
                c.buf.append(buf, static_cast<size_t>(n));
                continue;
            }
            if (n < 0 && errno == EINTR) continue;
            // EOF: reap the child.
            int status = 0;
            while (::waitpid(c.pid, &status, 0) < 0 && errno == EINTR) {
            }
            TaskOutput& o = out[c.task];
            o.text = std::move(c.buf);
            o.crashed = WIFSIGNALED(status);
            o.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            ::close(pf.fd);
            running.erase(pf.fd);
            done++;
            if (progress) progress(done, tasks);
        }
    }
    if (g_interrupt) {
        // Stop now: kill every running child, reap it, and mark what did not complete.
        for (auto& [fd, c] : running) ::kill(c.pid, SIGKILL);
        for (auto& [fd, c] : running) {
            while (::waitpid(c.pid, nullptr, 0) < 0 && errno == EINTR) {
            }
            ::close(fd);
            out[c.task].interrupted = true;
        }
        running.clear();
        for (size_t t = next; t < tasks; t++) out[t].interrupted = true;
        // A Ctrl-C reaches the whole process group: children it ended did not complete either.
        for (TaskOutput& o : out)
            if (o.crashed && (o.exit_status == 128 + SIGINT || o.exit_status == 128 + SIGTERM ||
                              o.exit_status == 128 + SIGHUP || o.exit_status == 128 + SIGKILL))
                o.interrupted = true;
    }
    return out;
}

}  // namespace fc
