// harness/cli/cli.cpp: foliocheck list | run (see docs/usage.md).
#include "harness/cli/cli.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "checks/kernels.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/options.hpp"
#include "harness/report/export_dot.hpp"
#include "harness/report/export_file.hpp"
#include "harness/report/export_litmus.hpp"
#include "harness/report/report.hpp"
#include "harness/search/litmus_token.hpp"
#include "harness/search/pool.hpp"
#include "harness/search/proposals.hpp"
#include "harness/search/split.hpp"
#include "harness/search/token.hpp"
#include "lang/writer_file.hpp"
#include "model/out_of_memory.hpp"

namespace fc {

namespace {

// An error line names what the user typed, but never echoes a huge argument whole (a 130 KB
// --check value made a 130 KB line): every quoted part longer than 80 characters is cut to
// its first 77 and "...", and the line to 400 characters. Control characters are escaped
// first, so the limits hold for what the terminal shows.
std::string error_line(const std::string& what) {
    const std::string text = escape_controls(what);
    // A quote opens a quoted argument after a space or an opening bracket (not the apostrophe
    // of "token's"), and closes it before a space, punctuation or the end.
    auto opens = [&](size_t k) { return k == 0 || std::string(" ([=,:").find(text[k - 1]) != std::string::npos; };
    auto closes = [&](size_t k) {
        return k + 1 == text.size() || std::string(" ;,:.)]").find(text[k + 1]) != std::string::npos;
    };
    std::string out;
    size_t i = 0;
    while (i < text.size()) {
        size_t open = text.find('\'', i);
        while (open != std::string::npos && !opens(open)) open = text.find('\'', open + 1);
        size_t close = open == std::string::npos ? std::string::npos : text.find('\'', open + 1);
        while (close != std::string::npos && !closes(close)) close = text.find('\'', close + 1);
        if (close == std::string::npos) {
            out += text.substr(i);
            break;
        }
        out += text.substr(i, open + 1 - i);
        const std::string quoted = text.substr(open + 1, close - open - 1);
        out += quoted.size() > 80 ? quoted.substr(0, 77) + "..." : quoted;
        out += '\'';
        i = close + 1;
    }
    if (out.size() > 400) out = out.substr(0, 397) + "...";
    return out;
}

const char* kUsage =
    "usage: foliocheck list\n"
    "       foliocheck run --check CHECK --writer WRITER [options]   (foliocheck run --help)\n"
    "       foliocheck replay TOKEN [--trace story|raw] [--json]\n"
    "       foliocheck matrix [options]                            (foliocheck matrix --help)\n"
    "       foliocheck merge SHARD.json... [--markdown|--csv|--json]\n"
    "       foliocheck validate --proposal P [options]             (foliocheck validate --help)\n"
    "       foliocheck compare P1 P2 [options]\n"
    "       foliocheck fixes --check C [--writer W] [run options]  try the fix catalogue against every writer\n"
    "       foliocheck release --kernel V [options]                is release V safe? (foliocheck list)\n"
    "       foliocheck litmus [options] FILE...                    run scenario files (foliocheck litmus --help)\n";

int cmd_list(std::ostream& out) {
    out << "checks:\n";
    for (const CheckDef* c : all_checks()) out << "  " << std::left << std::setw(22) << c->name << c->summary << "\n";
    out << "writers:\n";
    for (const WriterDef* w : all_writers()) out << "  " << std::left << std::setw(22) << w->name << w->summary << "\n";
    out << "memory settings:\n";
    out << "  " << std::setw(20) << "sc"
        << "every access sequentially consistent: interleavings only\n";
    out << "  " << std::setw(20) << "lkmm"
        << "the kernel's ordering classes (Documentation/atomic_t.txt) on C++11 orders\n";
    out << "  " << std::setw(20) << "relaxed"
        << "every atomic access relaxed, explicit smp_* barriers kept (worst case)\n";
    out << "proposals (foliocheck validate --proposal P):\n";
    for (const Proposal& p : all_proposals()) out << "  " << std::setw(20) << p.name << p.summary << "\n";
    out << "fixes (foliocheck fixes):\n";
    for (const Fix& f : all_fixes()) out << "  " << std::setw(24) << f.name << f.summary << "\n";
    out << "mapcount designs:\n";
    out << "  " << std::setw(20) << "per-page"
        << "v6.5: per-page _mapcount, folio_total_mapcount() loops over pages\n";
    out << "  " << std::setw(20) << "large"
        << "v6.10: one atomic folio->_large_mapcount\n";
    out << "  " << std::setw(20) << "mm-id"
        << "v6.15 CONFIG_MM_ID: _large_mapcount and per-mm slots under the folio's mapcount bit spinlock\n";
    out << "  " << std::setw(20) << "no-page-mapcount"
        << "v6.15 CONFIG_NO_PAGE_MAPCOUNT: no per-page _mapcount or _nr_pages_mapped for large folios\n";
    out << "kernel releases (--kernel, matrix --kernel, release --kernel):\n";
    for (const KernelRelease& k : all_kernels())
        out << "  " << std::setw(20) << k.name << mapcount_name(k.design) << "; " << k.summary << "\n";
    return EXIT_HOLDS;
}

int cmd_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    RunOptions o;
    try {
        o = parse_run_options(args);
    } catch (const UsageError& e) {
        if (std::string(e.what()) == "help") {
            out << run_help();
            return EXIT_HOLDS;
        }
        throw;
    }
    if (!o.litmus_file.empty()) {
        const std::string refusal = litmus_refusal(o.request);
        if (!refusal.empty()) throw UsageError(refusal);
    }
    // Opened before the search: what cannot be written is refused now (export_file.hpp).
    if (!o.litmus_file.empty() && o.litmus_file == o.dot_file)
        throw UsageError("--litmus and --dot name the same file; give each export its own file");
    ExportFile litmus, dot;
    litmus.open("--litmus", o.litmus_file);
    dot.open("--dot", o.dot_file);
    RunResult r = o.jobs > 1 ? run_jobs(o.request, o.jobs, result_json) : run_config(o.request);
    if (!r.internal_error.empty()) {
        litmus.discard();
        dot.discard();
        err << "[foliocheck internal error] " << r.internal_error << "\n";
        return EXIT_INTERNAL;
    }
    std::string minimized_note;
    if (o.minimize && r.verdict == Verdict::violation && !g_interrupt) {
        Minimized m = minimize(o.request);
        if (g_interrupt) {  // its searches were cut short: nothing may be concluded from them
            minimized_note = std::string("--minimize INTERRUPTED by ") + interrupt_signal_name() +
                             ": the counterexample below is not minimized";
            m.request = o.request;
            m.result = std::move(r);
        }
        std::ostringstream note;
        note << "minimized (" << m.searches << " more searches): pages " << m.pages_before << " -> " << m.request.pages
             << "; the writer's path cut after " << m.calls_after << " of " << m.calls_before << " kernel calls";
        if (!m.removed_calls.empty()) {
            note << " (removed:";
            for (const std::string& c : m.removed_calls) note << " " << short_call(c) << ";";
            note << ")";
        }
        if (minimized_note.empty()) minimized_note = note.str();
        o.request = m.request;
        r = std::move(m.result);
    }
    if (o.json) {
        nlohmann::json j = result_json(r);
        if (o.minimize)
            j["minimized"] = minimized_note.empty() ? nlohmann::json(nullptr) : nlohmann::json(minimized_note);
        out << j.dump(2) << "\n";
    } else {
        if (!minimized_note.empty()) out << minimized_note << "\n";
        out << result_text(r);
    }
    const bool interrupted = r.stopped_by == "interrupted" || g_interrupt;
    const int code = interrupted ? interrupted_exit_code() : exit_code_for(r.verdict);
    if (interrupted)
        err << "foliocheck: interrupted by " << interrupt_signal_name()
            << "; the search did not complete, the result above is what it explored\n";
    if (litmus.active() || dot.active()) {
        if (r.verdict != Verdict::violation || !r.counterexample) {
            litmus.discard();
            dot.discard();
            err << "foliocheck: no counterexample to export (verdict " << verdict_name(r.verdict)
                << "); --litmus/--dot wrote nothing\n";
            return code;
        }
        // A failed export is reported; the verdict, already printed, keeps its exit code.
        std::string problem;
        if (litmus.active()) problem = litmus.write(export_litmus(o.request, *r.counterexample));
        if (problem.empty() && dot.active()) problem = dot.write(export_dot(o.request, *r.counterexample));
        if (!problem.empty()) err << "foliocheck: " << problem << "; the verdict above stands\n";
    }
    return code;
}

}  // namespace

