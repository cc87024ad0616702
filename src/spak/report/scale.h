#pragma once
// Maps data values to pixels along one axis and chooses its ticks: linear with "nice" steps (1, 2, 5 × 10^k),
// logarithmic with powers of ten when the values span decades, or evenly spaced categories.

#include <string>
#include <vector>

namespace spak::report {

/// Nice tick values covering [lo, hi]: about `target` steps of 1, 2 or 5 × 10^k (Heckbert's nice numbers).
/// The first tick is <= lo and the last >= hi. lo == hi gets a small interval around the value.
std::vector<double> nice_ticks(double lo, double hi, int target = 5);

/// Powers of ten covering [lo, hi] (lo > 0), with 2 and 5 between them when the span is under two decades.
std::vector<double> log_ticks(double lo, double hi);

/// A short label for a tick: no trailing zeros, thousands as "12k", tiny rounding noise shown as 0.
std::string tick_label(double value);

/// One axis: a domain of values (or category names) mapped onto a pixel range.
class Scale {
 public:
  enum class Kind { Linear, Log, Category };

  /// Linear over [lo, hi] widened to nice ticks; `include_zero` pulls the domain down (or up) to 0.
  static Scale linear(double lo, double hi, bool include_zero = false);
  /// Logarithmic over [lo, hi] widened to powers of ten; lo must be > 0.
  static Scale log(double lo, double hi);
  /// One band per name; value i sits in the middle of band i.
  static Scale categories(std::vector<std::string> names);
  /// Log when every value is > 0 and they span at least two decades (and zero need not show), otherwise linear.
  /// Empty: [0, 1].
  static Scale fit(const std::vector<double>& values, bool include_zero = false);

  /// Sets the pixel range: r0 is where the domain's low end (or the first category) goes.
  void set_range(double r0, double r1);
  /// The pixel position of a value (a category index for Category scales).
  double operator()(double value) const;
  /// Width of one category band in pixels (the whole range for non-category scales).
  double band() const;

  Kind kind() const { return kind_; }
  double lo() const { return lo_; }
  double hi() const { return hi_; }
  const std::vector<double>& ticks() const { return ticks_; }
  /// The label of a tick: the category name, or tick_label(value).
  std::string label(double tick) const;

 private:
  Kind kind_ = Kind::Linear;
  double lo_ = 0, hi_ = 1;
  double r0_ = 0, r1_ = 1;
  std::vector<double> ticks_;
  std::vector<std::string> names_;
};

}  // namespace spak::report
