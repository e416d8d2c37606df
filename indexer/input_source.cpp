//! for_each_input(): plain files read from their descriptor; gzip through zlib, so that a truncated
//! .gz or .tar.gz still gives every byte before the damage; tar inside gzip, the other archives
//! and the other compressions through libarchive. Members are streamed by InputBuffer, a
//! std::streambuf over a read function.
#include "input_source.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <exception>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace gazette {
namespace {

constexpr std::size_t kBlockSize = std::size_t{64} << 10;
/// How much of a file's (or a gzip stream's) start is looked at to tell what it is.
constexpr std::size_t kSniffSize = 512;

bool is_gzip(std::string_view head) { return head.starts_with("\x1F\x8B"); }

bool is_tar(std::string_view head, std::string_view path) {
    if (head.size() >= 262 && head.substr(257, 5) == "ustar") return true;
    // An old (v7) tar has no magic; its name says what it is.
    return head.size() >= kSniffSize &&
           (path.ends_with(".tar") || path.ends_with(".tar.gz") || path.ends_with(".tgz"));
}

/// True when `head` starts like data that libarchive reads: an archive, or a compression other
/// than gzip.
bool is_packed(std::string_view head, std::string_view path) {
    constexpr std::array<std::string_view, 8> kMagic = {
        "BZh",  // bzip2
        {"\xFD"
         "7zXZ\x00",
         6},                   // xz
        "\x28\xB5\x2F\xFD",    // zstd
        "\x04\x22\x4D\x18",    // lz4
        "PK\x03\x04",          // zip
        "PK\x05\x06",          // empty zip
        "PK\x07\x08",          // spanned zip
        "7z\xBC\xAF\x27\x1C",  // 7z
    };
    for (const auto magic : kMagic) {
        if (head.starts_with(magic)) return true;
    }
    return is_tar(head, path);
}

std::string damage_message(const std::string& display_path, std::string_view reason) {
    return display_path + ": truncated or damaged (" + std::string(reason) +
           "); what came before is kept";
}

/// Reads up to `size` bytes into `out`; 0 at the end. Throws DamagedInputError for damage, but
/// only once every good byte before it has been handed out.
using ReadFunction = std::function<std::size_t(char* out, std::size_t size)>;

/// A std::streambuf over a ReadFunction. Damage found while filling the buffer is held back
/// until the bytes before it are read: sgetn() returns them first and throws on the next call,
/// so a reader keeps every complete record before a truncation.
class InputBuffer final : public std::streambuf {
  public:
    explicit InputBuffer(ReadFunction read) : read_(std::move(read)), buffer_(kBlockSize) {}

  protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        if (!refill()) return traits_type::eof();
        return traits_type::to_int_type(*gptr());
    }

    std::streamsize xsgetn(char* out, std::streamsize size) override {
        std::streamsize copied = 0;
        while (copied < size) {
            if (gptr() == egptr()) {
                if (copied == 0) {
                    if (!refill()) break;
                } else {
                    try {
                        if (!refill()) break;
                    } catch (const DamagedInputError&) {
                        error_ = std::current_exception();  // thrown by the next call
                        break;
                    }
                }
            }
            const auto n = std::min(size - copied, static_cast<std::streamsize>(egptr() - gptr()));
            std::copy_n(gptr(), n, out + copied);
            gbump(static_cast<int>(n));
            copied += n;
        }
        return copied;
    }

  private:
    /// Fills the buffer; false at the end. Throws the held-back damage when nothing is left.
    bool refill() {
        if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
        if (done_) return false;
        std::size_t got = 0;
        try {
            got = read_(buffer_.data(), buffer_.size());
        } catch (const DamagedInputError&) {
            done_ = true;
            throw;
        }
        if (got == 0) {
            done_ = true;
            return false;
        }
        setg(buffer_.data(), buffer_.data(), buffer_.data() + got);
        return true;
    }

    ReadFunction read_;
    std::vector<char> buffer_;
    std::exception_ptr error_;
    bool done_ = false;
};

/// Reads up to `size` bytes of `file` into `out` (0 at its end); throws InputError on a read
/// error.
std::size_t read_file(FileHandle& file, const std::string& path, char* out, std::size_t size) {
    for (;;) {
        const ssize_t got = ::read(file.fd(), out, size);
        if (got >= 0) return static_cast<std::size_t>(got);
        if (errno != EINTR) throw InputError(path + ": read error: " + std::strerror(errno));
    }
}

