// harness/report/tables.hpp: aligned text or Markdown tables, and the rows validate and
// release print (harness/search/validate_rows.hpp) as tables and JSON.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "harness/search/validate_rows.hpp"

namespace fc {

// A table: header and rows, aligned text or Markdown.
std::string table_text(const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows,
                       bool markdown);

// extra: one more column (head, one cell per row) before the note, or null.
std::string rows_text(const std::vector<Row>& rows, const std::vector<Memory>& mems, bool markdown,
                      const std::pair<std::string, std::vector<std::string>>* extra = nullptr);
nlohmann::json row_json(const Row& r);

}  // namespace fc
