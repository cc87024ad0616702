// Reading names files.

#include "dataset.h"

#include <array>
#include <sstream>

#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace spak::microgpt {

std::vector<int> Dataset::encode(const std::string& doc) const {
  std::vector<int> tokens;
  tokens.reserve(doc.size() + 2);
  tokens.push_back(bos());
  for (char ch : doc) {
    const auto at = chars.find(ch);
    if (at == std::string::npos) throw Error("character '{}' is not in the vocabulary", ch);
    tokens.push_back(static_cast<int>(at));
  }
  tokens.push_back(bos());
  return tokens;
}

std::string Dataset::decode(const std::vector<int>& tokens) const {
  std::string text;
  for (int t : tokens) {
    if (t >= 0 && t < bos()) text += chars[static_cast<std::size_t>(t)];
  }
  return text;
}

Dataset parse_dataset(const std::string& text) {
  Dataset data;
  std::istringstream lines(text);
  std::string line;
  std::array<bool, 256> seen{};
  while (std::getline(lines, line)) {
    const auto first = line.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) continue;
    const auto last = line.find_last_not_of(" \t\r\n");
    data.docs.push_back(line.substr(first, last - first + 1));
    for (unsigned char ch : data.docs.back()) seen[ch] = true;
  }
  if (data.docs.empty()) throw Error("the data has no documents (expected one name per line)");
  for (int ch = 0; ch < 256; ++ch) {
    if (seen[static_cast<std::size_t>(ch)]) data.chars += static_cast<char>(ch);
  }
  return data;
}

Dataset load_dataset(const std::filesystem::path& path) {
  const std::string text = read_file(path);  // its errors already name the path
  try {
    return parse_dataset(text);
  } catch (const Error& e) {
    throw Error("{}: {}", path.string(), e.what());
  }
}

}  // namespace spak::microgpt
