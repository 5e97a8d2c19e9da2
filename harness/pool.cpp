// harness/pool.cpp: fork-per-task process pool (see pool.hpp).
#include "harness/pool.hpp"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <map>
#include <stdexcept>
#include <thread>

#include "model/engine.hpp"

namespace fc {

unsigned default_jobs() {
    const unsigned n = std::thread::hardware_concurrency();
    return n ? n : 1;
}

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
                                        const std::function<void(size_t, size_t)>& progress) {
    std::vector<TaskOutput> out(tasks);
    if (jobs == 0) jobs = 1;
    std::map<int, Child> running;  // fd -> child
    size_t next = 0, done = 0;
    while (done < tasks) {
        while (running.size() < jobs && next < tasks && !g_interrupt) {
            int p[2];
            if (::pipe(p) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
            const pid_t pid = ::fork();
            if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
            if (pid == 0) {
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
        if (::poll(fds.data(), fds.size(), -1) < 0) {
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
    return out;
}

}  // namespace fc
