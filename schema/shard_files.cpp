//! Checking a database folder's layout and its shards' files; see shard_files.hpp.
#include "shard_files.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <xapian.h>

#include <fmt/format.h>

#include "errors.hpp"
#include "schema.hpp"
#include "text.hpp"
#include "varint.hpp"

namespace gazette::schema::detail {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kStubFile = "XAPIANDB";
constexpr std::string_view kUnfinished = ".new";

/// The number of a shard folder's name ("shard-12" is 12), or -1 for any other name.
long shard_number(const std::string& name) {
    if (!name.starts_with(kShardPrefix)) return -1;
    const std::string number = name.substr(kShardPrefix.size());
    if (number.empty() || number.size() > 9 || !all_digits(number)) return -1;
    return std::stol(number);
}

void refuse_stub(const std::string& path, const fs::path& folder, const std::string& where) {
    std::error_code ec;
    if (fs::exists(fs::symlink_status(folder / kStubFile, ec))) {
        throw IndexError(fmt::format(
            "{}: {} holds a stub file ({}) that would open another database or a server; "
            "Gazette does not follow it: remove it, or re-index into a new folder",
            path, where, kStubFile));
    }
}

}  // namespace

std::optional<RemoteAddress> remote_address(const std::string& shard) {
    std::error_code ec;
    const fs::path folder(shard);
    std::size_t entries = 0;
    for (const auto& entry : fs::directory_iterator(folder, ec)) {
        if (++entries > 1 || entry.path().filename() != kStubFile) return std::nullopt;
    }
    if (entries != 1 || !fs::is_regular_file(folder / kStubFile, ec)) return std::nullopt;
    std::ifstream in(folder / kStubFile);
    std::string line, rest;
    if (!std::getline(in, line) || (in >> rest)) return std::nullopt;
    line = std::string(trim(line));
    constexpr std::string_view kRemote = "remote ";
    if (!line.starts_with(kRemote)) return std::nullopt;
    const std::string address = std::string(trim(std::string_view(line).substr(kRemote.size())));
    const auto colon = address.rfind(':');
    if (colon == std::string::npos || colon == 0) return std::nullopt;
    const std::string port = address.substr(colon + 1);
    if (port.empty() || port.size() > 5 || !all_digits(port) || std::stoul(port) == 0 ||
        std::stoul(port) > 65535) {
        return std::nullopt;
    }
    return RemoteAddress{address.substr(0, colon), static_cast<unsigned>(std::stoul(port))};
}

std::string shard_name(const std::string& shard) { return fs::path(shard).filename().string(); }

std::string repair_advice(std::string_view name) {
    return fmt::format("restore it from a copy, or rebuild it with gazette-index --rebuild-shard {} "
                       "and the same inputs",
                       name.substr(std::min(name.size(), kShardPrefix.size())));
}

std::string printable(std::string_view text, std::size_t limit) {
    std::string out;
    for (const char c : text.substr(0, limit)) {
        const auto byte = static_cast<unsigned char>(c);
        out += byte >= 0x20 && byte < 0x7f && c != '\\' ? std::string(1, c)
                                                        : fmt::format("\\x{:02x}", byte);
    }
    return text.size() > limit ? out + "..." : out;
}

namespace {

/// What a glass revision file says of one of its tables.
struct GlassTable {
    std::string_view name;
    std::uint64_t bytes = 0;  // the blocks in use, up to the first never used, times their size
};

/// The tables of the glass database in `folder` that have blocks, read from its revision file
/// as Xapian 1.4 writes it (glass format 2016-03-14: magic, format, UUID, revision, then for
/// each table its root, flags, entries, block size / 2048, compression threshold and free list,
/// whose second number is the first block never used). Empty when the file is of another format
/// or cannot be parsed: Xapian's own opening then has its say.
std::vector<GlassTable> glass_tables(const fs::path& folder) {
    static constexpr std::string_view kMagic = "\x0f\x0dXapian Glass\x04\x6e";
    static constexpr std::array<std::string_view, 6> kTables = {
        "postlist", "docdata", "termlist", "position", "spelling", "synonym"};
    std::ifstream in(folder / "iamglass", std::ios::binary);
    std::string content(512, '\0');
    in.read(content.data(), static_cast<std::streamsize>(content.size()));
    content.resize(static_cast<std::size_t>(in.gcount()));
    std::string_view rest(content);
    if (!rest.starts_with(kMagic) || rest.size() < kMagic.size() + 16) return {};
    rest.remove_prefix(kMagic.size() + 16);  // and the UUID
    std::uint64_t number = 0;
    if (!detail::get_uint(rest, number)) return {};  // the revision
    std::vector<GlassTable> tables;
    for (const std::string_view name : kTables) {
        std::uint64_t root = 0, flags = 0, entries = 0, block_units = 0, threshold = 0, length = 0;
        if (!detail::get_uint(rest, root) || !detail::get_uint(rest, flags) ||
            !detail::get_uint(rest, entries) || !detail::get_uint(rest, block_units) ||
            !detail::get_uint(rest, threshold) || !detail::get_uint(rest, length) ||
            length > rest.size()) {
            return {};
        }
        std::string_view free_list = rest.substr(0, length);
        rest.remove_prefix(length);
        std::uint64_t first_unused = 0;
        if (detail::get_uint(free_list, number) && detail::get_uint(free_list, first_unused) &&
            first_unused > 0 && block_units > 0 && block_units <= 32) {
            tables.push_back({name, first_unused * (block_units << 11)});
        }
    }
    return tables;
}

}  // namespace

