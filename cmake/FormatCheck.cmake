# cmake/FormatCheck.cmake: the format_check test (tools/CMakeLists.txt).
#   cmake -DCLANG_FORMAT=clang-format "-DDIRS=dir1;dir2" -P cmake/FormatCheck.cmake
# Fails, naming the files, if clang-format (.clang-format at the top) would change any
# .cpp/.hpp under DIRS. Globs when the test runs, so new files are checked too.
# To fix: clang-format -i $(git ls-files '*.cpp' '*.hpp')
set(files)
foreach(d IN LISTS DIRS)
  file(GLOB_RECURSE found "${d}/*.cpp" "${d}/*.hpp")
  list(APPEND files ${found})
endforeach()
list(SORT files)
set(bad)
foreach(f IN LISTS files)
  execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror ${f}
                  RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(NOT rc EQUAL 0)
    list(APPEND bad ${f})
  endif()
endforeach()
list(LENGTH files n)
list(LENGTH bad nbad)
if(nbad GREATER 0)
  string(REPLACE ";" "\n  " listing "${bad}")
  message(FATAL_ERROR "${nbad} of ${n} files are not clang-formatted:\n  ${listing}\n"
                      "fix: clang-format -i FILE... (or see what changes: clang-format --dry-run FILE)")
endif()
message(STATUS "format_check: ${n} files formatted")
