#pragma once
// The search space of a sweep: one discrete dimension per tunable parameter, a point is one index per dimension,
// and a validity check (constraints, invariants) prunes points. Dimensions are lazy (a `range [1, 1e9]` costs
// nothing until a value is asked for), and the space is only enumerated when that is cheap.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spak/dsl/ir.h"

namespace spak::tune {

/// One tunable parameter as a finite, ordered list of values, computed on demand.
class Dimension {
 public:
  /// From a parameter of the IR. Throws spak::Error for an empty or malformed domain (hi < lo, step <= 0, …).
  static Dimension from_parameter(const dsl::Parameter& parameter);
  /// A dimension with exactly the given values (a `--set` override or a list).
  static Dimension from_values(std::string name, std::vector<nlohmann::json> values);

  const std::string& name() const { return name_; }
  std::uint64_t size() const { return size_; }
  nlohmann::json value(std::uint64_t index) const;
  /// Index of `value` in this dimension (numbers compare by value: 64 matches 64.0), or nullopt.
  std::optional<std::uint64_t> index_of(const nlohmann::json& value) const;
  /// True when every value is a number, so neighbouring indices mean neighbouring values.
  bool ordered() const { return ordered_; }
  /// True for pow2 domains and positive numeric lists spanning a factor 8 or more: a model should see log2(v).
  bool log_scale() const { return log_scale_; }

 private:
  enum class Kind { List, Range, Pow2 };
  std::string name_;
  Kind kind_ = Kind::List;
  std::vector<nlohmann::json> values_;  ///< Kind::List
  double lo_ = 0, step_ = 1;            ///< Kind::Range: lo + i*step; Kind::Pow2: lo * 2^i
  bool integral_ = true;                ///< Kind::Range/Pow2: values are written as integers
  std::uint64_t size_ = 0;
  bool ordered_ = false, log_scale_ = false;
};

/// One configuration, as an index into each dimension of a SearchSpace.
using Point = std::vector<std::uint64_t>;

/// Why a configuration may not run: nullopt when it may, else a reason such as `constraint "a <= b" is false`.
using Validity = std::function<std::optional<std::string>(const nlohmann::json& config)>;

/// How big a space is before and after pruning. `valid` is exact when `exact`, else estimated by sampling.
struct SpaceSize {
  double total = 0;     ///< product of the dimension sizes (a double: it may exceed 2^64)
  double valid = 0;
  bool exact = false;
};

/// The dimensions of a sweep plus the check that prunes them.
class SearchSpace {
 public:
  /// Spaces whose raw size is at most this are enumerated once, up front; larger ones are sampled.
  static constexpr double kEnumerateLimit = 200'000;

  SearchSpace(std::vector<Dimension> dimensions, Validity validity);

  const std::vector<Dimension>& dimensions() const { return dimensions_; }
  /// The configuration of a point: {"param": value, …}.
  nlohmann::json config(const Point& point) const;
  /// The point of a configuration, or nullopt when a value is outside its dimension or a parameter is missing.
  std::optional<Point> point_of(const nlohmann::json& config) const;
  /// Reason a point is pruned, or nullopt when it is valid.
  std::optional<std::string> why_invalid(const Point& point) const;
  bool valid(const Point& point) const { return !why_invalid(point); }

  /// True when the valid points have been listed (the raw space is at most kEnumerateLimit).
  bool enumerated() const { return enumerated_; }
  /// Every valid point in grid (row-major) order; only when enumerated().
  const std::vector<Point>& valid_points() const { return valid_points_; }
  SpaceSize size() const { return size_; }

  /// A uniformly random valid point, or nullopt if none was found (after many tries in a sampled space).
  std::optional<Point> sample(std::mt19937_64& rng) const;
  /// The point after `point` in grid order (last dimension fastest), or nullopt after the last one.
  std::optional<Point> next_in_grid(Point point) const;
  /// Canonical text of a point, for sets and maps.
  static std::string key(const Point& point);

 private:
  std::vector<Dimension> dimensions_;
  Validity validity_;
  bool enumerated_ = false;
  std::vector<Point> valid_points_;
  SpaceSize size_;
};

}  // namespace spak::tune
