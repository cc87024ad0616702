#include "spak/tune/space.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "spak/util/error.h"

namespace spak::tune {
namespace {

using nlohmann::json;

bool is_integral(double x) { return std::isfinite(x) && std::floor(x) == x && std::fabs(x) < 9.0e15; }

json number(double x, bool integral) {
  if (integral && is_integral(x)) return static_cast<std::int64_t>(x);
  return x;
}

bool same_value(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return a.get<double>() == b.get<double>();
  return a == b;
}

// Sampled spaces estimate their valid fraction from this many random points.
constexpr int kSizeSamples = 20'000;
// A sampled space gives up looking for a valid point after this many rejections.
constexpr int kSampleTries = 100'000;

}  // namespace

Dimension Dimension::from_parameter(const dsl::Parameter& p) {
  Dimension d;
  d.name_ = p.name;
  auto where = [&] { return p.span.file.empty() ? p.name : fmt::format("{}:{}:{}: {}", p.span.file, p.span.line,
                                                                        p.span.col, p.name); };
  switch (p.kind) {
    case dsl::Parameter::Kind::List:
      if (p.values.empty()) throw Error("parameter {} has no values", where());
      return from_values(p.name, p.values);
    case dsl::Parameter::Kind::Range: {
      double step = p.step.value_or(1.0);
      if (!std::isfinite(p.lo) || !std::isfinite(p.hi) || p.hi < p.lo)
        throw Error("parameter {}: range [{}, {}] is empty", where(), p.lo, p.hi);
      if (!(step > 0)) throw Error("parameter {}: range step must be positive, got {}", where(), step);
      d.kind_ = Kind::Range;
      d.lo_ = p.lo;
      d.step_ = step;
      d.integral_ = is_integral(p.lo) && is_integral(step);
      // The epsilon keeps `range [0, 1] step 0.1` at 11 values despite rounding.
      d.size_ = static_cast<std::uint64_t>(std::floor((p.hi - p.lo) / step + 1e-9)) + 1;
      d.ordered_ = true;
      return d;
    }
    case dsl::Parameter::Kind::Pow2: {
      if (!(p.lo > 0) || p.hi < p.lo) throw Error("parameter {}: pow2 [{}, {}] is empty", where(), p.lo, p.hi);
      double first = std::exp2(std::ceil(std::log2(p.lo)));
      if (first > p.hi) throw Error("parameter {}: pow2 [{}, {}] holds no power of two", where(), p.lo, p.hi);
      d.kind_ = Kind::Pow2;
      d.lo_ = first;
      d.integral_ = first >= 1;
      d.size_ = static_cast<std::uint64_t>(std::floor(std::log2(p.hi / first) + 1e-9)) + 1;
      d.ordered_ = true;
      d.log_scale_ = true;
      return d;
    }
  }
  throw Error("parameter {} has an unknown kind", where());
}

Dimension Dimension::from_values(std::string name, std::vector<json> values) {
  Dimension d;
  d.name_ = std::move(name);
  d.kind_ = Kind::List;
  d.values_ = std::move(values);
  d.size_ = d.values_.size();
  d.ordered_ = !d.values_.empty() && std::all_of(d.values_.begin(), d.values_.end(),
                                                 [](const json& v) { return v.is_number(); });
  if (d.ordered_) {
    auto [lo, hi] = std::minmax_element(d.values_.begin(), d.values_.end(),
                                        [](const json& a, const json& b) { return a.get<double>() < b.get<double>(); });
    d.log_scale_ = lo->get<double>() > 0 && hi->get<double>() >= 8 * lo->get<double>();
  }
  return d;
}

json Dimension::value(std::uint64_t index) const {
  switch (kind_) {
    case Kind::List: return values_.at(index);
    case Kind::Range: return number(lo_ + static_cast<double>(index) * step_, integral_);
    case Kind::Pow2: return number(std::ldexp(lo_, static_cast<int>(index)), integral_);
  }
  return nullptr;
}

std::optional<std::uint64_t> Dimension::index_of(const json& v) const {
  if (kind_ == Kind::List) {
    for (std::size_t i = 0; i < values_.size(); ++i)
      if (same_value(values_[i], v)) return i;
    return std::nullopt;
  }
  if (!v.is_number()) return std::nullopt;
  double x = v.get<double>();
  double position = kind_ == Kind::Range ? (x - lo_) / step_ : std::log2(x / lo_);
  if (!std::isfinite(position)) return std::nullopt;
  double rounded = std::round(position);
  if (rounded < 0 || rounded >= static_cast<double>(size_) || std::fabs(position - rounded) > 1e-9)
    return std::nullopt;
  return static_cast<std::uint64_t>(rounded);
}

SearchSpace::SearchSpace(std::vector<Dimension> dimensions, Validity validity)
    : dimensions_(std::move(dimensions)), validity_(std::move(validity)) {
  size_.total = 1;
  for (const Dimension& d : dimensions_) size_.total *= static_cast<double>(d.size());
  if (size_.total <= kEnumerateLimit) {
    enumerated_ = true;
    if (size_.total >= 1) {
      Point p(dimensions_.size(), 0);
      for (std::optional<Point> at = p; at; at = next_in_grid(std::move(*at)))
        if (valid(*at)) valid_points_.push_back(*at);
    }
    size_.valid = static_cast<double>(valid_points_.size());
    size_.exact = true;
    return;
  }
  std::mt19937_64 rng(0x5ba4);  // fixed: the estimate must not change from run to run
  int hits = 0;
  for (int i = 0; i < kSizeSamples; ++i) {
    Point p(dimensions_.size());
    for (std::size_t d = 0; d < p.size(); ++d)
      p[d] = std::uniform_int_distribution<std::uint64_t>(0, dimensions_[d].size() - 1)(rng);
    hits += valid(p);
  }
  size_.valid = size_.total * hits / kSizeSamples;
}

json SearchSpace::config(const Point& point) const {
  json c = json::object();
  for (std::size_t d = 0; d < dimensions_.size(); ++d) c[dimensions_[d].name()] = dimensions_[d].value(point[d]);
  return c;
}

std::optional<Point> SearchSpace::point_of(const json& config) const {
  Point p(dimensions_.size());
  for (std::size_t d = 0; d < dimensions_.size(); ++d) {
    auto it = config.find(dimensions_[d].name());
    if (it == config.end()) return std::nullopt;
    auto index = dimensions_[d].index_of(*it);
    if (!index) return std::nullopt;
    p[d] = *index;
  }
  return p;
}

std::optional<std::string> SearchSpace::why_invalid(const Point& point) const {
  return validity_ ? validity_(config(point)) : std::nullopt;
}

std::optional<Point> SearchSpace::sample(std::mt19937_64& rng) const {
  if (enumerated_) {
    if (valid_points_.empty()) return std::nullopt;
    return valid_points_[std::uniform_int_distribution<std::size_t>(0, valid_points_.size() - 1)(rng)];
  }
  Point p(dimensions_.size());
  for (int tries = 0; tries < kSampleTries; ++tries) {
    for (std::size_t d = 0; d < p.size(); ++d)
      p[d] = std::uniform_int_distribution<std::uint64_t>(0, dimensions_[d].size() - 1)(rng);
    if (valid(p)) return p;
  }
  return std::nullopt;
}

std::optional<Point> SearchSpace::next_in_grid(Point point) const {
  for (std::size_t d = dimensions_.size(); d-- > 0;) {
    if (++point[d] < dimensions_[d].size()) return point;
    point[d] = 0;
  }
  return std::nullopt;
}

std::string SearchSpace::key(const Point& point) {
  std::string k;
  for (std::uint64_t i : point) {
    k += std::to_string(i);
    k += ',';
  }
  return k;
}

}  // namespace spak::tune
