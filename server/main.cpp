//! gazette-serve: a Gazette database over HTTP, as a JSON API and a search page. Parses the
//! options, blocks the stop signals before any thread starts, and serves (http_server.hpp);
//! cli::Program owns the exit statuses.
#include <spdlog/spdlog.h>

#include "http_server.hpp"
#include "program.hpp"

namespace {

namespace cli = gazette::cli;

cli::ProgramInfo program_info() {
    return {"gazette-serve",
            "Serve a Gazette database over HTTP: a JSON API under /api/ and a search page at /.",
            {"gazette-serve --db news-db    (then open http://127.0.0.1:8080/)",
             "gazette-serve --listen 127.0.0.1:0    (any free port; the one bound is printed)",
             "curl 'http://127.0.0.1:8080/api/search?q=cocoa&since=1987-01-01&limit=5'"},
            {"SIGTERM or SIGINT stops the server once the requests under way are answered (0)."}};
}

}  // namespace

int main(int argc, char** argv) {
    cli::Program program(program_info());
    gazette::server::ServeOptions options;
    std::string listen = "127.0.0.1:8080";
    program.add_database_option(options.db);
    program.app().add_option("--listen", listen, "HOST:PORT to listen on (loopback unless told otherwise)")
        ->capture_default_str();
    program.app().add_option("--language", options.language,
                             "Stem queries for this language instead of the database's");
    program.add_number("--threads", options.threads, "Worker threads, each with its own searcher",
                       cli::Range<unsigned>{1, 256});
    program.add_verbosity_options("Log only errors (no access log)");
    if (auto status = program.parse(argc, argv)) return *status;
    program.start_logging(spdlog::level::err);
    return program.run([&] {
        gazette::server::parse_listen(listen, options, "--listen");
        gazette::server::block_stop_signals();
        gazette::server::serve(options);
        return cli::kExitOk;
    });
}
