// tests/lkmm_folio_support.hpp: built-in folio scenarios for the exact engine.
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>

#include "checks/scenario.hpp"
#include "model/lkmm/search.hpp"

namespace fc::lkmm::test {

inline std::unique_ptr<BuiltScenario> folio(const char* check, const char* writer, int pages, ReaderBarrier b,
                                            Memory m = Memory::lkmm) {
    ScenarioConfig cfg;
    cfg.check = find_check(check);
    cfg.writer = find_writer(writer);
    REQUIRE(cfg.check != nullptr);
    REQUIRE(cfg.writer != nullptr);
    cfg.folio.pages = pages;
    cfg.order = ReadOrder::ref_first;
    cfg.barrier = b;
    cfg.memory = m;
    auto out = std::make_unique<BuiltScenario>();
    build_scenario(cfg, *out);
    return out;
}

}  // namespace fc::lkmm::test
