// The names download against a local HTTP server: the file arrives, lands in the cache, is not fetched twice,
// and failures (404, nobody listening) are errors that say what to do.

#include "download.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>

#include "small_data.h"
#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace spak::microgpt {
namespace {

/// An HTTP server on 127.0.0.1 (a free port) serving /names.txt and counting requests, for one test.
class LocalServer {
 public:
  LocalServer() {
    server_.Get("/names.txt", [this](const httplib::Request&, httplib::Response& res) {
      ++hits;
      res.set_content(testing::kSmallNames, "text/plain");
    });
    port = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~LocalServer() {
    server_.stop();
    thread_.join();
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port) + path; }

  std::atomic<int> hits{0};
  int port = 0;

 private:
  httplib::Server server_;
  std::thread thread_;
};

class Download : public ::testing::Test {
 protected:
  void SetUp() override {
    cache_ = std::filesystem::temp_directory_path() /
             ("spak-microgpt-download-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(cache_);
  }
  void TearDown() override { std::filesystem::remove_all(cache_); }
  std::filesystem::path cache_;
};

TEST_F(Download, FetchesIntoTheCacheOnceWithAProgressBar) {
  LocalServer server;
  std::FILE* progress = std::tmpfile();
  const auto path = fetch_cached(server.url("/names.txt"), cache_, progress);
  EXPECT_EQ(path, cache_ / "names.txt");
  EXPECT_EQ(read_file(path), testing::kSmallNames);
  EXPECT_EQ(server.hits, 1);

  std::rewind(progress);
  char buffer[4096] = {};
  const std::size_t got = std::fread(buffer, 1, sizeof buffer - 1, progress);
  std::fclose(progress);
  const std::string bar(buffer, got);
  EXPECT_NE(bar.find("downloading names.txt"), std::string::npos) << bar;
  EXPECT_NE(bar.find("100%"), std::string::npos) << bar;

  // Second call: served from the cache, the server is not asked again.
  EXPECT_EQ(fetch_cached(server.url("/names.txt"), cache_, nullptr), path);
  EXPECT_EQ(server.hits, 1);
}

TEST_F(Download, HttpErrorIsReportedAndNothingIsCached) {
  LocalServer server;
  try {
    fetch_cached(server.url("/missing.txt"), cache_, nullptr);
    FAIL() << "a 404 was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("404"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--data"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(cache_ / "missing.txt"));
}

TEST_F(Download, NobodyListeningSaysOffline) {
  int port = 0;
  {
    LocalServer gone;  // take a free port, then close it
    port = gone.port;
  }
  try {
    fetch_cached("http://127.0.0.1:" + std::to_string(port) + "/names.txt", cache_, nullptr);
    FAIL() << "a refused connection was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("offline"), std::string::npos) << e.what();
  }
}

TEST_F(Download, RejectsNonHttpUrls) {
  EXPECT_THROW(fetch_cached("ftp://example.com/names.txt", cache_, nullptr), Error);
  EXPECT_THROW(fetch_cached("names.txt", cache_, nullptr), Error);
}

}  // namespace
}  // namespace spak::microgpt
