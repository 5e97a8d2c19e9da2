// lang/scenario.hpp: the front end's entry points. A scenario file is read and parsed once
// (ScenarioFile), then compiled for one run (CompiledScenario: the engine's per-CPU Programs,
// initial values, location names, the condition as the judge, and what Relacy cannot see).
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "lang/ast.hpp"
#include "lang/condition.hpp"
#include "lang/lower.hpp"
#include "lang/shapes.hpp"
#include "lang/symbols.hpp"
#include "model/engine.hpp"

namespace fc::lang {

// The file could not be read at all (not a LangError: there is no position to point at).
struct FileError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct ScenarioFile {
    std::string path;
    std::string text;
    std::string hash;  // FNV-1a 64 of the text, 16 hex digits: names the content in replay tokens
    File ast;
};

ScenarioFile parse_scenario_text(const std::string& path, const std::string& text);
ScenarioFile load_scenario_file(const std::string& path);  // FileError or LangError
std::string content_hash(const std::string& text);

// One file, or several parts (a writer file and a check file) whose threads and init blocks
// are merged: threads keep their numbers, which must not collide; folio fields given by
// several parts must agree (the overrides decide the rest); one part has the condition.
File compose(std::vector<ScenarioFile>& parts);

struct CompiledScenario {
    CompiledScenario() = default;
    CompiledScenario(const CompiledScenario&) = delete;
    CompiledScenario& operator=(const CompiledScenario&) = delete;

    const File* file = nullptr;
    Symbols symbols;
    EngineScenario engine;  // engine.judge_ctx points at condition: build in place, never copy
    CompiledCondition condition;
    std::vector<std::map<std::string, RegSym>> regs;  // per thread
    std::vector<ThreadFacts> facts;
    int threads = 0;  // the file's threads (the engine runs at least 2 CPUs: an idle one is added)
    std::vector<Blindspot> blindspots;
};

// Compiles `f` (which must outlive `out`). Throws LangError.
void compile_scenario(const File& f, const Overrides& o, Memory memory, CompiledScenario& out);

}  // namespace fc::lang
