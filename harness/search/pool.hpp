// harness/search/pool.hpp: run independent tasks in forked child processes, `jobs` at a time.
//
// Relacy keeps one global context per process (and, on its own, leaks its fiber stacks), so
// a sweep runs every configuration in a child of its own: searches run in parallel on all
// cores, and memory stays bounded however long the sweep is. Results come back as text over
// a pipe and are returned in task order, whatever order the children finish in.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace fc {

// progress(done, total): told in the parent after each task finishes.
using Progress = std::function<void(size_t, size_t)>;

struct TaskOutput {
    std::string text;          // what the task returned
    int exit_status = 0;       // the child's exit status (0 unless it crashed or failed)
    bool crashed = false;      // killed by a signal
    bool interrupted = false;  // did not complete: SIGINT/SIGTERM/SIGHUP stopped the pool first
};

// progress(done, total) is called in the parent after each task finishes.
//
// Signals: once g_interrupt is set (harness/cli/main.cpp: SIGINT, SIGTERM, SIGHUP), no task
// starts, every running child is killed (SIGKILL) and reaped, and run_in_children returns
// within about 0.1 s; the tasks that did not complete are marked `interrupted`. Children die
// with the parent even if it is killed outright (PR_SET_PDEATHSIG), and leave the signals to
// the parent (default dispositions: a Ctrl-C to the process group ends them at once).
std::vector<TaskOutput> run_in_children(size_t tasks, unsigned jobs, const std::function<std::string(size_t)>& task,
                                        const Progress& progress);

unsigned default_jobs();

// The signal that interrupted the command (0 if none), its name ("SIGINT"), and the exit
// code that reports it: 128 + signal (130 SIGINT, 143 SIGTERM, 129 SIGHUP).
int interrupt_signal();
const char* interrupt_signal_name();
int interrupted_exit_code();

}  // namespace fc
