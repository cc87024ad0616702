#include "spak/cluster/bundle.h"

#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "spak/knowledge/resolve.h"
#include "spak/trace/sha256.h"
#include "spak/trace/store.h"
#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace spak::cluster {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kFormatVersion = 1;
constexpr const char* kFormat = "spak-bundle";
constexpr int kFileMode = 0644, kExecutableMode = 0755;
constexpr std::size_t kReadBlock = 64 * 1024;

// `path` relative to `root`, or empty when it lies outside.
std::string inside(const fs::path& root, const fs::path& path) {
  fs::path rel = fs::weakly_canonical(path).lexically_relative(fs::weakly_canonical(root));
  if (rel.empty() || *rel.begin() == "..") return {};
  return rel.generic_string();
}

bool is_executable(const fs::path& path) {
  std::error_code ec;
  auto perms = fs::status(path, ec).permissions();
  return !ec && (perms & fs::perms::owner_exec) != fs::perms::none;
}

// Adds a file, or every file under a directory, keyed by the path relative to the root.
void add_path(std::map<std::string, BundleFile>& files, const fs::path& root, const fs::path& path) {
  std::string rel = inside(root, path);
  if (rel.empty())
    throw Error("{}: lies outside the DSL's directory {}; a bundle holds only files under it (move the file, or "
                "bundle a DSL file higher up)", path.string(), root.string());
  if (fs::is_directory(path)) {
    for (const auto& entry : fs::recursive_directory_iterator(path))
      if (entry.is_regular_file()) add_path(files, root, entry.path());
    return;
  }
  if (!fs::is_regular_file(path)) throw Error("{}: no such file or directory to bundle", path.string());
  if (rel == kManifestName) throw Error("{}: a bundle's own manifest has this name; rename the file", path.string());
  files[rel] = BundleFile{rel, read_file(path), is_executable(path)};
}

struct ArchiveReader {
  archive* a = archive_read_new();
  ~ArchiveReader() { archive_read_free(a); }
};

struct ArchiveWriter {
  archive* a = archive_write_new();
  ~ArchiveWriter() { archive_write_free(a); }
};

void write_entry(archive* a, const std::string& path, const std::string& content, int mode, const fs::path& out) {
  std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(), archive_entry_free);
  archive_entry_set_pathname(entry.get(), path.c_str());
  archive_entry_set_size(entry.get(), static_cast<la_int64_t>(content.size()));
  archive_entry_set_filetype(entry.get(), AE_IFREG);
  archive_entry_set_perm(entry.get(), static_cast<mode_t>(mode));
  if (archive_write_header(a, entry.get()) != ARCHIVE_OK ||
      archive_write_data(a, content.data(), content.size()) != static_cast<la_ssize_t>(content.size()))
    throw Error("{}: cannot write {}: {}", out.string(), path, archive_error_string(a));
}

}  // namespace

std::vector<std::string> command_paths(const std::string& measure_cmd, const fs::path& dsl_dir) {
  std::vector<std::string> paths;
  std::string word;
  auto consider = [&] {
    std::string candidate = word;
    word.clear();
    const std::string hole = "{{dsl_dir}}/";
    if (candidate.rfind(hole, 0) == 0) candidate = candidate.substr(hole.size());
    if (candidate.empty() || candidate.find("{{") != std::string::npos || candidate.front() == '/' ||
        candidate.front() == '-')
      return;
    std::error_code ec;
    fs::path path = dsl_dir / candidate;
    if (!fs::exists(path, ec) || inside(dsl_dir, path).empty() || inside(dsl_dir, path) == ".") return;
    if (std::find(paths.begin(), paths.end(), candidate) == paths.end()) paths.push_back(candidate);
  };
  // Words end at blanks, quotes and shell operators; `name=` before a path is a separator too.
  for (char c : measure_cmd) {
    if (std::string_view(" \t\n'\";|&<>()=`,").find(c) != std::string_view::npos) consider();
    else word += c;
  }
  consider();
  return paths;
}

Bundle collect_bundle(const BundleRequest& request) {
  fs::path dsl = fs::absolute(request.dsl);
  fs::path root = dsl.parent_path();
  std::map<std::string, BundleFile> files;
  // The DSL and every file it imports (the resolver loads them all; a load failure is its error).
  knowledge::DocumentLoader load = knowledge::file_loader();
  std::vector<fs::path> loaded;
  knowledge::resolve_system(dsl, [&](const fs::path& p) { loaded.push_back(p); return load(p); }, request.system);
  for (const fs::path& p : loaded) add_path(files, root, p);
  for (const std::string& rel : command_paths(request.measure_cmd, root)) add_path(files, root, root / rel);
  for (const fs::path& p : request.include) add_path(files, root, fs::absolute(p));

  Bundle bundle;
  json listed = json::array();
  for (auto& [rel, file] : files) {
    listed.push_back({{"path", rel}, {"size", file.content.size()}, {"sha256", trace::sha256_hex(file.content)},
                      {"executable", file.executable}});
    bundle.files.push_back(std::move(file));
  }
  bundle.manifest = {{"format", kFormat}, {"version", kFormatVersion}, {"created_at", trace::now_iso8601()},
                     {"dsl", inside(root, dsl)}, {"system", request.system}, {"loop", request.loop},
                     {"tune", request.tune}, {"files", listed}};
  return bundle;
}

