// harness/report/export_file.hpp: the files --litmus and --dot write.
//
// An export is opened BEFORE the search, so that whatever cannot be written is refused at once
// (one line, exit 2) and a long search is never wasted, and the search's verdict is never
// replaced by a late export failure:
//   - only a regular file (new or existing) is accepted: a FIFO, a device (/dev/full), a
//     directory or a socket is refused; the open is non-blocking, so a FIFO without a reader
//     cannot hang foliocheck;
//   - a dangling symlink, a missing directory, a read-only file: refused by the open itself.
// After the search the text replaces the file's content (write()); a write that still fails
// (disk full, EIO) is reported by the caller in one line, and the verdict's exit code stays.
// Without a counterexample, discard() removes the file if open() created it.
#pragma once

#include <string>

namespace fc {

class ExportFile {
public:
    ExportFile() = default;
    ExportFile(const ExportFile&) = delete;
    ExportFile& operator=(const ExportFile&) = delete;
    ~ExportFile();

    // Throws UsageError (harness/cli/options.hpp) naming the option, the file and the reason.
    // An empty path: no export, nothing opened.
    void open(const char* option, const std::string& path);
    bool active() const { return fd_ >= 0; }
    // "" when written, else the one-line problem ("cannot write --litmus file 'x': ...").
    std::string write(const std::string& text);
    void discard();

private:
    int fd_ = -1;
    bool created_ = false;
    std::string option_, path_;
};

}  // namespace fc
