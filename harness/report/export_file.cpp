// harness/report/export_file.cpp: export files opened before the search (see export_file.hpp).
#include "harness/report/export_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "harness/cli/options.hpp"

namespace fc {

namespace {

std::string shown(const std::string& path) {
    return escape_controls(path.size() > 80 ? path.substr(0, 77) + "..." : path);
}

}  // namespace

ExportFile::~ExportFile() {
    if (fd_ >= 0) ::close(fd_);
}

void ExportFile::open(const char* option, const std::string& path) {
    if (path.empty()) return;
    option_ = option;
    path_ = path;
    const std::string what = std::string("cannot write ") + option + " file '" + shown(path) + "': ";
    struct stat st {};
    const bool existed = ::stat(path.c_str(), &st) == 0;
    if (existed && !S_ISREG(st.st_mode))
        throw UsageError(what + "not a regular file (" +
                         (S_ISDIR(st.st_mode)    ? "a directory"
                          : S_ISFIFO(st.st_mode) ? "a FIFO"
                          : S_ISSOCK(st.st_mode) ? "a socket"
                                                 : "a device") +
                         "); give a path for a new or existing regular file");
    // O_NONBLOCK: should the path become a FIFO between stat() and open(), open() cannot hang.
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0666);
    if (fd < 0) throw UsageError(what + std::strerror(errno) + "; choose a writable path");
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw UsageError(what + "not a regular file; give a path for a new or existing regular file");
    }
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    fd_ = fd;
    created_ = !existed;
}

std::string ExportFile::write(const std::string& text) {
    if (fd_ < 0) return "";
    const std::string what = "cannot write " + option_ + " file '" + shown(path_) + "': ";
    if (::ftruncate(fd_, 0) != 0 || ::lseek(fd_, 0, SEEK_SET) < 0) return what + std::strerror(errno);
    size_t off = 0;
    while (off < text.size()) {
        const ssize_t n = ::write(fd_, text.data() + off, text.size() - off);
        if (n < 0) {
            if (errno == EINTR) continue;
            return what + std::strerror(errno);
        }
        off += static_cast<size_t>(n);
    }
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) return what + std::strerror(errno);  // NFS and friends report here
    return "";
}

void ExportFile::discard() {
    if (fd_ < 0) return;
    ::close(fd_);
    fd_ = -1;
    if (created_) ::unlink(path_.c_str());
}

}  // namespace fc
