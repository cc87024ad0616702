#pragma once
// The training documents: one name per line, characters as tokens, and one BOS token that opens and closes each
// document.

#include <filesystem>
#include <string>
#include <vector>

namespace spak::microgpt {

/// A names file read into documents, with its character vocabulary.
struct Dataset {
  std::vector<std::string> docs;  ///< Non-empty lines with surrounding whitespace removed, in file order.
  std::string chars;              ///< The sorted distinct bytes of all documents; token i is chars[i].

  int bos() const { return static_cast<int>(chars.size()); }
  int vocab_size() const { return static_cast<int>(chars.size()) + 1; }
  /// [BOS, tokens of doc…, BOS].
  std::vector<int> encode(const std::string& doc) const;
  /// The text of tokens (BOS never appears in a decoded name).
  std::string decode(const std::vector<int>& tokens) const;
};

/// Builds a Dataset from file contents. Throws spak::Error when there is no document.
Dataset parse_dataset(const std::string& text);

/// Reads and parses a names file. Throws spak::Error naming the path when it cannot be read or is empty.
Dataset load_dataset(const std::filesystem::path& path);

}  // namespace spak::microgpt