/// gzip data decompressed as it is read, members of a multi-member file one after another.
/// The first bytes can be looked at before reading (peek()), to tell a tar from anything else.
class GzipSource {
  public:
    GzipSource(FileHandle& file, std::string path)
        : file_(file), path_(std::move(path)), input_(kBlockSize) {
        if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) {
            throw InputError(path_ + ": cannot start gzip decompression");
        }
    }
    ~GzipSource() { inflateEnd(&stream_); }
    GzipSource(const GzipSource&) = delete;
    GzipSource& operator=(const GzipSource&) = delete;

    /// The first `size` bytes of the data (fewer when it is shorter), read without consuming.
    std::string_view peek(std::size_t size) {
        while (head_.size() < size) {
            std::array<char, kSniffSize> block{};
            const auto got =
                inflate_some(block.data(), std::min(block.size(), size - head_.size()));
            if (got == 0) break;
            head_.append(block.data(), got);
        }
        return head_;
    }

    /// What is wrong with the data, once read() has thrown DamagedInputError.
    const std::string& error() const { return error_; }

    /// See ReadFunction. Damage is held back while decompressed bytes remain to be given out.
    std::size_t read(char* out, std::size_t size) {
        if (head_pos_ < head_.size()) {
            const auto n = std::min(size, head_.size() - head_pos_);
            std::copy_n(head_.data() + head_pos_, n, out);
            head_pos_ += n;
            return n;
        }
        return inflate_some(out, size);
    }

  private:
    std::size_t inflate_some(char* out, std::size_t size) {
        if (!error_.empty()) throw DamagedInputError(damage_message(path_, error_));
        stream_.next_out = reinterpret_cast<Bytef*>(out);
        stream_.avail_out = static_cast<uInt>(size);
        while (stream_.avail_out > 0 && !finished_) {
            if (stream_.avail_in == 0) {
                const std::size_t got = read_file(file_, path_, input_.data(), input_.size());
                stream_.next_in = reinterpret_cast<Bytef*>(input_.data());
                stream_.avail_in = static_cast<uInt>(got);
                if (stream_.avail_in == 0) {
                    if (!between_members_) error_ = "unexpected end of gzip data";
                    finished_ = true;
                    break;
                }
            }
            if (between_members_) {
                // Another member follows only if it starts like one; anything else (zero
                // padding) ends the data, as gzip itself treats trailing garbage.
                if (stream_.next_in[0] != 0x1F) {
                    finished_ = true;
                    break;
                }
                between_members_ = false;
            }
            const int status = inflate(&stream_, Z_NO_FLUSH);
            if (status == Z_STREAM_END) {
                inflateReset(&stream_);
                between_members_ = true;
            } else if (status != Z_OK && status != Z_BUF_ERROR) {
                error_ = stream_.msg != nullptr ? stream_.msg : "corrupt gzip data";
                finished_ = true;
                break;
            }
        }
        const auto got = size - stream_.avail_out;
        if (got == 0 && !error_.empty()) throw DamagedInputError(damage_message(path_, error_));
        return got;
    }

    FileHandle& file_;
    std::string path_;
    std::vector<char> input_;
    z_stream stream_{};
    std::string head_;  // peeked bytes, handed out first
    std::size_t head_pos_ = 0;
    std::string error_;  // damage found: held back until the bytes before it are read, then thrown
    bool finished_ = false;
    bool between_members_ = false;
};

std::string reason(archive* a) {
    const char* message = archive_error_string(a);
    return message != nullptr ? message : "unknown archive error";
}

/// A member name as shown after the "!": no leading "./" or "/".
std::string member_name(archive_entry* entry) {
    const char* name = archive_entry_pathname_utf8(entry);
    if (name == nullptr) name = archive_entry_pathname(entry);
    std::string_view view = name != nullptr ? name : "";
    while (view.starts_with("./") || view.starts_with('/')) {
        view.remove_prefix(view.starts_with('/') ? 1 : 2);
    }
    return std::string(view);
}

/// Hidden members are skipped as hidden files are: a part of the name starting with "." (macOS
/// "._x" resource forks among them), and the "__MACOSX" folder zip tools add.
bool is_hidden(std::string_view name) {
    while (!name.empty()) {
        const auto slash = name.find('/');
        const auto part = name.substr(0, slash);
        if ((part.size() > 1 && part[0] == '.' && part != "..") || part == "__MACOSX") return true;
        if (slash == std::string_view::npos) break;
        name.remove_prefix(slash + 1);
    }
    return false;
}

