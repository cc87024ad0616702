#include "spak/tune/output_capture.h"

#include <fmt/format.h>

namespace spak::tune {

void OutputCapture::feed(std::string_view bytes) {
  while (!bytes.empty()) {
    std::size_t end = bytes.find('\n');
    std::string_view piece = bytes.substr(0, end);
    std::size_t room = kLineBytes - partial_.size();
    if (piece.size() > room) partial_cut_ = true;
    partial_.append(piece.substr(0, std::min(room, piece.size())));
    if (end == std::string_view::npos) return;
    line(partial_);
    partial_.clear();
    partial_cut_ = false;
    bytes.remove_prefix(end + 1);
  }
}

void OutputCapture::line(std::string_view text) {
  ++number_;
  if (partial_cut_) {
    log(fmt::format("{} [line cut at {} bytes]", text.substr(0, 200), kLineBytes));
    if (text.find(trace::kTraceMarker) != std::string_view::npos)
      parsed_.errors.push_back(fmt::format("line {}: trace line longer than {} bytes", number_, kLineBytes));
    return;
  }
  if (text.find(trace::kTraceMarker) == std::string_view::npos) {
    log(text);
    return;
  }
  if (trace_bytes_ + text.size() > kTraceBytes) {
    if (trace_bytes_ <= kTraceBytes)
      parsed_.errors.push_back(fmt::format("line {}: more than {} bytes of trace output", number_, kTraceBytes));
    trace_bytes_ = kTraceBytes + 1;
    return;
  }
  trace_bytes_ += text.size();
  // The protocol parser judges one line; its line numbers are then those of the whole output.
  trace::ParsedOutput one = trace::parse_output(text);
  for (trace::TraceLine& t : one.items) parsed_.items.push_back({number_, std::move(t.item)});
  for (const std::string& e : one.errors) {
    std::string_view rest = e;
    if (rest.starts_with("line 1: ")) rest.remove_prefix(8);
    parsed_.errors.push_back(fmt::format("line {}: {}", number_, rest));
  }
  if (!one.errors.empty()) log(text);  // malformed trace lines stay visible in the log
}

void OutputCapture::log(std::string_view text) {
  parsed_.log.append(text);
  parsed_.log.push_back('\n');
  // Trimming only past twice the bound keeps appending amortized O(1).
  if (parsed_.log.size() > 2 * kLogTail) trim_log();
}

void OutputCapture::trim_log() {
  if (parsed_.log.size() <= kLogTail) return;
  std::size_t cut = parsed_.log.size() - kLogTail;
  std::size_t nl = parsed_.log.find('\n', cut);
  if (nl != std::string::npos && nl + 1 < parsed_.log.size()) cut = nl + 1;  // keep whole lines
  log_dropped_ += cut;
  parsed_.log.erase(0, cut);
}

trace::ParsedOutput OutputCapture::finish() {
  if (!partial_.empty() || partial_cut_) line(partial_);
  partial_.clear();
  trim_log();
  if (log_dropped_ > 0) parsed_.log.insert(0, fmt::format("[… {} bytes of earlier output dropped …]\n", log_dropped_));
  return std::move(parsed_);
}

}  // namespace spak::tune
