// harness/pool.hpp: run independent tasks in forked child processes, `jobs` at a time.
//
// Relacy keeps one global context per process and leaks its fiber stacks per simulation, so
// a sweep runs every configuration in a child of its own: searches run in parallel on all
// cores, and memory stays bounded however long the sweep is. Results come back as text over
// a pipe and are returned in task order, whatever order the children finish in.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace fc {

struct TaskOutput {
    std::string text;      // what the task returned
    int exit_status = 0;   // the child's exit status (0 unless it crashed or failed)
    bool crashed = false;  // killed by a signal
};

// progress(done, total) is called in the parent after each task finishes.
std::vector<TaskOutput> run_in_children(size_t tasks, unsigned jobs, const std::function<std::string(size_t)>& task,
                                        const std::function<void(size_t, size_t)>& progress);

unsigned default_jobs();

}  // namespace fc
