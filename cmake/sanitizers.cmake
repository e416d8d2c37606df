# gazette_set_sanitizers(target): ASan and UBSan when GAZETTE_SANITIZE is on. GAZETTE_FUZZ
# implies them and adds libFuzzer's coverage instrumentation (fuzzer-no-link), so that the
# libraries the fuzz targets in tests/fuzz link are instrumented; it needs clang.
if(GAZETTE_FUZZ AND NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR
    "GAZETTE_FUZZ=ON needs clang (libFuzzer), but the C++ compiler is "
    "${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER}. Configure a fresh build folder with "
    "-DCMAKE_CXX_COMPILER=clang++, or run scripts/fuzz, which does.")
endif()

function(gazette_set_sanitizers target)
  if(GAZETTE_SANITIZE OR GAZETTE_FUZZ)
    target_compile_options(${target} PRIVATE
      -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
  if(GAZETTE_FUZZ)
    target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
    target_link_options(${target} PRIVATE -fsanitize=fuzzer-no-link)
  endif()
endfunction()

# gazette_target_defaults(target): warnings and sanitizers in one call.
function(gazette_target_defaults target)
  gazette_set_warnings(${target})
  gazette_set_sanitizers(${target})
endfunction()