namespace {
const char* const kReplayHelp =
    "foliocheck replay TOKEN [--trace story|raw] [--json]\n"
    "  Re-executes the one execution a 'replay:' line names (from run, matrix, fixes or litmus),\n"
    "  without searching. The token is checked: a schedule of its scenario, and an execution that\n"
    "  violates the check (run) or is a witness of the condition (litmus); otherwise exit 2.\n"
    "  --trace raw   also print Relacy's own history of the execution\n"
    "  --json        the result as JSON\n";
}  // namespace

ReplayArgs parse_replay_args(const std::vector<std::string>& args) {
    ReplayArgs r;
    std::string trace = "story";
    for (size_t i = 0; i < args.size(); i++) {
        const std::string& a = args[i];
        if (a == "--help" || a == "-h") {
            r.help = true;
            return r;
        }
        if (a == "--json") r.json = true;
        else if (a == "--trace") {
            if (i + 1 >= args.size()) throw UsageError("--trace needs a value: story or raw");
            trace = args[++i];
            if (trace != "story" && trace != "raw")
                throw UsageError("unknown --trace '" + trace + "'; valid: story, raw");
        } else if (a.rfind("--trace=", 0) == 0) {
            trace = a.substr(8);
            if (trace != "story" && trace != "raw")
                throw UsageError("unknown --trace '" + trace + "'; valid: story, raw");
        } else if (!a.empty() && a[0] == '-') {
            throw UsageError("unknown option '" + a + "' for replay; valid: --trace story|raw, --json");
        } else if (r.token.empty()) {
            r.token = a;
        } else {
            throw UsageError("replay takes one token; got a second argument '" + a.substr(0, 40) + "'");
        }
    }
    if (r.token.empty())
        throw UsageError("replay needs a token: foliocheck replay TOKEN (from the 'replay:' line of a run)");
    r.raw = trace == "raw";
    return r;
}

