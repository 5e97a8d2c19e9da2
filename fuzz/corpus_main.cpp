// fuzz/corpus_main.cpp: a libFuzzer stand-in for builds without clang (ctest, label `fuzz`).
//
//   fuzz_X_corpus [--mutations N] [--seed S] [--max-len L] CORPUS_DIR...
//
// Runs every file of the corpus directories through LLVMFuzzerTestOneInput, in name order,
// then N inputs made by mutating corpus entries with a fixed-seed PRNG (bit flips, byte
// sets, inserts, deletes, duplicated ranges, splices of two entries). Same seed, same inputs:
// a failure reproduces, and the failing input is saved as ./fuzz-failure-<target>.bin. A
// target with a structured mutator (LLVMFuzzerCustomMutator) gets half its mutations from it.
// A property failure aborts (exit by SIGABRT), as under libFuzzer.
#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
// A target's structured mutator, if it has one (fuzz_replay_token): half the mutations use it.
extern "C" __attribute__((weak)) size_t LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t max_size,
                                                                unsigned int seed);

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FC_HAS_ASAN 1
#endif
#endif
#ifndef FC_HAS_ASAN
#define FC_HAS_ASAN 0
#endif

namespace {

struct Rng {  // splitmix64: small, fixed, the same everywhere
    uint64_t s;
    uint64_t next() {
        uint64_t z = (s += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    size_t below(size_t n) { return n ? static_cast<size_t>(next() % n) : 0; }
};

// Bytes that matter to the parsers: separators, digits, option syntax, token characters.
const char kInteresting[] = "\n\0-=,/.|0129 _aAfc1";

std::string mutate(const std::vector<std::string>& corpus, Rng& rng, size_t max_len) {
    std::string s = corpus[rng.below(corpus.size())];
    const int steps = 1 + static_cast<int>(rng.below(4));
    for (int k = 0; k < steps; k++) {
        switch (rng.below(7)) {
        case 0:  // flip one bit
            if (!s.empty()) s[rng.below(s.size())] ^= static_cast<char>(1u << rng.below(8));
            break;
        case 1:  // set a byte to a random or an interesting value
            if (!s.empty())
                s[rng.below(s.size())] =
                    rng.below(2) ? static_cast<char>(rng.below(256)) : kInteresting[rng.below(sizeof kInteresting - 1)];
            break;
        case 2:  // insert a byte
            s.insert(
                s.begin() + static_cast<std::ptrdiff_t>(rng.below(s.size() + 1)),
                rng.below(2) ? static_cast<char>(rng.below(256)) : kInteresting[rng.below(sizeof kInteresting - 1)]);
            break;
        case 3:  // delete a range
            if (!s.empty()) {
                const size_t at = rng.below(s.size());
                s.erase(at, 1 + rng.below(std::min<size_t>(8, s.size() - at)));
            }
            break;
        case 4:  // duplicate a range
            if (!s.empty()) {
                const size_t at = rng.below(s.size());
                const std::string piece = s.substr(at, 1 + rng.below(16));
                s.insert(rng.below(s.size() + 1), piece);
            }
            break;
        case 5: {  // splice: a prefix of this entry and a suffix of another
            const std::string& o = corpus[rng.below(corpus.size())];
            s = s.substr(0, rng.below(s.size() + 1)) + o.substr(rng.below(o.size() + 1));
            break;
        }
        case 6: {  // insert a piece of another entry
            const std::string& o = corpus[rng.below(corpus.size())];
            if (!o.empty()) {
                const size_t at = rng.below(o.size());
                s.insert(rng.below(s.size() + 1), o.substr(at, 1 + rng.below(32)));
            }
            break;
        }
        }
    }
    if (s.size() > max_len) s.resize(max_len);
    return s;
}

// The input being run, for the crash handler: on a fatal signal it is written to
// ./fuzz-failure-<target>.bin (open/write only: async-signal-safe), then the signal goes on.
const std::string* g_current = nullptr;
char g_failure_path[256];

extern "C" void on_fatal_signal(int sig) {
    if (g_current) {
        const int fd = ::open(g_failure_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            ssize_t n = ::write(fd, g_current->data(), g_current->size());
            (void)n;
            ::close(fd);
        }
    }
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

void run_one(const std::string& input) {
    g_current = &input;
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
    g_current = nullptr;
}

int usage() {
    std::cerr << "usage: fuzz_X_corpus [--mutations N] [--seed S] [--max-len L] CORPUS_DIR...\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    uint64_t mutations = 20000, seed = 1;
    size_t max_len = 4096;
    std::vector<std::string> dirs;
    for (int i = 1; i < argc; i++) {
        const std::string a = argv[i];
        if ((a == "--mutations" || a == "--seed" || a == "--max-len") && i + 1 < argc) {
            const uint64_t v = std::strtoull(argv[++i], nullptr, 10);
            if (a == "--mutations") mutations = v;
            else if (a == "--seed") seed = v;
            else max_len = static_cast<size_t>(v);
        } else if (!a.empty() && a[0] == '-') {
            return usage();
        } else {
            dirs.push_back(a);
        }
    }
    if (dirs.empty()) return usage();
    std::vector<std::string> names;
    for (const std::string& d : dirs) {
        DIR* dir = ::opendir(d.c_str());
        if (!dir) {
            std::cerr << "cannot open corpus directory " << d << "\n";
            return 2;
        }
        while (const dirent* e = ::readdir(dir))
            if (e->d_name[0] != '.') names.push_back(d + "/" + e->d_name);
        ::closedir(dir);
    }
    std::sort(names.begin(), names.end());
    std::vector<std::string> corpus;
    for (const std::string& n : names) {
        std::ifstream f(n, std::ios::binary);
        corpus.emplace_back(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    }
    if (corpus.empty()) {
        std::cerr << "empty corpus\n";
        return 2;
    }
    std::string target = dirs[0];
    while (!target.empty() && target.back() == '/') target.pop_back();
    target = target.substr(target.find_last_of('/') + 1);

    std::snprintf(g_failure_path, sizeof g_failure_path, "fuzz-failure-%s.bin", target.c_str());
    std::signal(SIGABRT, on_fatal_signal);  // the fuzz targets' property failures
#if !defined(__SANITIZE_ADDRESS__) && !FC_HAS_ASAN
    for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL}) std::signal(sig, on_fatal_signal);  // ASan reports these itself
#endif

    const auto start = std::chrono::steady_clock::now();
    for (const std::string& input : corpus) run_one(input);
    Rng rng{seed};
    for (uint64_t i = 0; i < mutations; i++) {
        if (LLVMFuzzerCustomMutator && rng.below(2)) {
            std::string s = corpus[rng.below(corpus.size())];
            const size_t len = s.size();
            s.resize(std::max(len, max_len));
            const size_t n = LLVMFuzzerCustomMutator(reinterpret_cast<uint8_t*>(&s[0]), len, s.size(),
                                                     static_cast<unsigned>(rng.next()));
            s.resize(n);
            run_one(s);
        } else {
            run_one(mutate(corpus, rng, max_len));
        }
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s: %zu corpus files and %llu mutations (seed %llu) passed in %.1f s\n", target.c_str(), corpus.size(),
                static_cast<unsigned long long>(mutations), static_cast<unsigned long long>(seed), secs);
    return 0;
}
