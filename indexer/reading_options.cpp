//! Reading options per file and the options files that set them; see reading_options.hpp.
#include "reading_options.hpp"

#include <fnmatch.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "dates.hpp"
#include "errors.hpp"
#include "language.hpp"
#include "text.hpp"

namespace gazette {
namespace {

using json = nlohmann::json;

/// An options file larger than this is no options file.
constexpr std::size_t kMaxOptionsFile = 1 << 20;

constexpr std::array<std::string_view, 9> kKeys = {"format",   "fields",   "delimiter",
                                                   "quote",    "header",   "language",
                                                   "date_sources", "period", "files"};

[[noreturn]] void refuse(const std::string& path, const std::string& why) {
    throw UsageError(path + ": " + why);
}

bool is_default(const std::vector<DateSource>& sources) {
    return sources == ReadingOptions{}.date_sources;
}

std::string sources_text(const std::vector<DateSource>& sources) {
    if (sources.empty()) return "none";
    std::vector<std::string> names;
    for (const DateSource source : sources) names.emplace_back(to_string(source));
    return join(names, ",");
}

char one_char(const json& value, const std::string& path, std::string_view key) {
    std::string text = value.is_string() ? value.get<std::string>() : std::string();
    if (text == "tab" || text == "\\t") text = "\t";
    if (text.size() != 1) refuse(path, fmt::format("'{}' takes one character or \"tab\"", key));
    return text[0];
}

std::map<std::string, std::string> parse_fields(const json& value, const std::string& path) {
    if (!value.is_object()) refuse(path, "'fields' takes an object, e.g. {\"title\": \"headline\"}");
    std::map<std::string, std::string> fields;
    for (const auto& [key, name] : value.items()) {
        if (name.is_string()) {
            fields[key] = name.get<std::string>();
        } else if (name.is_number_unsigned()) {
            fields[key] = std::to_string(name.get<std::uint64_t>());  // a CSV column number
        } else {
            refuse(path, fmt::format("field '{}' takes a field name or a column number", key));
        }
    }
    return fields;
}

std::string parse_language(const json& value, const std::string& path) {
    const std::string name = value.is_string() ? value.get<std::string>() : std::string();
    if (name == "detect") return {};
    const auto language = find_language(name);
    if (!language) refuse(path, fmt::format("unknown language '{}'", name));
    return language->code.empty() ? "none" : language->code;
}

std::vector<DateSource> parse_sources(const json& value, const std::string& path) {
    std::string listed;
    if (value.is_string()) {
        listed = value.get<std::string>();
    } else if (value.is_array()) {
        for (const json& item : value) {
            if (!item.is_string()) {
                listed = "?";
                break;
            }
            listed += (listed.empty() ? "" : ",") + item.get<std::string>();
        }
    }
    try {
        return parse_date_sources(listed);
    } catch (const UsageError&) {
        refuse(path, "'date_sources' takes header, filename and text in the order to try them "
                     "(a list or a comma-separated string), or \"none\"; got " + value.dump());
    }
}

/// Sets one key of `patch`; false when `key` is not an option.
bool parse_key(OptionsPatch& patch, const std::string& key, const json& value,
               const std::string& path) {
    if (key == "format") {
        if (!value.is_string()) refuse(path, "'format' takes a format name");
        patch.format = ascii_lower(value.get<std::string>());
    } else if (key == "fields") {
        patch.fields = parse_fields(value, path);
    } else if (key == "delimiter") {
        patch.delimiter = one_char(value, path, key);
    } else if (key == "quote") {
        patch.quote = one_char(value, path, key);
    } else if (key == "header") {
        if (!value.is_boolean() && !value.is_null()) {
            refuse(path, "'header' takes true, false or null (detect)");
        }
        patch.header = value.is_null() ? std::nullopt : std::optional<bool>(value.get<bool>());
    } else if (key == "language") {
        patch.language = parse_language(value, path);
    } else if (key == "date_sources") {
        patch.date_sources = parse_sources(value, path);
    } else if (key == "period") {
        if (!value.is_string()) refuse(path, "'period' takes a string such as \"1987\" or \"2004..2005\"");
        try {
            patch.period = parse_period(value.get<std::string>());
        } catch (const UsageError& e) {
            refuse(path, std::string("'period': ") + e.what());
        }
    } else {
        return false;
    }
    return true;
}

/// The settings of one JSON object: the file's top level, or one of its "files" entries
/// (which has "match" and no "files").
OptionsPatch parse_patch(const json& object, const std::string& path, bool top) {
    OptionsPatch patch;
    for (const auto& [key, value] : object.items()) {
        if (key == (top ? "files" : "match")) continue;
        if (!parse_key(patch, key, value, path)) {
            refuse(path, fmt::format("unknown key '{}' (known keys: {}{})", key, join(kKeys, ", "),
                                     top ? "" : ", match; \"files\" entries hold no \"files\""));
        }
    }
    // What check_reader_options() refuses (an unknown format or field key, a line end or the
    // same character as delimiter and quote) is refused here, naming the file.
    ReadingOptions check;
    patch.apply(check, path);
    try {
        check_reader_options(check.reader);
    } catch (const UsageError& e) {
        refuse(path, e.what());
    }
    return patch;
}

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw InputError(fmt::format("{}: cannot read options file: {}", path,
                                     errno == EACCES ? "permission denied" : std::strerror(errno)));
    }
    std::string text(kMaxOptionsFile + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxOptionsFile) refuse(path, "over 1 MiB; not an options file");
    return text;
}

}  // namespace

