#pragma once
// Reading and atomically writing whole files. Every file SPAK writes goes through write_file_atomic, so an
// interrupted write never leaves a partial file where a good one was.

#include <filesystem>
#include <string>
#include <string_view>

namespace spak {

/// Reads a whole file as bytes. Throws spak::Error naming the path and the reason on failure.
std::string read_file(const std::filesystem::path& path);

/// Writes `content` to a temporary file beside `path`, flushes it to disk, then renames it over `path`.
/// Keeps the permission bits of an existing file. Throws spak::Error on failure, leaving `path` untouched.
void write_file_atomic(const std::filesystem::path& path, std::string_view content);

}  // namespace spak
