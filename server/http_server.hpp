//! gazette-serve's HTTP side: cpp-httplib's server with a fixed pool of worker threads (each
//! with its own Worker and so its own Searcher), the API (api.hpp), the embedded search page
//! (assets.hpp), the bounds on each request, the access log and the shutdown on SIGTERM/SIGINT.
//!
//! Entry point: serve().
#pragma once

#include <string>

namespace gazette::server {

struct ServeOptions {
    std::string db;
    std::string language;  // stem queries in this language instead of the database's
    std::string host = "127.0.0.1";
    int port = 8080;  // 0: any free port (the one bound is printed)
    /// Worker threads. cpp-httplib gives a kept-alive connection one thread until it closes,
    /// so connections beyond the threads wait their turn (seconds at 16 connections on 4
    /// threads: docs/benchmarks.md); 16 covers a bench's or a small team's connections.
    unsigned threads = 16;
};

/// "HOST:PORT" ("127.0.0.1:8080", "[::1]:8080", "0.0.0.0:0") as the host and port to listen
/// on; throws UsageError naming `option` otherwise.
void parse_listen(const std::string& listen, ServeOptions& options, const std::string& option);

/// Listens and answers until SIGTERM or SIGINT, then finishes the requests under way and
/// returns. Prints "listening on http://HOST:PORT" on stdout once the port is bound; throws
/// std::runtime_error when it cannot be bound. The caller blocks SIGTERM and SIGINT in every
/// thread first (block_stop_signals()), so that serve() alone receives them.
void serve(const ServeOptions& options);

/// Blocks SIGTERM and SIGINT in the calling thread and every thread it starts later.
void block_stop_signals();

}  // namespace gazette::server
