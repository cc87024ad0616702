#pragma once
// Fetching the training data: the public makemore names file, downloaded once into a cache directory.

#include <cstdio>
#include <filesystem>
#include <string>

namespace spak::microgpt {

/// The names list the original microGPT trains on (32,033 names, ~228 KB).
inline constexpr const char* kNamesUrl = "https://raw.githubusercontent.com/karpathy/makemore/master/names.txt";

/// $XDG_CACHE_HOME/spak when set, else $HOME/.cache/spak. Throws spak::Error when neither variable is set.
std::filesystem::path default_cache_dir();

/// cache_dir / (the last path segment of url). When that file does not exist yet, downloads url (http or https,
/// following redirects) and writes it there atomically, drawing a progress bar on `progress` unless it is null.
/// Throws spak::Error with the URL and the reason when the download fails, suggesting --data for offline use.
std::filesystem::path fetch_cached(const std::string& url, const std::filesystem::path& cache_dir,
                                   std::FILE* progress);

}  // namespace spak::microgpt
