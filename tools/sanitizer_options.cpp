// tools/sanitizer_options.cpp: the sanitizer runtime options foliocheck ships, compiled into
// every executable of a sanitizer build (FOLIOCHECK_SANITIZE; cmake/Sanitizers.cmake adds this
// file to executables only, never to a normal build). Nobody has to type ASAN_OPTIONS: the
// runtimes call these functions at start-up; an ASAN_OPTIONS/LSAN_OPTIONS/UBSAN_OPTIONS set
// in the environment is applied after them and can still override any option.
//
// Why each option is there (docs/sanitizers.md says the same at more length):
//   log_path      ASan prints "WARNING: ASan doesn't fully support makecontext/swapcontext"
//                 once per process, because Relacy runs every simulated CPU on a ucontext
//                 fiber. foliocheck's contract is one line on stderr for bad input, and the
//                 tests check stderr exactly, so every sanitizer report goes to a file under
//                 FOLIOCHECK_SANITIZER_LOG_DIR instead; scripts/sanitize.sh fails when any of
//                 those files holds a real report.
//   exitcode=86   a process with a report exits 86, never an exit code foliocheck itself uses
//                 (0 holds, 1 violation, 2 bad input, 3 error, 129/130/143 signals), so every
//                 test that checks an exit code also fails on a report.
//   suppressions  LeakSanitizer: Relacy never frees the fiber stacks of a simulation nor part
//                 of its context (tools/lsan-relacy.supp names them, and nothing else).
//   detect_stack_use_after_return=0  the fake stacks of use-after-return detection do not
//                 follow swapcontext, and would report Relacy's fiber switches.
//   alloc_dealloc_mismatch=0  Relacy replaces the global operator new/delete with INLINE
//                 functions that call malloc/free outside a simulation (relacy/context.hpp).
//                 In model/relacy_engine.cpp the compiler inlines them, so a std::string or vector
//                 built there (a SearchOutcome's text, its trace) is malloc'ed directly, and
//                 freed by operator delete in another file (harness/search/runner.cpp) or library
//                 (Boost.Program_options' sized delete): ASan reports "malloc vs operator
//                 delete". Both ends are malloc/free underneath; only this pairing check is
//                 off, every other heap check (overflow, use-after-free, double free) stays.
#ifndef FOLIOCHECK_SANITIZER_LOG_DIR
#error "FOLIOCHECK_SANITIZER_LOG_DIR must be defined (cmake/Sanitizers.cmake)"
#endif
#ifndef FOLIOCHECK_LSAN_SUPPRESSIONS
#error "FOLIOCHECK_LSAN_SUPPRESSIONS must be defined (cmake/Sanitizers.cmake)"
#endif

#define FC_SAN_VISIBLE extern "C" __attribute__((visibility("default"), used))

namespace {
// FOLIOCHECK_SANITIZER_LOG_DIR is "" for libFuzzer executables: their reports stay on stderr,
// where libFuzzer shows them with the crashing input.
constexpr bool kToFiles = sizeof(FOLIOCHECK_SANITIZER_LOG_DIR) > 1;
}  // namespace

FC_SAN_VISIBLE const char* __asan_default_options() {
    return kToFiles ? "log_path=" FOLIOCHECK_SANITIZER_LOG_DIR
                      "/asan:exitcode=86:detect_stack_use_after_return=0:alloc_dealloc_mismatch=0"
                    : "detect_stack_use_after_return=0:alloc_dealloc_mismatch=0";
}

FC_SAN_VISIBLE const char* __lsan_default_options() {
    return kToFiles ? "suppressions=" FOLIOCHECK_LSAN_SUPPRESSIONS ":print_suppressions=0:exitcode=86"
                    : "suppressions=" FOLIOCHECK_LSAN_SUPPRESSIONS ":print_suppressions=0";
}

FC_SAN_VISIBLE const char* __ubsan_default_options() {
    return kToFiles ? "log_path=" FOLIOCHECK_SANITIZER_LOG_DIR "/ubsan:print_stacktrace=1:halt_on_error=1:exitcode=86"
                    : "print_stacktrace=1:halt_on_error=1";
}
