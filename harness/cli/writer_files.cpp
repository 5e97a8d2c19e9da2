// harness/cli/writer_files.cpp: --writer-file, which any command takes (see cli.hpp).
#include "harness/cli/cli.hpp"
#include "harness/cli/options.hpp"
#include "lang/diag.hpp"
#include "lang/scenario.hpp"
#include "lang/writer_file.hpp"

namespace fc {

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
    if (cmd == "review")
        throw UsageError("review takes the patch as --patch-file FILE and the baseline as --baseline-file FILE");
    if (cmd == "compare")
        throw UsageError(
            "compare takes two proposals; to compare writer files run: foliocheck matrix --writer-file "
            "A --writer-file B --memory sc,lkmm,relaxed");
    if (cmd == "validate") {
        // "Validate my patch": the writer against every check of a release (--kernel, default
        // the newest), as validate judges a proposal (cmd_validate.cpp).
        for (const std::string& a : out)
            if (a == "--proposal" || a.rfind("--proposal=", 0) == 0)
                throw UsageError("validate takes --proposal or --writer-file, not both");
        if (names.size() > 1) throw UsageError("validate takes one writer: give --writer-file once");
        out.push_back("--writer");
        out.push_back(names[0]);
        return out;
    }
    if (cmd == "matrix") {  // a name --writers already has is not added twice (parse_matrix_options)
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

}  // namespace fc
