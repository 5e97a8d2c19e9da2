// lang/writer_file.hpp: a writer file (one thread, P0, on a folio; "Kind: unmap|map|pin" in
// a comment) as a WriterDef, so that `run`, `matrix`, `fixes`, ... run it wherever a
// built-in writer goes (harness/cli/writer_files.cpp: --writer-file FILE).
#pragma once

#include <string>

#include "checks/writers/writer.hpp"

namespace fc::lang {

// Reads, parses and checks the file (for every folio size 1..kMaxPages and both mapcount
// designs), registers the writer under its C name, and returns it. The WriterDef lives for
// the rest of the process. Throws LangError or FileError; a name that a built-in writer
// already has is refused (LangError at the name).
const WriterDef* load_writer_file(const std::string& path);

// For a writer loaded from a file: its path and content hash (lang::content_hash); "" for a
// built-in writer. Replay lines print them so that a replay loads the same file and refuses
// a changed one (harness/cli/writer_files.cpp: --writer-file PATH --writer-hash HASH).
std::string writer_file_path(const WriterDef* w);
std::string writer_file_hash(const WriterDef* w);

}  // namespace fc::lang