ReplayPlan parse_replay_options(const std::vector<std::string>& args) {
    const ReplayArgs a = parse_replay_args(args);
    ReplayPlan plan;
    try {
        plan.token = decode_token(a.token, FOLIOCHECK_VERSION);
    } catch (const TokenError& e) {
        throw UsageError(e.what());
    }
    plan.raw = a.raw;
    plan.json = a.json;
    return plan;
}

namespace {

int cmd_replay(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const ReplayArgs a = parse_replay_args(args);
    if (a.help) {
        out << kReplayHelp;
        return EXIT_HOLDS;
    }
    // A scenario file's token (harness/search/litmus_token.*): the same options, the same checks.
    if (is_litmus_token(a.token)) return cmd_litmus_replay(a, out, err);
    const ReplayPlan plan = parse_replay_options(args);
    const ReplayToken& t = plan.token;
    const bool json = plan.json;
    RunResult r;
    try {
        r = replay_run(t.request, t.state, plan.raw);
    } catch (const TokenError& e) {
        throw UsageError(e.what());
    }
    if (!r.internal_error.empty()) {
        err << "[foliocheck internal error] " << r.internal_error << "\n";
        return EXIT_INTERNAL;
    }
    if (json) {
        out << result_json(r).dump(2) << "\n";
    } else {
        out << "foliocheck replay: " << title_text(r.request) << "\n";
        out << "check: " << r.request.check->predicate << "   [" << r.request.check->kernel << "]\n\n";
        out << counterexample_text(r);
        if (plan.raw) out << "\nRelacy history:\n" << r.raw_history;
    }
    return r.verdict == Verdict::violation ? EXIT_VIOLATION : EXIT_HOLDS;
}

}  // namespace

OutputFormat output_format(bool json, bool csv, bool markdown) {
    if (int(json) + int(csv) + int(markdown) > 1)
        throw UsageError("choose one output format: --json, --csv or --markdown");
    if (json) return OutputFormat::json;
    if (csv) return OutputFormat::csv;
    if (markdown) return OutputFormat::markdown;
    return OutputFormat::text;
}

