#include "spak/cluster/host_spec.h"

#include <charconv>
#include <sstream>

#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace spak::cluster {
namespace {

constexpr int kMaxPort = 65535;

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

std::vector<std::string> split(std::string_view text, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::stringstream in{std::string(text)};
  while (std::getline(in, item, sep)) out.push_back(trim(item));
  if (!text.empty() && text.back() == sep) out.emplace_back();
  return out;
}

}  // namespace

std::string HostSpec::destination() const { return user.empty() ? host : user + "@" + host; }

HostSpec parse_host_spec(std::string_view text) {
  HostSpec spec;
  std::string s = trim(text);
  auto bad = [&](std::string_view why) {
    return Error("host {:?}: {}; expected [user@]host[:port][/gpus=0,1]", s, why);
  };
  if (s.empty()) throw bad("empty host");
  if (auto slash = s.find('/'); slash != std::string::npos) {
    std::string gpus = s.substr(slash + 1);
    s.resize(slash);
    if (gpus.rfind("gpus=", 0) != 0) throw bad("after '/' only gpus=LIST is allowed");
    for (std::string& g : split(gpus.substr(5), ',')) {
      if (g.empty() || g.find_first_not_of("0123456789") != std::string::npos)
        throw bad("gpus must be a comma list of device indices");
      spec.gpus.push_back(g);
    }
  }
  spec.spec = s;
  std::string rest = s;
  if (auto at = rest.rfind('@'); at != std::string::npos) {
    spec.user = rest.substr(0, at);
    rest = rest.substr(at + 1);
    if (spec.user.empty()) throw bad("empty user before '@'");
  }
  std::string port;
  if (!rest.empty() && rest.front() == '[') {  // [IPv6]:port
    auto close = rest.find(']');
    if (close == std::string::npos) throw bad("unclosed '['");
    spec.host = rest.substr(1, close - 1);
    std::string after = rest.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') throw bad("unexpected text after ']'");
      port = after.substr(1);
      if (port.empty()) throw bad("empty port after ':'");
    }
  } else if (auto colon = rest.find(':'); colon != std::string::npos) {
    spec.host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    if (port.empty()) throw bad("empty port after ':'");
  } else {
    spec.host = rest;
  }
  if (spec.host.empty()) throw bad("empty host name");
  if (spec.host.find_first_of(" \t'\"") != std::string::npos) throw bad("spaces or quotes in the host name");
  if (!port.empty()) {
    int value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value < 1 || value > kMaxPort)
      throw bad("port must be a number from 1 to 65535");
    spec.port = value;
  }
  return spec;
}

std::vector<HostSpec> parse_host_list(std::string_view text) {
  // A comma inside `/gpus=0,1` belongs to the GPU list: a bare number continues the previous host's list.
  std::vector<std::string> specs;
  for (std::string& piece : split(text, ',')) {
    bool continues_gpus = !specs.empty() && specs.back().find("/gpus=") != std::string::npos && !piece.empty() &&
                          piece.find_first_not_of("0123456789") == std::string::npos;
    if (continues_gpus) specs.back() += "," + piece;
    else specs.push_back(piece);
  }
  std::vector<HostSpec> hosts;
  for (const std::string& spec : specs) {
    if (spec.empty()) throw Error("--hosts {:?}: empty host in the list", text);
    hosts.push_back(parse_host_spec(spec));
  }
  return hosts;
}

std::vector<HostSpec> read_hosts_file(const std::filesystem::path& file) {
  std::vector<HostSpec> hosts;
  std::stringstream in(read_file(file));
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    if (trim(line).empty()) continue;
    try {
      hosts.push_back(parse_host_spec(line));
    } catch (const Error& e) {
      throw Error("{}:{}: {}", file.string(), number, e.what());
    }
  }
  if (hosts.empty()) throw Error("{}: no hosts in the file (one [user@]host[:port][/gpus=0,1] per line)", file.string());
  return hosts;
}

}  // namespace spak::cluster
