#pragma once
// The words and units a report puts on values: a metric's unit from its name, a configuration as one line, an
// objective with sensible precision, a store timestamp as a short date.

#include <string>

#include <nlohmann/json.hpp>

#include "spak/trace/store.h"

namespace spak::report {

/// The unit a metric's field name implies: "tflops" → "TFLOP/s", "ms" → "ms", "ratio" → "× peer"; empty when
/// the name says nothing. Looks at the last part of a dotted name ("Performance.tflops").
std::string metric_unit(const std::string& metric);

/// "Performance.ratio (× peer, higher is better)": the y axis title of an objective.
std::string objective_axis_label(const std::string& metric, trace::Direction direction);

/// A measured value with four significant digits ("491.9", "0.6178", "1.234e+04").
std::string format_value(double value);

/// "2026-11-25T08:12:02.114Z" → "2026-11-25 08:12 UTC"; "-" when empty.
std::string short_date(const std::string& iso);

}  // namespace spak::report