// --writer-file FILE (any command): load the scenario file as a writer (lang/writer_file.*),
// register it under its C name, and hand the command that name: run/fixes/replay get
// --writer NAME, matrix gets NAME added to --writers (or --writers NAME).
std::vector<std::string> take_writer_files(const std::string& cmd, const std::vector<std::string>& in,
                                           std::string* run_as) {
    if (run_as) *run_as = cmd;
    std::vector<std::string> out, names, hashes;
    std::string want_hash;
    for (size_t i = 0; i < in.size(); i++) {
        std::string path;
        if (in[i] == "--writer-hash") {  // printed by replay lines: the writer file's content hash
            if (i + 1 >= in.size()) throw UsageError("--writer-hash needs the hash a replay line printed");
            want_hash = in[++i];
            continue;
        }
        if (in[i] == "--writer-file") {
            if (i + 1 >= in.size()) throw UsageError("--writer-file needs a scenario file (a writer file, P0 only)");
            path = in[++i];
        } else if (in[i].rfind("--writer-file=", 0) == 0) {
            path = in[i].substr(14);
        } else {
            out.push_back(in[i]);
            continue;
        }
        try {
            const WriterDef* w = lang::load_writer_file(path);
            names.push_back(w->name);
            hashes.push_back(lang::writer_file_hash(w));
        } catch (const lang::LangError& e) {
            throw UsageError(e.what());
        } catch (const lang::FileError& e) {
            throw UsageError(std::string(e.what()) + "; check the path");
        }
    }
    if (!want_hash.empty()) {
        if (names.size() != 1) throw UsageError("--writer-hash goes with exactly one --writer-file");
        if (hashes[0] != want_hash)
            throw UsageError("writer file changed since the replay line was printed (content hash " + hashes[0] +
                             ", expected " + want_hash + "); rerun the command on it");
    }
    if (names.empty()) return out;
    if (cmd == "compare")
        throw UsageError(
            "compare takes two proposals; to compare writer files run: foliocheck matrix --writer-file "
            "A --writer-file B --memory sc,lkmm,relaxed");
    if (cmd == "validate") {
        // "Validate my patch": the writer against every check, pages 1-3 (or --pages), every
        // memory setting (or --memory): the matrix of that writer.
        for (const std::string& a : out)
            if (a == "--proposal" || a.rfind("--proposal=", 0) == 0)
                throw UsageError("validate takes --proposal or --writer-file, not both");
        if (run_as) *run_as = "matrix";
        bool memory = false;
        for (const std::string& a : out)
            if (a == "--memory" || a.rfind("--memory=", 0) == 0) memory = true;
        if (!memory) {
            out.push_back("--memory");
            out.push_back("sc,lkmm,relaxed");
        }
    }
    if (cmd == "matrix" || cmd == "validate") {
        std::string list;
        for (const std::string& n : names) list += (list.empty() ? "" : ",") + n;
        for (size_t i = 0; i < out.size(); i++) {
            if (out[i] == "--writers" && i + 1 < out.size()) {
                out[i + 1] += "," + list;
                return out;
            }
            if (out[i].rfind("--writers=", 0) == 0) {
                out[i] += "," + list;
                return out;
            }
        }
        out.push_back("--writers");
        out.push_back(list);
        return out;
    }
    if (cmd == "run" || cmd == "fixes") {
        if (names.size() > 1) throw UsageError(cmd + " takes one writer: give --writer-file once");
        out.push_back("--writer");
        out.push_back(names[0]);
    }
    return out;  // list, replay: registered, nothing to add
}

int cli_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    try {
        if (args.empty()) throw UsageError("no command; run 'foliocheck list' or 'foliocheck run --help'");
        std::string run_as;  // validate --writer-file runs as matrix
        const std::vector<std::string> rest =
            take_writer_files(args[0], std::vector<std::string>(args.begin() + 1, args.end()), &run_as);
        const std::string& cmd = run_as;
        if (cmd == "--help" || cmd == "-h" || cmd == "help") {
            out << kUsage;
            return EXIT_HOLDS;
        }
        if (cmd == "list") {
            if (!rest.empty()) throw UsageError("list takes no arguments, got '" + rest[0] + "'");
            return cmd_list(out);
        }
        if (cmd == "run") return cmd_run(rest, out, err);
        if (cmd == "replay") return cmd_replay(rest, out, err);
        if (cmd == "matrix") return cmd_matrix(rest, out, err);
        if (cmd == "merge") return cmd_merge(rest, out, err);
        if (cmd == "validate") return cmd_validate(rest, out, err);
        if (cmd == "compare") return cmd_compare(rest, out, err);
        if (cmd == "fixes") return cmd_fixes(rest, out, err);
        if (cmd == "release") return cmd_release(rest, out, err);
        if (cmd == "litmus") return cmd_litmus(rest, out, err);
        throw UsageError("unknown command '" + cmd +
                         "'; valid: list, run, replay, matrix, merge, validate, compare, fixes, release, litmus");
    } catch (const UsageError& e) {
        err << "foliocheck: " << error_line(e.what()) << "\n";  // one short line, whatever the user typed
        return EXIT_USAGE;
    } catch (const lang::LangError& e) {  // a writer file that cannot describe the folio asked for
        err << "foliocheck: " << escape_controls(e.what()) << "\n";
        return EXIT_USAGE;
    } catch (const std::bad_alloc&) {  // from code that allocates without operator new
        err.flush();
        out_of_memory(0);
    } catch (const std::exception& e) {
        err << "[foliocheck internal error] " << e.what() << "\n";
        return EXIT_INTERNAL;
    }
}

}  // namespace fc
