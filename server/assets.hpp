//! The files of the search page, built into the binary (server/assets/, turned into
//! assets.cpp by embed_assets.cmake at build time): gazette-serve serves these and nothing
//! else from a path, so no file of the machine can be reached through it.
//!
//! Entry point: find_asset().
#pragma once

#include <string_view>

namespace gazette::server {

struct Asset {
    std::string_view path;          // as requested: "/", "/assets/app.js"
    std::string_view content_type;  // "text/html; charset=utf-8"
    std::string_view body;
};

/// The asset served at `path`, or nullptr.
const Asset* find_asset(std::string_view path);

}  // namespace gazette::server
