//! The HTTP server; see http_server.hpp.
#include "http_server.hpp"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include "api.hpp"
#include "assets.hpp"
#include "errors.hpp"
#include "numbers.hpp"

namespace gazette::server {
namespace {

using Clock = std::chrono::steady_clock;

/// Bounds on each request (docs/output-format.md): the body (the API reads none), the time to
/// read a request or write an answer, and how long an idle kept-alive connection holds a worker.
constexpr std::size_t kMaxPayloadBytes = 64 * 1024;
constexpr std::time_t kReadTimeoutSeconds = 5;
constexpr std::time_t kWriteTimeoutSeconds = 5;
constexpr std::time_t kKeepAliveSeconds = 2;
constexpr std::size_t kKeepAliveRequests = 100;

/// When the request the current worker thread is answering arrived, for the access log.
thread_local Clock::time_point request_start;

/// The Worker (and Searcher) of the current thread of the pool, made on its first request.
Worker& this_threads_worker(const ServeOptions& options) {
    thread_local std::unique_ptr<Worker> worker;
    if (!worker) worker = std::make_unique<Worker>(options.db, options.language);
    return *worker;
}

Parameters parameters_of(const httplib::Request& req) {
    Parameters parameters;
    for (const auto& [name, value] : req.params) parameters.emplace_back(name, value);
    return parameters;
}

void set_json(httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_content(body + "\n", "application/json; charset=utf-8");
}

void only_get(const httplib::Request& req, httplib::Response& res) {
    set_json(res, 405, error_body(fmt::format("only GET is served, not {}", req.method)));
    res.set_header("Allow", "GET");
}

void add_routes(httplib::Server& server, const ServeOptions& options) {
    server.Post(".*", only_get);
    server.Put(".*", only_get);
    server.Patch(".*", only_get);
    server.Delete(".*", only_get);
    server.Get(R"(/api/.*)", [&options](const httplib::Request& req, httplib::Response& res) {
        const Answer a = answer(req.path, parameters_of(req), this_threads_worker(options));
        set_json(res, a.status, a.body);
    });
    server.Get(R"(/|/assets/[A-Za-z0-9_.-]+)", [](const httplib::Request& req, httplib::Response& res) {
        const Asset* asset = find_asset(req.path);
        if (!asset) {
            set_json(res, 404, error_body(fmt::format("no such file: {}", req.path)));
            return;
        }
        res.set_content(std::string(asset->body), std::string(asset->content_type).c_str());
    });
}

/// Bounds, headers, the access log and the JSON for whatever no route answers.
void configure(httplib::Server& server, const ServeOptions& options) {
    const unsigned threads = options.threads;
    server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    // Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm holds
    // the body until the client's delayed ACK, about 40 ms a kept-alive request.
    server.set_tcp_nodelay(true);
    server.set_payload_max_length(kMaxPayloadBytes);
    server.set_read_timeout(kReadTimeoutSeconds, 0);
    server.set_write_timeout(kWriteTimeoutSeconds, 0);
    server.set_keep_alive_timeout(kKeepAliveSeconds);
    server.set_keep_alive_max_count(kKeepAliveRequests);
    // The page loads its own files only: no script, style or request elsewhere.
    server.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                                {"Content-Security-Policy", "default-src 'self'; img-src 'self' data:"},
                                {"Referrer-Policy", "no-referrer"}});
    server.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
        request_start = Clock::now();
        return httplib::Server::HandlerResponse::Unhandled;
    });
    server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        const int status = res.status;
        std::string message = fmt::format("HTTP {}", status);
        if (status == 404) message = fmt::format("no such path: {}", req.path);
        if (status == 414) message = fmt::format("the request's URI is over {} bytes", CPPHTTPLIB_REQUEST_URI_MAX_LENGTH);
        if (status == 413) message = fmt::format("the request's body is over {} bytes", kMaxPayloadBytes);
        set_json(res, status, error_body(message));
    });
    server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
        spdlog::error("{} {}: unexpected error", req.method, req.path);
        set_json(res, 500, error_body("internal error"));
    });
    server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - request_start).count();
        spdlog::info("{} {} {} {:.1f} ms", req.method, req.target, res.status, ms);
    });
}

/// Waits for SIGTERM or SIGINT (blocked in every thread: block_stop_signals()) and stops
/// `server`, unless `done` is set first. sigtimedwait() runs in an ordinary thread, so stop()
/// is never called from a signal handler.
void stop_on_signal(httplib::Server& server, const std::atomic<bool>& done) {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    const timespec wait{0, 200'000'000};
    while (!done) {
        const int signal = sigtimedwait(&signals, nullptr, &wait);
        if (signal == SIGTERM || signal == SIGINT) {
            spdlog::info("{}: finishing the requests under way and stopping", signal == SIGTERM ? "SIGTERM" : "SIGINT");
            server.stop();
            return;
        }
    }
}

}  // namespace

void parse_listen(const std::string& listen, ServeOptions& options, const std::string& option) {
    const std::size_t colon = listen.rfind(':');
    const auto bad = [&] {
        return UsageError(fmt::format("{} takes HOST:PORT (127.0.0.1:8080, [::1]:8080, 0.0.0.0:0), not '{}'",
                                      option, listen));
    };
    if (colon == std::string::npos || colon == 0) throw bad();
    std::string host = listen.substr(0, colon);
    if (host.front() == '[') {
        if (host.size() < 3 || host.back() != ']') throw bad();
        host = host.substr(1, host.size() - 2);
    }
    int port = 0;
    if (!cli::parse_number(std::string_view(listen).substr(colon + 1), cli::Range<int>{0, 65535}, port)) throw bad();
    options.host = host;
    options.port = port;
}

void block_stop_signals() {
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

void serve(const ServeOptions& options) {
    httplib::Server server;
    configure(server, options);
    add_routes(server, options);
    const int port = options.port == 0 ? server.bind_to_any_port(options.host)
                                       : (server.bind_to_port(options.host, options.port) ? options.port : -1);
    if (port < 0) {
        throw std::runtime_error(fmt::format("cannot listen on {}:{} (in use, or not an address of this machine)",
                                             options.host, options.port));
    }
    if (options.host != "127.0.0.1" && options.host != "::1" && options.host != "localhost") {
        spdlog::warn("listening on {}: other machines can reach this server", options.host);
    }
    const std::string shown = options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host;
    std::cout << fmt::format("listening on http://{}:{}/", shown, port) << std::endl;
    std::atomic<bool> done{false};
    std::thread stopper([&] { stop_on_signal(server, done); });
    const bool ok = server.listen_after_bind();
    done = true;
    stopper.join();
    if (!ok && server.is_running()) throw std::runtime_error("the server stopped on an error");
}

}  // namespace gazette::server
