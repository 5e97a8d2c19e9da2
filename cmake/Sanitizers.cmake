# cmake/Sanitizers.cmake: FOLIOCHECK_SANITIZE, a list of sanitizers for every target.
#
#   cmake -B build-asan -DFOLIOCHECK_SANITIZE="address;undefined"
#
# The flags go on the foliocheck_settings INTERFACE target, which every library, the
# executable, the tests and the fuzz targets link, so one option covers the whole build.
# Accepted: address, undefined, leak (g++ and clang); fuzzer-no-link is added by fuzz/ itself.
# The runtime options are compiled in (tools/sanitizer_options.cpp, added to every executable
# by foliocheck_sanitizer_runtime() below): nobody types ASAN_OPTIONS. Reports go to
# <build>/sanitizer-logs/; scripts/sanitize.sh builds build-asan, runs the suite and fails on
# any report. What is suppressed and why: docs/sanitizers.md.
# Default: none; with FOLIOCHECK_FUZZ, address;undefined (libFuzzer finds little without ASan).
if(FOLIOCHECK_FUZZ)
  set(_foliocheck_sanitize_default "address;undefined")
else()
  set(_foliocheck_sanitize_default "")
endif()
set(FOLIOCHECK_SANITIZE "${_foliocheck_sanitize_default}" CACHE STRING
    "Sanitizers for every target, e.g. address;undefined (default: none; address;undefined with FOLIOCHECK_FUZZ)")

function(foliocheck_apply_sanitizers target)
  if(NOT FOLIOCHECK_SANITIZE)
    return()
  endif()
  set(known address undefined leak)
  foreach(s IN LISTS FOLIOCHECK_SANITIZE)
    if(NOT s IN_LIST known)
      message(FATAL_ERROR "FOLIOCHECK_SANITIZE: unknown sanitizer '${s}'; valid: ${known} (a ;-list)")
    endif()
  endforeach()
  string(REPLACE ";" "," joined "${FOLIOCHECK_SANITIZE}")
  # -fno-sanitize-recover: a UBSan finding fails the test instead of printing and going on.
  target_compile_options(${target} INTERFACE -fsanitize=${joined} -fno-omit-frame-pointer -g)
  target_link_options(${target} INTERFACE -fsanitize=${joined})
  if("undefined" IN_LIST FOLIOCHECK_SANITIZE)
    target_compile_options(${target} INTERFACE -fno-sanitize-recover=undefined)
  endif()
  message(STATUS "foliocheck: sanitizers ${joined} on every target (docs/sanitizers.md)")
endfunction()

# Relacy itself (model/relacy_engine.cpp, the only TU that includes it) breaks UBSan's vptr check by
# design: it keeps thread_info<N> objects in arrays of aligned<thread_info<N>> and calls
# members through the wrong dynamic type. Harmless in practice; not ours to fix.
function(foliocheck_relacy_sanitizer_exceptions target)
  if("undefined" IN_LIST FOLIOCHECK_SANITIZE)
    target_compile_options(${target} INTERFACE -fno-sanitize=vptr)
  endif()
endfunction()

# The shipped runtime options (tools/sanitizer_options.cpp) in every executable of the build,
# never in a library (one definition per program) and never in a build without sanitizers.
# Called once, from the top-level CMakeLists.txt, after every subdirectory has been added.
function(foliocheck_sanitizer_runtime)
  if(NOT FOLIOCHECK_SANITIZE)
    return()
  endif()
  set(logdir ${PROJECT_BINARY_DIR}/sanitizer-logs)
  file(MAKE_DIRECTORY ${logdir})
  set(dirs ${PROJECT_SOURCE_DIR})
  while(dirs)
    list(POP_FRONT dirs dir)
    get_property(sub DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
    list(APPEND dirs ${sub})
    get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
    foreach(t IN LISTS targets)
      get_target_property(type ${t} TYPE)
      if(type STREQUAL "EXECUTABLE")
        target_sources(${t} PRIVATE ${PROJECT_SOURCE_DIR}/tools/sanitizer_options.cpp)
        # Under libFuzzer (fuzz_<name> without _corpus) reports must reach libFuzzer's stderr.
        get_target_property(lo ${t} LINK_OPTIONS)
        if(lo MATCHES "-fsanitize=fuzzer(;|$)")
          set(to "")
        else()
          set(to "${logdir}")
        endif()
        target_compile_definitions(${t} PRIVATE FOLIOCHECK_SANITIZER_LOG_DIR="${to}"
                                   FOLIOCHECK_LSAN_SUPPRESSIONS="${PROJECT_SOURCE_DIR}/tools/lsan-relacy.supp")
      endif()
    endforeach()
  endwhile()
endfunction()
