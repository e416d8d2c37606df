//! How an article's document data (schema.hpp) is stored: its JSON, compressed with a zstd
//! dictionary trained on the database's own first articles.
//!
//! An article's data is about 2.8 KB of JSON. Compressed alone, it shrinks little: Xapian's zlib
//! took it to 1,412 bytes on average on the 1M-article scale corpus. With a dictionary of what
//! articles share (JSON keys, paths, common words and phrases), zstd takes it to about 1,030.
//! The dictionary is trained once per database, from its first kSamples articles (stored as
//! plain JSON until then, as are all the articles of smaller databases; training takes about
//! 0.1 s), and kept in the metadata of every shard holding compressed data, under kDictionaryKey. Stored data that starts with '{' is plain JSON;
//! anything else is a zstd frame naming its dictionary.
//!
//! Entry points: DataCompressor (gazette-index), DataReader (gazette-search).
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace gazette::schema {

/// Metadata key of the compression dictionary (the same in every shard of a database).
inline constexpr std::string_view kDictionaryKey = "gazette.dictionary";

/// True when `dictionary` is a zstd dictionary a reader can load: what a shard's kDictionaryKey
/// must hold when it holds anything.
bool is_dictionary(std::string_view dictionary);

/// Compresses article data for every writer of one database; thread-safe.
class DataCompressor {
  public:
    /// Articles whose data trains the dictionary.
    static constexpr std::size_t kSamples = 1000;

    /// Compresses with `dictionary`, the database's own, or, when it is empty, trains one
    /// from the first kSamples articles encoded.
    explicit DataCompressor(const std::string& dictionary = "");
    ~DataCompressor();
    DataCompressor(const DataCompressor&) = delete;
    DataCompressor& operator=(const DataCompressor&) = delete;

    /// What to store for the JSON `data`: compressed once there is a dictionary, else as it is.
    std::string encode(std::string data);

    /// The dictionary data is compressed with; empty while there is none. A writer stores it
    /// in its shard before it adds the first document compressed with it.
    std::string dictionary() const;

  private:
    struct Trained;
    /// Trains a dictionary on `samples` and makes it the one data is compressed with.
    std::shared_ptr<const Trained> train(const std::vector<std::string>& samples);

    mutable std::mutex mutex_;
    std::shared_ptr<const Trained> trained_;
    std::vector<std::string> samples_;
    bool training_ = false;  // a thread is training on the samples
    bool given_up_ = false;  // training failed; data stays plain
};

/// Reads stored article data back to JSON.
class DataReader {
  public:
    /// Knows the dictionaries of all `shards`.
    explicit DataReader(const std::vector<Xapian::Database>& shards);
    ~DataReader();
    DataReader(DataReader&&) noexcept;
    DataReader& operator=(DataReader&&) noexcept;

    /// The JSON of `stored`; nullopt when it is compressed with a dictionary the database does
    /// not have, or damaged.
    std::optional<std::string> decode(const std::string& stored) const;

  private:
    struct Dictionaries;
    std::unique_ptr<Dictionaries> dictionaries_;
};

}  // namespace gazette::schema