using ArchivePtr = std::unique_ptr<archive, int (*)(archive*)>;

ArchivePtr new_archive(const std::string& path) {
    ArchivePtr reader(archive_read_new(), archive_read_free);
    if (!reader) throw InputError(path + ": cannot open archive: out of memory");
    return reader;
}

/// Visits the regular members of an opened archive; see for_each_input().
void visit_members(archive* a, const std::string& path, const InputVisitor& visit,
                   const ProblemHandler& on_problem) {
    auto report = [&](const std::string& message) {
        if (on_problem) on_problem(message);
    };
    bool member_damaged = false;  // the last member threw DamagedInputError to the visitor
    std::size_t members = 0;
    for (;;) {
        archive_entry* entry = nullptr;
        int status = ARCHIVE_RETRY;
        while (status == ARCHIVE_RETRY) status = archive_read_next_header(a, &entry);
        if (status == ARCHIVE_EOF) break;
        if (status == ARCHIVE_FATAL) {
            // After a damaged member this is the same damage, which the visitor has reported.
            if (!member_damaged) report(damage_message(path, reason(a)));
            return;
        }
        const bool raw = archive_format(a) == ARCHIVE_FORMAT_RAW;
        const std::string name = member_name(entry);
        const std::string display = raw ? path : path + "!" + name;
        if (status == ARCHIVE_FAILED) {
            report(display + ": cannot be extracted (" + reason(a) + "); skipped");
            continue;
        }
        if (!raw && (archive_entry_filetype(entry) != AE_IFREG || is_hidden(name))) continue;
        ++members;
        bool damaged = false;
        InputBuffer buffer([&](char* out, std::size_t size) -> std::size_t {
            la_ssize_t got = ARCHIVE_RETRY;
            while (got == ARCHIVE_RETRY) got = archive_read_data(a, out, size);
            if (got < 0) {
                damaged = true;
                throw DamagedInputError(damage_message(display, reason(a)));
            }
            return static_cast<std::size_t>(got);
        });
        std::istream in(&buffer);
        in.exceptions(std::ios::badbit);
        const bool go_on = visit(display, in);
        member_damaged = damaged;
        if (!go_on) return;
    }
    if (members == 0) report(path + ": no files in the archive");
}

/// A tar inside gzip: libarchive reads the tar from GzipSource, so that the members before a
/// truncation are read even when the whole file is smaller than libarchive's read-ahead.
void for_each_tar_member(GzipSource& gzip, const std::string& path, const InputVisitor& visit,
                         const ProblemHandler& on_problem) {
    struct Feed {
        GzipSource& gzip;
        std::vector<char> block = std::vector<char>(kBlockSize);
    } feed{gzip};
    auto reader = new_archive(path);
    archive* a = reader.get();
    archive_read_support_format_tar(a);
    archive_read_support_format_gnutar(a);
    const auto read = [](archive* arc, void* data, const void** buffer) -> la_ssize_t {
        auto& f = *static_cast<Feed*>(data);
        *buffer = f.block.data();
        try {
            return static_cast<la_ssize_t>(f.gzip.read(f.block.data(), f.block.size()));
        } catch (const DamagedInputError&) {
            // No exception may cross libarchive's C code: it gets the reason instead.
            archive_set_error(arc, EIO, "%s", f.gzip.error().c_str());
        } catch (const std::exception& e) {
            archive_set_error(arc, EIO, "%s", e.what());
        }
        return -1;
    };
    if (archive_read_open(a, &feed, nullptr, read, nullptr) != ARCHIVE_OK) {
        if (on_problem) on_problem(damage_message(path, reason(a)));
        return;
    }
    visit_members(a, path, visit, on_problem);
}

/// Everything else libarchive reads: zip, 7z, plain tar, and tar or single files in bzip2, xz,
/// zstd and lz4.
void for_each_archive_member(FileHandle& file, const std::string& path, const InputVisitor& visit,
                             const ProblemHandler& on_problem) {
    auto reader = new_archive(path);
    archive* a = reader.get();
    archive_read_support_filter_all(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_gnutar(a);
    archive_read_support_format_zip(a);
    archive_read_support_format_7zip(a);
    // Lowest bid: compressed data that is no archive is one stream of data.
    archive_read_support_format_raw(a);
    if (archive_read_open_fd(a, file.fd(), kBlockSize) != ARCHIVE_OK) {
        throw InputError(path + ": cannot open archive: " + reason(a));
    }
    visit_members(a, path, visit, on_problem);
}

}  // namespace

