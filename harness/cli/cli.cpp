// harness/cli/cli.cpp: the command line's entry: --writer-file (writer_files.cpp), the command
// table's dispatch, and every error as one line with its exit code (see docs/usage.md).
#include "harness/cli/cli.hpp"

#include <iostream>
#include <new>

#include "harness/cli/command_table.hpp"
#include "harness/cli/commands.hpp"
#include "harness/cli/options.hpp"
#include "harness/search/verdict.hpp"
#include "lang/diag.hpp"
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

}  // namespace

OutputFormat output_format(bool json, bool csv, bool markdown) {
    if (int(json) + int(csv) + int(markdown) > 1)
        throw UsageError("choose one output format: --json, --csv or --markdown");
    if (json) return OutputFormat::json;
    if (csv) return OutputFormat::csv;
    if (markdown) return OutputFormat::markdown;
    return OutputFormat::text;
}

int cli_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    try {
        if (args.empty()) throw UsageError("no command; run 'foliocheck list' or 'foliocheck run --help'");
        std::string run_as;  // the command take_writer_files() hands the arguments to
        const std::vector<std::string> rest =
            take_writer_files(args[0], std::vector<std::string>(args.begin() + 1, args.end()), &run_as);
        // --version is the version command, as the usual spelling of it.
        const std::string cmd = run_as == "--version" ? std::string("version") : run_as;
        if (cmd == "--help" || cmd == "-h" || cmd == "help") {
            out << usage_text();
            return EXIT_HOLDS;
        }
        const Command* command = find_command(cmd);
        if (!command) throw UsageError("unknown command '" + cmd + "'; valid: " + command_names());
        return command->run(rest, out, err);
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
