#pragma once
// Job bundles: everything a GPU node needs to run one engineering loop's sweep, in one .tar.gz.
//
// A bundle holds the DSL file and the files it imports, every file the loop's measure command names (a word of
// the command that is a path existing under the DSL's directory, or `{{dsl_dir}}/PATH`), and any `--include`
// paths, all stored relative to the DSL's directory, plus `spak-bundle.json`: the manifest naming the DSL,
// system, loop, the sweep's settings, and every file with its size and SHA-256. Reading a bundle checks every
// file against the manifest, so a file changed or added after `spak bundle` is an error naming it.

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace spak::cluster {

/// The manifest's file name inside a bundle.
inline constexpr const char* kManifestName = "spak-bundle.json";

/// One file of a bundle, by its path relative to the bundle's root (the DSL's directory).
struct BundleFile {
  std::string path;
  std::string content;
  bool executable = false;
};

/// A bundle in memory.
struct Bundle {
  nlohmann::json manifest;          ///< {format, version, created_at, dsl, system, loop, tune, files: [...]}
  std::vector<BundleFile> files;    ///< the manifest not included
};

/// What to put in a bundle.
struct BundleRequest {
  std::filesystem::path dsl;        ///< the .dsl file
  std::string system, loop;         ///< resolved names
  std::string measure_cmd;          ///< the loop's measure command template (holes unfilled)
  std::vector<std::filesystem::path> include;  ///< more files or directories (relative to the current directory)
  nlohmann::json tune = nlohmann::json::object();  ///< sweep settings run-bundle uses: strategy, budget, seed, set
};

/// Collects the files. Throws spak::Error for a DSL that does not load, an include that does not exist or lies
/// outside the DSL's directory.
Bundle collect_bundle(const BundleRequest& request);

/// The files a measure command names: its words that are paths existing under `dsl_dir` (also after
/// `{{dsl_dir}}/`, `name=` or inside quotes), relative to `dsl_dir`.
std::vector<std::string> command_paths(const std::string& measure_cmd, const std::filesystem::path& dsl_dir);

/// Writes the bundle as a gzip-compressed tar atomically (temp + rename).
void write_bundle(const Bundle& bundle, const std::filesystem::path& archive);

/// Reads and verifies a bundle: every manifest file present with its size and SHA-256, nothing else in the
/// archive, no absolute or `..` paths. Throws spak::Error "ARCHIVE: PATH: …" on the first problem.
Bundle read_bundle(const std::filesystem::path& archive);

/// Writes the bundle's files and manifest under `dir` (created when missing).
void extract_bundle(const Bundle& bundle, const std::filesystem::path& dir);

}  // namespace spak::cluster
