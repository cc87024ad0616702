#include "spak/report/scale.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace spak::report {
namespace {

// A step of mantissa × 10^exponent, kept apart so ticks can be computed from integers: 3 × 0.2 as 6 / 10 is the
// double nearest 0.6, where 3 * 0.2 is 0.6000000000000001.
struct Step {
  int mantissa;  // 1, 2, 5 or 10
  int exponent;
  double value() const { return mantissa * std::pow(10.0, exponent); }
  double times(long k) const {
    const double units = static_cast<double>(k) * mantissa;
    return exponent < 0 ? units / std::pow(10.0, -exponent) : units * std::pow(10.0, exponent);
  }
};

// The nice number near x: 1, 2, 5 or 10 times a power of ten, rounded or taken as a ceiling.
Step nice_number(double x, bool round) {
  const int exponent = static_cast<int>(std::floor(std::log10(x)));
  const double fraction = x / std::pow(10.0, exponent);
  int nice;
  if (round) {
    nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
  } else {
    nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  }
  return {nice, exponent};
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int target) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return {0, 1};
  if (lo > hi) std::swap(lo, hi);
  if (lo == hi) {
    const double pad = lo == 0 ? 1 : std::abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const double range = nice_number(hi - lo, false).value();
  const Step step = nice_number(range / std::max(1, target - 1), true);
  const long first = static_cast<long>(std::floor(lo / step.value() + 1e-9));
  const long last = static_cast<long>(std::ceil(hi / step.value() - 1e-9));
  std::vector<double> ticks;
  for (long k = first; k <= last; ++k) ticks.push_back(k == 0 ? 0.0 : step.times(k));
  return ticks;
}

std::vector<double> log_ticks(double lo, double hi) {
  const int first = static_cast<int>(std::floor(std::log10(lo) + 1e-9));
  const int last = static_cast<int>(std::ceil(std::log10(hi) - 1e-9));
  const bool fill = std::log10(hi / lo) < 2;
  std::vector<double> ticks;
  for (int e = first; e <= std::max(last, first + 1); ++e) {
    const double base = std::pow(10.0, e);
    ticks.push_back(base);
    if (fill && e < std::max(last, first + 1)) {
      ticks.push_back(2 * base);
      ticks.push_back(5 * base);
    }
  }
  return ticks;
}

std::string tick_label(double value) {
  if (std::abs(value) < 1e-12) return "0";
  const double magnitude = std::abs(value);
  if (magnitude >= 1e6) return fmt::format("{:g}M", value / 1e6);
  if (magnitude >= 1e4) return fmt::format("{:g}k", value / 1e3);
  return fmt::format("{:.6g}", value);
}

Scale Scale::linear(double lo, double hi, bool include_zero) {
  if (include_zero) {
    lo = std::min(lo, 0.0);
    hi = std::max(hi, 0.0);
  }
  Scale scale;
  scale.kind_ = Kind::Linear;
  scale.ticks_ = nice_ticks(lo, hi);
  scale.lo_ = scale.ticks_.front();
  scale.hi_ = scale.ticks_.back();
  return scale;
}

Scale Scale::log(double lo, double hi) {
  Scale scale;
  scale.kind_ = Kind::Log;
  scale.ticks_ = log_ticks(lo, hi);
  scale.lo_ = scale.ticks_.front();
  scale.hi_ = scale.ticks_.back();
  return scale;
}

Scale Scale::categories(std::vector<std::string> names) {
  Scale scale;
  scale.kind_ = Kind::Category;
  scale.lo_ = 0;
  scale.hi_ = static_cast<double>(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) scale.ticks_.push_back(static_cast<double>(i));
  scale.names_ = std::move(names);
  return scale;
}

Scale Scale::fit(const std::vector<double>& values, bool include_zero) {
  if (values.empty()) return linear(0, 1);
  const auto [min_it, max_it] = std::minmax_element(values.begin(), values.end());
  if (!include_zero && *min_it > 0 && *max_it / *min_it >= 100) return log(*min_it, *max_it);
  return linear(*min_it, *max_it, include_zero);
}

void Scale::set_range(double r0, double r1) {
  r0_ = r0;
  r1_ = r1;
}

double Scale::operator()(double value) const {
  switch (kind_) {
    case Kind::Category:
      return names_.empty() ? (r0_ + r1_) / 2 : r0_ + (value + 0.5) * band();
    case Kind::Log: {
      const double l0 = std::log10(lo_), l1 = std::log10(hi_);
      return r0_ + (std::log10(std::max(value, lo_ * 1e-3)) - l0) / (l1 - l0) * (r1_ - r0_);
    }
    case Kind::Linear:
      break;
  }
  return r0_ + (value - lo_) / (hi_ - lo_) * (r1_ - r0_);
}

double Scale::band() const {
  if (kind_ != Kind::Category || names_.empty()) return r1_ - r0_;
  return (r1_ - r0_) / static_cast<double>(names_.size());
}

std::string Scale::label(double tick) const {
  if (kind_ == Kind::Category) {
    const auto i = static_cast<std::size_t>(tick);
    return i < names_.size() ? names_[i] : "";
  }
  return tick_label(tick);
}

}  // namespace spak::report
