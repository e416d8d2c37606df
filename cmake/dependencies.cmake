# Every third-party dependency is a Debian package installed by scripts/setup.
find_package(PkgConfig REQUIRED)
pkg_check_modules(XAPIAN REQUIRED IMPORTED_TARGET xapian-core)
# Archives and compressed inputs read in place (zlib for gzip, libarchive for the rest), the
# HTML5 parser of the HTML reader, and the XML parser of the feed reader.
pkg_check_modules(ZLIB REQUIRED IMPORTED_TARGET zlib)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
pkg_check_modules(LIBARCHIVE REQUIRED IMPORTED_TARGET libarchive)
pkg_check_modules(GUMBO REQUIRED IMPORTED_TARGET gumbo)
pkg_check_modules(LIBXML2 REQUIRED IMPORTED_TARGET libxml-2.0)
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json REQUIRED)

# libstemmer ships no pkg-config or CMake file.
find_path(STEMMER_INCLUDE_DIR libstemmer.h REQUIRED)
find_library(STEMMER_LIBRARY stemmer REQUIRED)
add_library(gazette_libstemmer INTERFACE)
target_include_directories(gazette_libstemmer INTERFACE ${STEMMER_INCLUDE_DIR})
target_link_libraries(gazette_libstemmer INTERFACE ${STEMMER_LIBRARY})

# gazette_allocator: jemalloc for the two CLIs. Xapian's indexing allocates heavily, and jemalloc
# saves gazette-index about a tenth of its CPU time (docs/performance.md). The tests, and the
# sanitizer and fuzz builds, keep the system allocator: ASan replaces malloc with its own.
add_library(gazette_allocator INTERFACE)
if(GAZETTE_JEMALLOC AND NOT GAZETTE_SANITIZE AND NOT GAZETTE_FUZZ)
  pkg_check_modules(JEMALLOC IMPORTED_TARGET jemalloc)
  if(NOT JEMALLOC_FOUND)
    message(FATAL_ERROR
      "jemalloc not found: install the Debian package libjemalloc-dev (scripts/setup does), "
      "or configure with -DGAZETTE_JEMALLOC=OFF to use the system allocator.")
  endif()
  target_link_libraries(gazette_allocator INTERFACE PkgConfig::JEMALLOC)
endif()
