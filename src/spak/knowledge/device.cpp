#include "spak/knowledge/device.h"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <sys/wait.h>

namespace spak::knowledge {
namespace {

std::string trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  std::size_t e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> split(std::string_view s, char sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(trim(s.substr(start, i - start)));
      start = i + 1;
    }
  }
  return out;
}

bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

/// Runs `command` through the shell, returning its exit status and stdout (stderr folded in).
std::pair<int, std::string> run(const std::string& command) {
  std::string output;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (!pipe) return {-1, "cannot start a shell"};
  std::array<char, 4096> buffer;
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) output.append(buffer.data(), n);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

}  // namespace

std::string device_model(std::string_view name) {
  std::vector<std::string> words;
  std::istringstream in{std::string(name)};
  for (std::string w; in >> w;)
    if (w != "NVIDIA" && w != "GeForce" && w != "Tesla" && w != "Quadro") words.push_back(w);
  if (words.empty()) return trim(name);
  // Product lines whose model number is the next word.
  if ((words[0] == "RTX" || words[0] == "GTX" || words[0] == "TITAN") && words.size() > 1)
    return words[0] + " " + words[1].substr(0, words[1].find('-'));
  return words[0].substr(0, words[0].find('-'));
}

std::optional<int> sm_count_of(std::string_view name) {
  // Published SM counts of the shipping configurations (NVIDIA product briefs / CUDA deviceQuery).
  const std::string model = device_model(name);
  if (model == "H100") return contains(name, "PCIe") ? 114 : 132;
  struct Known {
    std::string_view model;
    int sms;
  };
  static constexpr Known table[] = {
      {"H200", 132}, {"H800", 132}, {"H20", 78},  {"B200", 148},     {"GB200", 152},    {"A100", 108},
      {"A800", 108}, {"A30", 56},   {"A10", 72},  {"A10G", 80},      {"L40S", 142},     {"L40", 142},
      {"L4", 58},    {"V100", 80},  {"T4", 40},   {"RTX 4090", 128}, {"RTX 3090", 82},  {"RTX 6000", 142},
  };
  for (const Known& k : table)
    if (k.model == model) return k.sms;
  return std::nullopt;
}

DeviceInfo parse_nvidia_smi(std::string_view csv) {
  DeviceInfo info;
  for (const std::string& line : split(csv, '\n')) {
    std::vector<std::string> cells = split(line, ',');
    if (cells.size() < 2 || cells[0].empty()) continue;
    char* end = nullptr;
    long long mib = std::strtoll(cells[1].c_str(), &end, 10);
    if (end == cells[1].c_str()) continue;  // not a data line (an error message, a header)
    if (++info.gpu_count > 1) {
      if (cells[0] != info.name) info.note = fmt::format("GPUs differ; facts are those of GPU 0 ({})", info.name);
      continue;
    }
    info.present = true;
    info.name = cells[0];
    info.model = device_model(info.name);
    info.memory_mib = mib;
    if (cells.size() > 2) {
      double cc = std::strtod(cells[2].c_str(), &end);
      if (end != cells[2].c_str()) info.compute_capability = cc;
    }
    info.sm_count = sm_count_of(info.name);
    if (!info.sm_count) info.note = fmt::format("the SM count of '{}' is not in the built-in table; pass it with "
                                                "--set sm_count=N", info.name);
  }
  return info;
}

DeviceInfo detect_device() {
  const char* override_command = std::getenv("SPAK_NVIDIA_SMI");
  const std::string smi = override_command && *override_command ? override_command : "nvidia-smi";
  auto [status, output] = run(smi + " --query-gpu=name,memory.total,compute_cap --format=csv,noheader,nounits");
  if (status != 0 && contains(output, "compute_cap"))  // drivers before 510 lack the field
    std::tie(status, output) = run(smi + " --query-gpu=name,memory.total --format=csv,noheader,nounits");
  DeviceInfo info;
  if (status == 127) {
    info.note = fmt::format("{} not found: no GPU facts were added to the context", smi);
    return info;
  }
  if (status != 0) {
    info.note = fmt::format("{} failed (exit {}): {}; no GPU facts were added to the context", smi, status,
                            trim(output).substr(0, 200));
    return info;
  }
  info = parse_nvidia_smi(output);
  if (!info.present) info.note = fmt::format("{} listed no GPU; no GPU facts were added to the context", smi);
  return info;
}

}  // namespace spak::knowledge
