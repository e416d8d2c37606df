//! Opening what one file holds as a sequence of inputs: the file itself, the content of a
//! compressed file, or each member of an archive, all read in place and streamed.
//!
//! Entry point: for_each_input(). A plain file is one input under its own path. A compressed file
//! (gzip, bzip2, xz, zstd, lz4) is one input under its own path: readers find its format from
//! the name without the compression suffix ("stories.jsonl.gz" is JSON Lines). An archive (tar,
//! tar.gz / .tgz and the other compressed tars, zip, 7z) gives one input per regular member, in
//! archive order, under the display path "archive.tar.gz!member/path.txt"; hidden members
//! (a name part starting with ".", __MACOSX) are skipped as the folder walk skips hidden files.
//! Compressed data and archives are recognised by their first bytes, not their names, and are
//! decompressed as they are read (libarchive): a member is never held in memory whole.
#pragma once

#include <functional>
#include <istream>
#include <string>
#include <utility>

#include "errors.hpp"
#include "reader.hpp"

namespace gazette {

/// Thrown while reading an input whose compressed data or archive turns out truncated or
/// corrupt: everything read before it is good, and reading the file again will not get further.
class DamagedInputError : public InputError {
  public:
    using InputError::InputError;
};

/// Receives one input: its display path (used for ids, results and messages) and a stream of its
/// bytes. Returns false to stop before the next input.
using InputVisitor = std::function<bool(const std::string& display_path, std::istream& in)>;

/// An open file descriptor, closed with its owner.
class FileHandle {
  public:
    explicit FileHandle(int fd = -1) : fd_(fd) {}
    ~FileHandle();
    FileHandle(FileHandle&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    FileHandle& operator=(FileHandle&& other) noexcept {
        std::swap(fd_, other.fd_);
        return *this;
    }
    FileHandle(const FileHandle&) = delete;
    FileHandle& operator=(const FileHandle&) = delete;

    int fd() const { return fd_; }

  private:
    int fd_;
};

/// Opens the regular file at the absolute `path` for reading without following any symbolic
/// link on the way: each folder from the root down is opened with O_NOFOLLOW relative to the
/// one before (openat), and the file itself too, so that a folder or file swapped for a link
/// after the walk resolved `path` is refused, never followed somewhere else. Throws InputError
/// ("shown: cannot open: 'name' is a symbolic link now ...", `shown` being the path the user
/// knows the file by) when it cannot open it.
FileHandle open_without_links(const std::string& path, const std::string& shown);

/// Calls `visit` on each input that the file `file` (opened from `path`) holds, in order; as
/// the overload below.
void for_each_input(const std::string& path, FileHandle& file, const InputVisitor& visit,
                    const ProblemHandler& on_problem);

/// Calls `visit` on each input that the file at `path` holds, in order. Reading a stream it is
/// given may throw DamagedInputError ("display_path: ..."), for the visitor to report; the
/// inputs after a damaged member are still visited when the archive allows. Problems of the
/// archive itself (truncated between members, a member that cannot be extracted) are reported
/// through `on_problem`. Throws InputError when the file cannot be opened or read at all.
void for_each_input(const std::string& path, const InputVisitor& visit,
                    const ProblemHandler& on_problem);

}  // namespace gazette
