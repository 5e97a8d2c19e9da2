// harness/report/review_report.hpp: what `foliocheck review` prints: the quotable line, the
// diff tables with the cost of a miss per row, each added failure's counterexample, and the
// JSON object (keys in docs/review.md).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "harness/search/review.hpp"

namespace fc {

// The record each review configuration's child hands back: run --json's object, plus
// "counterexample_text", the block `run` prints for its counterexample (with its replay line).
nlohmann::json review_record(const RunResult& r);

// "try-to-unmap-anon-batched against try-to-unmap-v6.10 on current: adds 0 failures, removes
// 6 (...), both 10; ..." One line, the same in text and JSON.
std::string review_quote(const ReviewSpec& spec, const Review& review);

// What was explored, per memory model: engine, search, folio sizes, pin counts, orders.
std::string review_explored(const ReviewSpec& spec, const ReviewPlan& plan, const std::string& lkmm_note);

std::string review_text(const ReviewSpec& spec, const ReviewPlan& plan, const Review& review,
                        const std::vector<SweepRow>& results, const std::string& lkmm_note, bool markdown);
nlohmann::json review_json(const ReviewSpec& spec, const ReviewPlan& plan, const Review& review,
                           const std::vector<SweepRow>& results, const std::string& lkmm_note);

}  // namespace fc
