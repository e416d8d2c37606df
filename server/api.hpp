//! gazette-serve's JSON API, apart from HTTP: a request's path and parameters in, a status and
//! a JSON body out, through the same Searcher and the same JSON objects as gazette-search
//! (searcher/json_mapping.hpp).
//!
//! Entry point: answer(). Every endpoint and parameter, and the limits below, are documented in
//! docs/output-format.md ("gazette-serve's API"). A bad parameter or query is 400 naming it, an
//! unknown path or article 404, a database that cannot be opened or read 503, anything else
//! 500; answer() never throws, and never puts the database's path in a body.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "searcher.hpp"

namespace gazette::server {

/// The version of the API's JSON, in every successful answer as "api_version".
inline constexpr int kApiVersion = 1;
/// The most results one request may ask for (`limit`), and the deepest `offset`.
inline constexpr std::size_t kMaxLimit = 100;
inline constexpr std::size_t kMaxOffset = 10'000;
/// The most passages per article (`passages`) and facet values (`top`) a request may ask for.
inline constexpr std::size_t kMaxPassages = 20;
inline constexpr std::size_t kMaxTop = 1'000;

/// The parameters of a request, in the order given (a name may repeat: it is refused).
using Parameters = std::vector<std::pair<std::string, std::string>>;

struct Answer {
    int status = 200;
    std::string body;  // JSON
};

/// The searcher of one worker thread: opened on first use and whenever the database's shards
/// change (schema::shard_layout(): a shard added, removed or compacted into place), reopened at
/// the newest revision before every request otherwise, so an indexer's commits are seen by
/// the next request without a restart.
class Worker {
  public:
    Worker(std::string db, std::string language) : db_(std::move(db)), language_(std::move(language)) {}

    /// Throws IndexError when the database cannot be opened.
    Searcher& searcher();

    /// Forgets the searcher after a database error, so the next request opens it afresh.
    void forget() { searcher_.reset(); }

    /// `message` with the database's folder, which the library's messages name, replaced by
    /// "the database": a client learns nothing of the machine's paths from an error.
    std::string scrub(std::string message) const;

  private:
    std::string db_;
    std::string language_;
    std::string layout_;
    std::optional<Searcher> searcher_;
};

/// The answer to GET `path` (e.g. "/api/search") with `parameters`; 404 for a path that is not
/// the API's.
Answer answer(const std::string& path, const Parameters& parameters, Worker& worker);

/// {"error": message}.
std::string error_body(const std::string& message);

}  // namespace gazette::server
