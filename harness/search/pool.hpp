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
    bool not_run = false;      // the command's time budget ran out before it started or ended
};

// progress(done, total) is called in the parent after each task finishes.
//
// The command's budget (set_command_timeout): once it is spent no task starts, and a child
// still running 2 s later (its own search stops at the budget: sweeps cap each
// configuration's timeout by command_seconds_left()) is killed; both are marked `not_run`.
//
// Signals: once g_interrupt is set (harness/cli/main.cpp: SIGINT, SIGTERM, SIGHUP), no task
// starts, every running child is killed (SIGKILL) and reaped, and run_in_children returns
// within about 0.1 s; the tasks that did not complete are marked `interrupted`. Children die
// with the parent even if it is killed outright (PR_SET_PDEATHSIG), and leave the signals to
// the parent (default dispositions: a Ctrl-C to the process group ends them at once).
// budgeted: false for work that is not a configuration of the sweep (the replay of a
// counterexample the report shows), which the command's budget does not stop.
std::vector<TaskOutput> run_in_children(size_t tasks, unsigned jobs, const std::function<std::string(size_t)>& task,
                                        const Progress& progress, bool budgeted = true);

unsigned default_jobs();

// A whole command's time budget (the sweeps' --timeout), from now; 0 removes it. Sweeps
// set it when they read their options, so that every phase draws on one budget.
void set_command_timeout(double seconds);
double command_seconds_left();              // +infinity without a budget, 0 once it is spent
bool command_timed_out();                   // a budget was given and it is spent
constexpr double kCommandTimeoutGrace = 2;  // seconds a child may run past the budget

// The signal that interrupted the command (0 if none), its name ("SIGINT"), and the exit
// code that reports it: 128 + signal (130 SIGINT, 143 SIGTERM, 129 SIGHUP).
int interrupt_signal();
const char* interrupt_signal_name();
int interrupted_exit_code();

}  // namespace fc