void check_shard_files(const std::string& path, const std::string& shard) {
    const fs::path folder(shard);
    const std::string name = shard_name(shard);
    std::error_code ec;
    if (fs::is_empty(folder, ec)) {
        throw IndexError(fmt::format("{}: {} is empty: its Xapian database is missing; {}", path,
                                     name, repair_advice(name)));
    }
    if (!fs::exists(folder / "iamglass", ec)) {
        if (fs::exists(folder / "iamchert", ec)) return;  // an older backend: Xapian's to open
        throw IndexError(fmt::format("{}: {} is damaged: iamglass, its revision file, is missing; {}",
                                     path, name, repair_advice(name)));
    }
    for (const GlassTable& table : glass_tables(folder)) {
        const fs::path file = folder / (std::string(table.name) + ".glass");
        const auto size = fs::file_size(file, ec);
        if (ec) {
            throw IndexError(fmt::format("{}: {} is damaged: {} is missing; {}", path, name,
                                         file.filename().string(), repair_advice(name)));
        }
        if (size < table.bytes) {
            throw IndexError(fmt::format("{}: {} is damaged: {} is truncated ({} of {} bytes); {}",
                                         path, name, file.filename().string(), size, table.bytes,
                                         repair_advice(name)));
        }
    }
}

std::vector<std::string> list_shards(const std::string& path) {
    const fs::path root(path);
    refuse_stub(path, root, "the database folder");
    std::vector<std::pair<long, fs::path>> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        const std::string name = entry.path().filename().string();
        const long number = shard_number(name);
        if (number < 0) continue;
        if (!entry.is_directory(ec) || entry.is_symlink(ec)) {
            throw IndexError(fmt::format("{}: {} is damaged: it is not a folder; {}", path, name,
                                         repair_advice(name)));
        }
        found.emplace_back(number, entry.path());
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> paths;
    for (const auto& [number, shard] : found) {
        const std::string expected = fmt::format("{}{}", kShardPrefix, paths.size());
        if (number != static_cast<long>(paths.size())) {
            throw IndexError(fmt::format("{}: {} is missing ({} is there); {}", path, expected,
                                         shard_name(shard.string()), repair_advice(expected)));
        }
        if (!remote_address(shard.string())) refuse_stub(path, shard, shard_name(shard.string()));
        paths.push_back(shard.string());
    }
    return paths;
}

namespace {

/// Xapian's check of one shard: empty when it is sound, else what is wrong.
std::string table_problem(const std::string& shard) {
    std::ostringstream out;
    try {
        const std::size_t errors = Xapian::Database::check(shard, 0, &out);
        if (errors == 0) return {};
        std::string first;
        std::istringstream lines(out.str());
        for (std::string line; std::getline(lines, line);) {
            if (line.find("rror") != std::string::npos) {
                first = line;
                break;
            }
        }
        return fmt::format("Xapian's check finds {} error(s){}", errors,
                           first.empty() ? "" : " (" + printable(first, 120) + ")");
    } catch (const Xapian::Error& e) {
        return fmt::format("Xapian's check finds {} ({})", e.get_type(), printable(e.get_msg(), 120));
    }
}

}  // namespace

void check_tables(const std::string& path, const std::vector<std::string>& shards) {
    std::vector<std::string> problems(shards.size());
    {
        std::vector<std::jthread> threads;
        for (std::size_t i = 0; i < shards.size(); ++i) {
            threads.emplace_back([&, i] { problems[i] = table_problem(shards[i]); });
        }
    }
    for (std::size_t i = 0; i < shards.size(); ++i) {
        if (problems[i].empty()) continue;
        const std::string name = shard_name(shards[i]);
        throw IndexError(fmt::format("{}: {} is damaged: {}; {}", path, name, problems[i],
                                     repair_advice(name)));
    }
}

std::string unfinished_shard(const std::string& shard) { return shard + std::string(kUnfinished); }

std::vector<std::string> unfinished_shards(const std::string& path) {
    std::vector<std::string> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(path, ec)) {
        std::string name = entry.path().filename().string();
        if (!name.ends_with(kUnfinished)) continue;
        name.resize(name.size() - kUnfinished.size());
        if (shard_number(name) >= 0) found.push_back(entry.path().string());
    }
    std::sort(found.begin(), found.end());
    return found;
}

}  // namespace gazette::schema::detail
