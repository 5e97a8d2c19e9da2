# cmake/Sanitizers.cmake: FOLIOCHECK_SANITIZE, a list of sanitizers for every target.
#
#   cmake -B build-asan -DFOLIOCHECK_SANITIZE="address;undefined"
#
# The flags go on the foliocheck_settings INTERFACE target, which every library, the
# executable, the tests and the fuzz targets link, so one option covers the whole build.
# Accepted: address, undefined, leak (g++ and clang); fuzzer-no-link is added by fuzz/ itself.
# What runs clean under which sanitizer, and the ASAN_OPTIONS it needs: docs/sanitizers.md.
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

# Relacy itself (model/engine.cpp, the only TU that includes it) breaks UBSan's vptr check by
# design: it keeps thread_info<N> objects in arrays of aligned<thread_info<N>> and calls
# members through the wrong dynamic type. Harmless in practice; not ours to fix.
function(foliocheck_relacy_sanitizer_exceptions target)
  if("undefined" IN_LIST FOLIOCHECK_SANITIZE)
    target_compile_options(${target} INTERFACE -fno-sanitize=vptr)
  endif()
endfunction()