void write_bundle(const Bundle& bundle, const fs::path& out) {
  fs::path temp = out;
  temp += ".partial";
  {
    ArchiveWriter w;
    archive_write_set_format_pax_restricted(w.a);
    archive_write_add_filter_gzip(w.a);
    if (archive_write_open_filename(w.a, temp.c_str()) != ARCHIVE_OK)
      throw Error("{}: cannot write the bundle: {}", out.string(), archive_error_string(w.a));
    try {
      write_entry(w.a, kManifestName, bundle.manifest.dump(2) + "\n", kFileMode, out);
      for (const BundleFile& f : bundle.files)
        write_entry(w.a, f.path, f.content, f.executable ? kExecutableMode : kFileMode, out);
      if (archive_write_close(w.a) != ARCHIVE_OK)
        throw Error("{}: cannot write the bundle: {}", out.string(), archive_error_string(w.a));
    } catch (...) {
      std::error_code ec;
      fs::remove(temp, ec);
      throw;
    }
  }
  std::error_code ec;
  fs::rename(temp, out, ec);
  if (ec) throw Error("{}: cannot write the bundle: {}", out.string(), ec.message());
}

Bundle read_bundle(const fs::path& archive_path) {
  const std::string name = archive_path.string();
  ArchiveReader r;
  archive_read_support_filter_all(r.a);
  archive_read_support_format_all(r.a);
  if (archive_read_open_filename(r.a, archive_path.c_str(), kReadBlock) != ARCHIVE_OK)
    throw Error("{}: cannot read the bundle: {}", name, archive_error_string(r.a));
  std::map<std::string, BundleFile> entries;
  std::string manifest_text;
  bool has_manifest = false;
  archive_entry* entry = nullptr;
  int status = ARCHIVE_OK;
  while ((status = archive_read_next_header(r.a, &entry)) == ARCHIVE_OK) {
    std::string path = archive_entry_pathname(entry);
    if (archive_entry_filetype(entry) == AE_IFDIR) continue;
    fs::path p(path);
    bool escapes = p.is_absolute() || std::any_of(p.begin(), p.end(), [](const fs::path& c) { return c == ".."; });
    if (escapes) throw Error("{}: {}: a path outside the bundle; refusing to read it", name, path);
    if (archive_entry_filetype(entry) != AE_IFREG)
      throw Error("{}: {}: not a regular file (links and devices are not allowed in a bundle)", name, path);
    std::string content;
    char block[kReadBlock];
    la_ssize_t n = 0;
    while ((n = archive_read_data(r.a, block, sizeof block)) > 0) content.append(block, static_cast<std::size_t>(n));
    if (n < 0) throw Error("{}: {}: {}", name, path, archive_error_string(r.a));
    if (path == kManifestName) {
      manifest_text = std::move(content);
      has_manifest = true;
    } else {
      entries[path] = BundleFile{path, std::move(content), (archive_entry_perm(entry) & S_IXUSR) != 0};
    }
  }
  if (status != ARCHIVE_EOF) throw Error("{}: not a readable bundle: {}", name, archive_error_string(r.a));
  if (!has_manifest) throw Error("{}: no {} in it: not made by spak bundle", name, kManifestName);

  Bundle bundle;
  try {
    bundle.manifest = json::parse(manifest_text);
  } catch (const json::parse_error& e) {
    throw Error("{}: {}: malformed JSON: {}", name, kManifestName, e.what());
  }
  if (!bundle.manifest.is_object() || bundle.manifest.value("format", "") != kFormat ||
      !bundle.manifest.contains("files") || !bundle.manifest["files"].is_array())
    throw Error("{}: {}: not a spak bundle manifest", name, kManifestName);
  if (bundle.manifest.value("version", 0) > kFormatVersion)
    throw Error("{}: made by a newer spak (bundle version {}, this spak reads {}); update spak", name,
                bundle.manifest.value("version", 0), kFormatVersion);
  std::set<std::string> listed;
  for (const json& f : bundle.manifest["files"]) {
    std::string path = f.value("path", "");
    listed.insert(path);
    auto it = entries.find(path);
    if (it == entries.end()) throw Error("{}: {}: listed in the manifest but missing from the bundle", name, path);
    std::string hash = trace::sha256_hex(it->second.content);
    if (hash != f.value("sha256", ""))
      throw Error("{}: {}: SHA-256 {} does not match the manifest's {}: the file was changed after spak bundle",
                  name, path, hash, f.value("sha256", ""));
    bundle.files.push_back(std::move(it->second));
  }
  for (const auto& [path, file] : entries)
    if (!listed.count(path)) throw Error("{}: {}: in the bundle but not in its manifest: added after spak bundle", name, path);
  return bundle;
}

void extract_bundle(const Bundle& bundle, const fs::path& dir) {
  fs::create_directories(dir);
  write_file_atomic(dir / kManifestName, bundle.manifest.dump(2) + "\n");
  for (const BundleFile& f : bundle.files) {
    fs::path target = dir / f.path;
    fs::create_directories(target.parent_path());
    write_file_atomic(target, f.content);
    fs::permissions(target, fs::perms(f.executable ? kExecutableMode : kFileMode));
  }
}

}  // namespace spak::cluster