std::string ReadingOptions::canonical() const {
    json j = json::object();
    if (!reader.format.empty()) j["format"] = ascii_lower(reader.format);
    if (!reader.fields.empty()) j["fields"] = reader.fields;
    if (reader.delimiter != 0) j["delimiter"] = std::string(1, reader.delimiter);
    if (reader.quote != 0) j["quote"] = std::string(1, reader.quote);
    if (reader.header) j["header"] = *reader.header;
    if (!language.empty()) j["language"] = language;
    if (!is_default(date_sources)) j["date_sources"] = sources_text(date_sources);
    if (period) j["period"] = period->text();
    if (j.empty()) return {};
    // Keys sort (nlohmann's objects are ordered maps); bytes that are not UTF-8 are replaced
    // rather than refused: the digest only has to tell options apart.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string ReadingOptions::fingerprint() const {
    const std::string text = canonical();
    return text.empty() ? std::string() : fmt::format("{:016x}", fnv1a(text));
}

void OptionsPatch::apply(ReadingOptions& options, const std::string& origin) const {
    if (format) options.reader.format = *format;
    if (fields) {
        options.reader.fields = *fields;
        options.fields_origin = origin;
    }
    if (delimiter) options.reader.delimiter = *delimiter;
    if (quote) options.reader.quote = *quote;
    if (header) options.reader.header = *header;
    if (language) options.language = *language;
    if (date_sources) options.date_sources = *date_sources;
    if (period) options.period = *period;
}

OptionsFile OptionsFile::read(const std::string& path, const std::string& folder) {
    json object;
    try {
        object = json::parse(read_text(path), nullptr, true, /*ignore_comments=*/true);
    } catch (const json::exception& e) {
        std::string_view what = e.what();
        if (const auto bracket = what.find("] "); what.starts_with("[") && bracket != what.npos) {
            what.remove_prefix(bracket + 2);
        }
        refuse(path, "not valid JSON: " + std::string(what));
    }
    if (!object.is_object()) refuse(path, "not a JSON object of reading options");
    OptionsFile file;
    file.path = path;
    file.folder = folder;
    if (file.folder.size() > 1 && file.folder.back() == '/') file.folder.pop_back();
    file.all = parse_patch(object, path, true);
    if (const auto it = object.find("files"); it != object.end()) {
        if (!it->is_array()) refuse(path, "'files' takes a list of {\"match\": PATTERN, ...}");
        for (const json& entry : *it) {
            const auto match = entry.is_object() ? entry.find("match") : entry.end();
            if (!entry.is_object() || match == entry.end() || !match->is_string()) {
                refuse(path, "each 'files' entry takes \"match\": a file name pattern");
            }
            file.files.emplace_back(match->get<std::string>(), parse_patch(entry, path, false));
        }
    }
    return file;
}

ReadingOptions options_for(const ReadingOptions& base, const OptionsChain& chain,
                           const std::string& path) {
    ReadingOptions options = base;
    for (const auto& file : chain) {
        file->all.apply(options, file->path);
        if (file->files.empty() || path.size() <= file->folder.size() + 1) continue;
        const std::string relative = path.substr(file->folder.size() + 1);
        for (const auto& [pattern, patch] : file->files) {
            if (::fnmatch(pattern.c_str(), relative.c_str(), 0) == 0) patch.apply(options, file->path);
        }
    }
    return options;
}

}  // namespace gazette
