// HTTP(S) download through cpp-httplib (OpenSSL for https), with a text progress bar.

#include "download.h"

#include <cstdlib>
#include <regex>

#include <httplib.h>

#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace spak::microgpt {
namespace {

/// A URL split into what httplib::Client and Get() take.
struct UrlParts {
  std::string origin;  // scheme://host[:port]
  std::string path;    // /…, at least "/"
};

UrlParts split_url(const std::string& url) {
  static const std::regex pattern(R"(^(https?://[^/?#]+)(/[^?#]*)?.*$)", std::regex::icase);
  std::smatch m;
  if (!std::regex_match(url, m, pattern)) throw Error("'{}' is not an http:// or https:// URL", url);
  return {m[1].str(), m[2].matched ? m[2].str() : std::string("/")};
}

/// Redraws one line: a bar of 30 cells, the percentage and the kilobytes so far. Unknown totals show bytes only.
class ProgressBar {
 public:
  ProgressBar(std::FILE* out, std::string label) : out_(out), label_(std::move(label)) {}

  void update(std::uint64_t done, std::uint64_t total) {
    if (!out_) return;
    const int percent = total > 0 ? static_cast<int>(done * 100 / total) : -1;
    if (percent == last_percent_ && total > 0) return;  // redraw only when the bar moves
    last_percent_ = percent;
    if (total > 0) {
      const int cells = percent * 30 / 100;
      const std::string filled(static_cast<std::size_t>(cells), '#'), empty(static_cast<std::size_t>(30 - cells), ' ');
      std::fprintf(out_, "\r%s [%s%s] %3d%% %llu/%llu KiB", label_.c_str(), filled.c_str(), empty.c_str(), percent,
                   static_cast<unsigned long long>(done / 1024), static_cast<unsigned long long>(total / 1024));
    } else {
      std::fprintf(out_, "\r%s %llu KiB", label_.c_str(), static_cast<unsigned long long>(done / 1024));
    }
    std::fflush(out_);
  }

  void finish() {
    if (out_ && last_percent_ != kNothingDrawn) std::fprintf(out_, "\n");
  }

 private:
  std::FILE* out_;
  std::string label_;
  static constexpr int kNothingDrawn = -2;  // -1 means "drawn, total unknown"
  int last_percent_ = kNothingDrawn;
};

}  // namespace

std::filesystem::path default_cache_dir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg) return std::filesystem::path(xdg) / "spak";
  if (const char* home = std::getenv("HOME"); home && *home) return std::filesystem::path(home) / ".cache" / "spak";
  throw Error("neither XDG_CACHE_HOME nor HOME is set; pass --cache-dir or --data");
}

std::filesystem::path fetch_cached(const std::string& url, const std::filesystem::path& cache_dir,
                                   std::FILE* progress) {
  const UrlParts parts = split_url(url);
  std::string name = std::filesystem::path(parts.path).filename().string();
  if (name.empty()) name = "download";
  const std::filesystem::path target = cache_dir / name;
  if (std::filesystem::exists(target)) return target;

  httplib::Client client(parts.origin);
  client.set_follow_location(true);
  client.set_connection_timeout(10);
  client.set_read_timeout(30);
  ProgressBar bar(progress, "downloading " + name);
  const httplib::Result result = client.Get(parts.path, [&bar](std::uint64_t done, std::uint64_t total) {
    bar.update(done, total);
    return true;
  });
  bar.finish();
  const char* hint = "pass --data FILE to train on a local names file";
  if (!result) {
    throw Error("cannot download {}: {} error (are you offline?); {}", url, httplib::to_string(result.error()), hint);
  }
  if (result->status != 200) throw Error("cannot download {}: HTTP status {}; {}", url, result->status, hint);

  std::error_code ec;
  std::filesystem::create_directories(cache_dir, ec);
  if (ec) throw Error("cannot create cache directory {}: {}", cache_dir.string(), ec.message());
  write_file_atomic(target, result->body);
  return target;
}

}  // namespace spak::microgpt
