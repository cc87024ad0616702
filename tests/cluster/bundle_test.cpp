// Job bundles: which files go in, the manifest, and verification (a changed, missing or added file, or a path
// leaving the bundle, is a clear error).

#include "spak/cluster/bundle.h"

#include <archive.h>
#include <archive_entry.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "spak/trace/sha256.h"
#include "spak/util/file_io.h"
#include "support/scratch.h"

namespace spak::cluster {
namespace {

namespace fs = std::filesystem;
using test_support::error_of;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

// Rewrites an archive with `edit` applied to each (path, content); `extra` adds one more file.
void rewrite(const fs::path& in, const fs::path& out,
             const std::function<void(std::string&, std::string&)>& edit,
             std::optional<std::pair<std::string, std::string>> extra = std::nullopt) {
  archive* r = archive_read_new();
  archive_read_support_filter_all(r);
  archive_read_support_format_all(r);
  ASSERT_EQ(archive_read_open_filename(r, in.c_str(), 1 << 16), ARCHIVE_OK);
  archive* w = archive_write_new();
  archive_write_set_format_pax_restricted(w);
  archive_write_add_filter_gzip(w);
  ASSERT_EQ(archive_write_open_filename(w, out.c_str()), ARCHIVE_OK);
  auto put = [&](const std::string& path, const std::string& content) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, path.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(content.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_write_header(w, e);
    archive_write_data(w, content.data(), content.size());
    archive_entry_free(e);
  };
  archive_entry* entry = nullptr;
  while (archive_read_next_header(r, &entry) == ARCHIVE_OK) {
    std::string path = archive_entry_pathname(entry), content;
    char block[4096];
    la_ssize_t n;
    while ((n = archive_read_data(r, block, sizeof block)) > 0) content.append(block, static_cast<std::size_t>(n));
    edit(path, content);
    if (!path.empty()) put(path, content);
  }
  if (extra) put(extra->first, extra->second);
  archive_read_free(r);
  archive_write_close(w);
  archive_write_free(w);
}

class BundleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = test_support::fresh_dir("bundle");
    fs::create_directories(dir_ / "src" / "kernels");
    write_file_atomic(dir_ / "base.dsl", "system Base {\n  tuning_space { x: [1, 2] }\n}\n");
    write_file_atomic(dir_ / "k.dsl",
                      "import \"base.dsl\"\nsystem K extends Base {\n  engineering_loop L {\n"
                      "    measure { cmd: \"sh {{dsl_dir}}/run.sh --src=src/kernels {{x}}\"  metric: t }\n  }\n}\n");
    write_file_atomic(dir_ / "run.sh", "echo hi\n");
    fs::permissions(dir_ / "run.sh", fs::perms(0755));
    write_file_atomic(dir_ / "src" / "kernels" / "a.cu", "// a\n");
    write_file_atomic(dir_ / "notes.txt", "not referenced\n");
    write_file_atomic(dir_ / "extra.txt", "included by hand\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  BundleRequest request() const {
    BundleRequest r;
    r.dsl = dir_ / "k.dsl";
    r.system = "K";
    r.loop = "L";
    r.measure_cmd = "sh {{dsl_dir}}/run.sh --src=src/kernels {{x}}";
    r.tune = {{"budget", 4}};
    return r;
  }

