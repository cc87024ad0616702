#pragma once
// Bounded capture of a trial's output: trace lines are kept whole (they are the results), other lines only as a
// tail (the end of a log is where the error is), so a program that prints gigabytes cannot exhaust memory.

#include <cstddef>
#include <string>
#include <string_view>

#include "spak/trace/protocol.h"

namespace spak::tune {

/// Splits a stream of output into trace items and a log tail, as trace::parse_output would, within bounds.
class OutputCapture {
 public:
  static constexpr std::size_t kLogTail = 64 * 1024;        ///< bytes of log kept (the last ones)
  static constexpr std::size_t kTraceBytes = 8 << 20;        ///< bytes of trace lines kept; more is an error
  static constexpr std::size_t kLineBytes = 1 << 20;         ///< a longer line is cut (and is not a trace)

  /// Appends output bytes as they arrive.
  void feed(std::string_view bytes);
  /// Ends the stream (a last line without newline counts) and returns what was captured.
  trace::ParsedOutput finish();

 private:
  void line(std::string_view text);
  void log(std::string_view text);
  /// Drops whole lines from the front of the log until it fits kLogTail.
  void trim_log();

  trace::ParsedOutput parsed_;
  std::string partial_;               ///< the current unfinished line
  bool partial_cut_ = false;          ///< the current line overflowed kLineBytes
  int number_ = 0;                    ///< lines seen so far
  std::size_t trace_bytes_ = 0;
  std::size_t log_dropped_ = 0;       ///< log bytes dropped from the front
};

}  // namespace spak::tune
