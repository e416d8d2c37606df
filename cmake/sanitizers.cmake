# gazette_set_sanitizers(target): ASan and UBSan when GAZETTE_SANITIZE is on.
function(gazette_set_sanitizers target)
  if(GAZETTE_SANITIZE)
    target_compile_options(${target} PRIVATE
      -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# gazette_target_defaults(target): warnings and sanitizers in one call.
function(gazette_target_defaults target)
  gazette_set_warnings(${target})
  gazette_set_sanitizers(${target})
endfunction()