  fs::path dir_;
};

TEST_F(BundleTest, CommandPathsAreTheExistingOnesUnderTheDslDir) {
  EXPECT_THAT(command_paths("sh {{dsl_dir}}/run.sh --src=src/kernels {{x}} /bin/true missing.sh", dir_),
              ElementsAre("run.sh", "src/kernels"));
  EXPECT_THAT(command_paths("python3 '../outside.py'", dir_ / "src"), ::testing::IsEmpty());
}

TEST_F(BundleTest, HoldsDslImportsCommandFilesAndIncludesWithHashes) {
  BundleRequest r = request();
  r.include = {dir_ / "extra.txt"};
  Bundle b = collect_bundle(r);
  std::vector<std::string> paths;
  for (const auto& f : b.files) paths.push_back(f.path);
  EXPECT_THAT(paths, UnorderedElementsAre("k.dsl", "base.dsl", "run.sh", "src/kernels/a.cu", "extra.txt"));
  EXPECT_EQ(b.manifest["dsl"], "k.dsl");
  EXPECT_EQ(b.manifest["tune"]["budget"], 4);
  for (const auto& f : b.manifest["files"])
    if (f["path"] == "run.sh") {
      EXPECT_EQ(f["sha256"], trace::sha256_hex("echo hi\n"));
      EXPECT_EQ(f["executable"], true);
    }
}

TEST_F(BundleTest, RoundTripRestoresFilesAndModes) {
  write_bundle(collect_bundle(request()), dir_ / "b.tar.gz");
  Bundle back = read_bundle(dir_ / "b.tar.gz");
  extract_bundle(back, dir_ / "out");
  EXPECT_EQ(read_file(dir_ / "out" / "src" / "kernels" / "a.cu"), "// a\n");
  EXPECT_EQ(read_file(dir_ / "out" / "k.dsl"), read_file(dir_ / "k.dsl"));
  EXPECT_NE(fs::status(dir_ / "out" / "run.sh").permissions() & fs::perms::owner_exec, fs::perms::none);
  EXPECT_TRUE(fs::exists(dir_ / "out" / kManifestName));
}

TEST_F(BundleTest, TamperedFileIsAnErrorNamingIt) {
  write_bundle(collect_bundle(request()), dir_ / "b.tar.gz");
  rewrite(dir_ / "b.tar.gz", dir_ / "t.tar.gz", [](const std::string& path, std::string& content) {
    if (path == "run.sh") content = "rm -rf /\n";
  });
  EXPECT_THAT(error_of([&] { read_bundle(dir_ / "t.tar.gz"); }),
              HasSubstr("t.tar.gz: run.sh: SHA-256 " + trace::sha256_hex("rm -rf /\n") + " does not match the manifest"));
}

TEST_F(BundleTest, MissingAddedAndEscapingFilesAreErrors) {
  write_bundle(collect_bundle(request()), dir_ / "b.tar.gz");
  rewrite(dir_ / "b.tar.gz", dir_ / "m.tar.gz", [](std::string& path, std::string&) {
    if (path == "base.dsl") path.clear();
  });
  EXPECT_THAT(error_of([&] { read_bundle(dir_ / "m.tar.gz"); }),
              HasSubstr("base.dsl: listed in the manifest but missing from the bundle"));
  rewrite(dir_ / "b.tar.gz", dir_ / "a.tar.gz", [](const std::string&, std::string&) {},
          std::pair<std::string, std::string>{"sneaky.sh", "echo\n"});
  EXPECT_THAT(error_of([&] { read_bundle(dir_ / "a.tar.gz"); }), HasSubstr("sneaky.sh: in the bundle but not in its manifest"));
  rewrite(dir_ / "b.tar.gz", dir_ / "e.tar.gz", [](const std::string&, std::string&) {},
          std::pair<std::string, std::string>{"../evil", "x"});
  EXPECT_THAT(error_of([&] { read_bundle(dir_ / "e.tar.gz"); }), HasSubstr("../evil: a path outside the bundle"));
  write_file_atomic(dir_ / "junk.tar.gz", "not an archive");
  EXPECT_THAT(error_of([&] { read_bundle(dir_ / "junk.tar.gz"); }), HasSubstr("junk.tar.gz"));
}

TEST_F(BundleTest, IncludeOutsideTheDslDirIsRefused) {
  BundleRequest r = request();
  r.include = {"/etc/hostname"};
  EXPECT_THAT(error_of([&] { collect_bundle(r); }), HasSubstr("lies outside the DSL's directory"));
  r.include = {dir_ / "nope"};
  EXPECT_THAT(error_of([&] { collect_bundle(r); }), HasSubstr("no such file or directory to bundle"));
}

}  // namespace
}  // namespace spak::cluster
