#include "spak/util/file_io.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "spak/util/error.h"

namespace spak {

std::string read_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw Error("{}: is a directory", path.string());
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error("{}: cannot open: {}", path.string(), std::strerror(errno));
  std::ostringstream out;
  out << in.rdbuf();
  if (in.bad()) throw Error("{}: read failed", path.string());
  return std::move(out).str();
}

void write_file_atomic(const std::filesystem::path& path, std::string_view content) {
  const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : ".";
  // Built with += rather than "." + name: GCC 12 reports a false -Wrestrict on the temporary's memcpy.
  std::string name = ".";
  name += path.filename().string();
  name += ".tmp-XXXXXX";
  std::string tmpl = (dir / name).string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) throw Error("{}: cannot create a temporary file in {}: {}", path.string(), dir.string(),
                          std::strerror(errno));
  struct stat existing {};
  mode_t mode = 0644;
  if (::stat(path.c_str(), &existing) == 0) mode = existing.st_mode & 07777;
  auto fail = [&](const char* what) {
    int err = errno;
    ::close(fd);
    ::unlink(tmpl.c_str());
    throw Error("{}: {} failed: {}", path.string(), what, std::strerror(err));
  };
  const char* data = content.data();
  size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write");
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
  if (::fchmod(fd, mode) != 0) fail("chmod");
  if (::fsync(fd) != 0) fail("fsync");
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(tmpl.c_str());
    throw Error("{}: close failed: {}", path.string(), std::strerror(err));
  }
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmpl.c_str());
    throw Error("{}: rename failed: {}", path.string(), std::strerror(err));
  }
}

}  // namespace spak
