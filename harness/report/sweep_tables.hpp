// harness/report/sweep_tables.hpp: a sweep's rows (harness/search/sweep_row.hpp) as the
// tables matrix and merge print, and what a command prints when a sweep reached no conclusion.
// The tables print the rows' JSON, what `merge` reads back.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/search/sweep_row.hpp"

namespace fc {

std::string matrix_text(const std::vector<nlohmann::json>& results);
std::string matrix_markdown(const std::vector<nlohmann::json>& results);
std::string matrix_csv(const std::vector<nlohmann::json>& results);

// One CSV field, quoted as RFC 4180 says when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& f);

// Stable key for sorting merged shards back into sweep order.
std::string config_key(const nlohmann::json& r);

// Signals (SIGINT/SIGTERM/SIGHUP) during a sweep (sweep_interrupted(), harness/search/matrix.hpp):
// completion_summary() counts what completed; report_interrupted() prints the rows (completed
// ones with their verdicts, the rest marked), one line on stderr, draws no conclusion, and
// returns the exit code (128 + signal) for validate, compare and fixes.
// With json: one object {interrupted, conclusion: null, completed, results}.
std::string completion_summary(const std::vector<SweepRow>& results);

// Rows the command's --timeout left without a run (Outcome::not_run), and the line a report
// prints about them ("" when there are none): never a holds, and the command exits 4.
size_t count_not_run(const std::vector<SweepRow>& results);
std::string not_run_note(const std::vector<SweepRow>& results);
int report_interrupted(const char* command, const std::vector<SweepRow>& results, std::ostream& out, std::ostream& err,
                       bool json = false);
// Rows with verdict "error" have no verdict, so a command draws no conclusion over them:
// -1 if there are none; else one line on err naming the first reason and the exit code (2
// when every error is the input's, 3 otherwise). With print, the rows and "no conclusion"
// go to out first (as text or JSON).
int report_error_rows(const char* command, const std::vector<SweepRow>& results, std::ostream& out, std::ostream& err,
                      bool json, bool print);

}  // namespace fc