FileHandle::~FileHandle() {
    if (fd_ >= 0) ::close(fd_);
}

FileHandle open_without_links(const std::string& path, const std::string& shown) {
    if (!path.starts_with('/')) throw InputError(shown + ": cannot open: not an absolute path");
    // O_PATH: passing through a folder needs only the right to search it, as open(2)'s own
    // walk does.
    FileHandle folder(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
    if (folder.fd() < 0) throw InputError(shown + ": cannot open: " + std::strerror(errno));
    std::string_view rest = std::string_view(path).substr(1);
    for (;;) {
        const auto slash = rest.find('/');
        const std::string part(rest.substr(0, slash));
        const bool last = slash == std::string_view::npos;
        if (!last && part.empty()) {
            rest.remove_prefix(1);
            continue;
        }
        const int flags = last ? O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC
                               : O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
        FileHandle next(::openat(folder.fd(), part.c_str(), flags));
        if (next.fd() < 0) {
            const int error = errno;
            // O_NOFOLLOW fails with ELOOP on a link, and O_DIRECTORY on a link with ENOTDIR.
            struct stat seen {};
            if (error == ELOOP || (error == ENOTDIR && ::fstatat(folder.fd(), part.c_str(), &seen,
                                                                 AT_SYMLINK_NOFOLLOW) == 0 &&
                                   S_ISLNK(seen.st_mode))) {
                throw InputError(fmt::format("{}: cannot open: '{}' is a symbolic link now (it was "
                                             "not when its folder was read); not followed",
                                             shown, part));
            }
            throw InputError(shown + ": cannot open: " + std::strerror(error));
        }
        if (last) {
            struct stat status {};
            if (::fstat(next.fd(), &status) != 0 || !S_ISREG(status.st_mode)) {
                throw InputError(shown + ": not a regular file; skipped");
            }
            // O_NONBLOCK only kept a FIFO put in its place from blocking the open.
            ::fcntl(next.fd(), F_SETFL, ::fcntl(next.fd(), F_GETFL) & ~O_NONBLOCK);
            return next;
        }
        folder = std::move(next);
        rest.remove_prefix(slash + 1);
    }
}

void for_each_input(const std::string& path, const InputVisitor& visit,
                    const ProblemHandler& on_problem) {
    FileHandle file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (file.fd() < 0) throw InputError(path + ": cannot open: " + std::strerror(errno));
    for_each_input(path, file, visit, on_problem);
}

void for_each_input(const std::string& path, FileHandle& file, const InputVisitor& visit,
                    const ProblemHandler& on_problem) {
    std::array<char, kSniffSize> block{};
    std::size_t sniffed = 0;
    while (sniffed < block.size()) {
        const std::size_t got = read_file(file, path, block.data() + sniffed, block.size() - sniffed);
        if (got == 0) break;
        sniffed += got;
    }
    const std::string_view head(block.data(), sniffed);
    if (::lseek(file.fd(), 0, SEEK_SET) != 0) throw InputError(path + ": cannot read from the start");

    if (is_gzip(head)) {
        GzipSource gzip(file, path);
        std::string_view inner;
        try {
            inner = gzip.peek(kSniffSize);
        } catch (const DamagedInputError&) {
            // Damage within the first bytes: the reader meets it again and reports it once.
        }
        if (is_tar(inner, path)) {
            for_each_tar_member(gzip, path, visit, on_problem);
            return;
        }
        InputBuffer buffer([&gzip](char* out, std::size_t size) { return gzip.read(out, size); });
        std::istream in(&buffer);
        in.exceptions(std::ios::badbit);
        visit(path, in);
        return;
    }
    if (is_packed(head, path)) {
        for_each_archive_member(file, path, visit, on_problem);
        return;
    }
    InputBuffer buffer([&](char* out, std::size_t size) { return read_file(file, path, out, size); });
    std::istream in(&buffer);
    in.exceptions(std::ios::badbit);
    visit(path, in);
}

}  // namespace gazette
