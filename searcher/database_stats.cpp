//! Counting a database's contents; see database_stats.hpp.
#include "database_stats.hpp"

#include <algorithm>
#include <filesystem>

namespace gazette {
namespace {

std::string iso_date(const std::string& compact) {
    const auto date = Date::from_iso(compact);
    return date ? date->iso() : compact;
}

std::uint64_t folder_size(const std::filesystem::path& root) {
    std::uint64_t total = 0;
    std::error_code ec;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root, ec)) {
        if (entry.is_regular_file(ec)) total += entry.file_size(ec);
    }
    return total;
}

std::vector<std::pair<std::string, std::uint64_t>> spy_counts(const Xapian::ValueCountMatchSpy& spy) {
    std::vector<std::pair<std::string, std::uint64_t>> out;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        out.emplace_back(*it, it.get_termfreq());
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    return out;
}

/// The counts of --stats that the articles' values give (passages, languages, collections,
/// date sources, outlets), from one match over every article.
void count_values(DatabaseStats& stats, const Xapian::Database& articles) {
    Xapian::Enquire enquire(articles);
    enquire.set_query(Xapian::Query::MatchAll);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::ValueCountMatchSpy languages(schema::kSlotLanguage);
    Xapian::ValueCountMatchSpy collections(schema::kSlotCollection);
    Xapian::ValueCountMatchSpy sources(schema::kSlotDateSource);
    Xapian::ValueCountMatchSpy outlets(schema::kSlotOutlet);
    // The passages are counted by their number per article, during the same match: a server
    // counts its shard's and sends the few distinct numbers, where reading the slot's value
    // stream would cost a message per article over a remote shard.
    Xapian::ValueCountMatchSpy passages(schema::kSlotPassages);
    enquire.add_matchspy(&passages);
    enquire.add_matchspy(&outlets);
    enquire.add_matchspy(&languages);
    enquire.add_matchspy(&collections);
    enquire.add_matchspy(&sources);
    enquire.get_mset(0, 0, articles.get_doccount());
    stats.languages = spy_counts(languages);
    stats.collections = spy_counts(collections);
    stats.date_sources = spy_counts(sources);
    stats.outlets = spy_counts(outlets);
    for (auto it = passages.values_begin(); it != passages.values_end(); ++it) {
        stats.passages += static_cast<std::uint64_t>(Xapian::sortable_unserialise(*it)) * it.get_termfreq();
    }
    // Articles without the value are not in the spy's counts (nor in its total, which counts
    // every article it saw).
    std::uint64_t with_outlet = 0;
    for (const auto& entry : stats.outlets) with_outlet += entry.second;
    stats.articles_without_outlet = stats.articles - with_outlet;
}

}  // namespace

DatabaseStats database_stats(const schema::ReadDatabase& dbs, const std::string& path) {
    DatabaseStats stats;
    const Xapian::Database& articles = dbs.all;
    stats.path = path;
    stats.articles = articles.get_doccount();
    stats.schema_version = dbs.shards.front().get_metadata(std::string(schema::kSchemaKey));
    stats.shards = dbs.shards.size();
    const std::string file_prefix(schema::kFileKeyPrefix);
    for (const Xapian::Database& shard : dbs.shards) {
        for (auto it = shard.metadata_keys_begin(file_prefix);
             it != shard.metadata_keys_end(file_prefix); ++it) {
            ++stats.files;
        }
    }

    count_values(stats, articles);
    for (std::size_t i = 0; i < dbs.addresses.size(); ++i) {
        if (!dbs.addresses[i].empty()) stats.remote_shards.emplace_back(dbs.names[i], dbs.addresses[i]);
    }
    stats.missing_shards = dbs.missing;

    // Exact first and last dates: the bounds Xapian keeps are not tightened by deletions.
    Xapian::Enquire dated(articles);
    dated.set_query(Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDate, "0"));
    dated.set_weighting_scheme(Xapian::BoolWeight());
    dated.set_sort_by_value(schema::kSlotDate, false);
    Xapian::MSet first = dated.get_mset(0, 1, articles.get_doccount());
    const std::uint64_t dated_count = first.get_matches_estimated();
    stats.undated_articles = stats.articles - dated_count;
    if (!first.empty()) {
        stats.first_date = iso_date(first.begin().get_document().get_value(schema::kSlotDate));
        dated.set_sort_by_value(schema::kSlotDate, true);
        Xapian::MSet last = dated.get_mset(0, 1);
        stats.last_date = iso_date(last.begin().get_document().get_value(schema::kSlotDate));
    }
    stats.bytes_on_disk = folder_size(path);
    return stats;
}

}  // namespace gazette
