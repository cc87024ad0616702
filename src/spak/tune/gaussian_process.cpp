#include "spak/tune/gaussian_process.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace spak::tune {
namespace {

// Bounds of the hyperparameter search, in log space. Columns live in [0, 1], y is standardized.
constexpr double kLogLsMin = -3.5, kLogLsMax = 2.5;        // length scale 0.03 … 12
constexpr double kLogSignalMin = -2.5, kLogSignalMax = 2.5;
constexpr double kLogNoiseMin = -12, kLogNoiseMax = 0;
// Jitter added to the diagonal so a near-duplicate point never breaks the factorization.
constexpr double kJitter = 1e-8;

// Solves L z = b in place (L lower triangular, row-major n×n).
void forward(const std::vector<double>& L, std::size_t n, std::vector<double>& b) {
  for (std::size_t i = 0; i < n; ++i) {
    double s = b[i];
    for (std::size_t k = 0; k < i; ++k) s -= L[i * n + k] * b[k];
    b[i] = s / L[i * n + i];
  }
}

// Solves Lᵀ z = b in place.
void backward(const std::vector<double>& L, std::size_t n, std::vector<double>& b) {
  for (std::size_t i = n; i-- > 0;) {
    double s = b[i];
    for (std::size_t k = i + 1; k < n; ++k) s -= L[k * n + i] * b[k];
    b[i] = s / L[i * n + i];
  }
}

double clamp_log(double v, double lo, double hi) { return std::clamp(v, lo, hi); }

}  // namespace

GaussianProcess::GaussianProcess(std::vector<int> column_group, int groups)
    : column_group_(std::move(column_group)), groups_(groups) {
  hyper_.log_lengthscale.assign(static_cast<std::size_t>(groups_), std::log(0.5));
}

double GaussianProcess::kernel(const std::vector<double>& a, const std::vector<double>& b,
                               const std::vector<double>& inv_ls) const {
  double r2 = 0;
  for (std::size_t c = 0; c < a.size(); ++c) {
    double d = (a[c] - b[c]) * inv_ls[static_cast<std::size_t>(column_group_[c])];
    r2 += d * d;
  }
  double r = std::sqrt(5.0 * r2);
  return (1.0 + r + r * r / 3.0) * std::exp(-r);
}

bool GaussianProcess::factor(const Hyper& hyper, std::vector<double>& L) const {
  std::size_t n = x_.size();
  std::vector<double> inv_ls(hyper.log_lengthscale.size());
  for (std::size_t g = 0; g < inv_ls.size(); ++g) inv_ls[g] = std::exp(-hyper.log_lengthscale[g]);
  double signal = std::exp(hyper.log_signal), noise = std::exp(hyper.log_noise) + kJitter;
  L.assign(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j <= i; ++j) L[i * n + j] = signal * kernel(x_[i], x_[j], inv_ls) + (i == j ? noise : 0);
  // In-place Cholesky (lower).
  for (std::size_t j = 0; j < n; ++j) {
    double d = L[j * n + j];
    for (std::size_t k = 0; k < j; ++k) d -= L[j * n + k] * L[j * n + k];
    if (!(d > 0)) return false;
    d = std::sqrt(d);
    L[j * n + j] = d;
    for (std::size_t i = j + 1; i < n; ++i) {
      double s = L[i * n + j];
      for (std::size_t k = 0; k < j; ++k) s -= L[i * n + k] * L[j * n + k];
      L[i * n + j] = s / d;
    }
  }
  return true;
}

double GaussianProcess::objective(const Hyper& hyper) const {
  std::vector<double> L;
  if (!factor(hyper, L)) return -1e300;
  std::size_t n = x_.size();
  std::vector<double> a = y_;
  forward(L, n, a);
  double fit = 0, logdet = 0;
  for (std::size_t i = 0; i < n; ++i) {
    fit += a[i] * a[i];
    logdet += std::log(L[i * n + i]);
  }
  double lml = -0.5 * fit - logdet - 0.5 * static_cast<double>(n) * std::log(2 * std::numbers::pi);
  // Weak log-normal priors: length scales around 0.5, noise small; they only matter when data is scarce.
  double prior = 0;
  for (double l : hyper.log_lengthscale) prior -= 0.5 * std::pow((l - std::log(0.5)) / 1.5, 2);
  prior -= 0.5 * std::pow(hyper.log_signal / 1.5, 2);
  prior -= 0.5 * std::pow((hyper.log_noise + 6) / 3, 2);
  return lml + prior;
}

void GaussianProcess::fit(const std::vector<std::vector<double>>& x, const std::vector<double>& y,
                          std::mt19937_64& rng, int tries) {
  x_ = x;
  std::size_t n = y.size();
  y_mean_ = 0;
  for (double v : y) y_mean_ += v;
  y_mean_ /= std::max<std::size_t>(n, 1);
  double var = 0;
  for (double v : y) var += (v - y_mean_) * (v - y_mean_);
  y_scale_ = n > 1 ? std::sqrt(var / static_cast<double>(n - 1)) : 1.0;
  if (!(y_scale_ > 1e-12)) y_scale_ = 1.0;
  y_.resize(n);
  for (std::size_t i = 0; i < n; ++i) y_[i] = (y[i] - y_mean_) / y_scale_;

  if (tries > 0) {
    Hyper best = hyper_;
    double best_value = objective(best);
    std::uniform_real_distribution<double> ls(kLogLsMin, kLogLsMax), sig(-1, 1), noise(-10, -2);
    for (int t = 0; t < tries; ++t) {
      Hyper h;
      for (int g = 0; g < groups_; ++g) h.log_lengthscale.push_back(ls(rng));
      h.log_signal = sig(rng);
      h.log_noise = noise(rng);
      if (double v = objective(h); v > best_value) best = h, best_value = v;
    }
    // Coordinate search from the best start: try a step either way per coordinate, halve it when stuck.
    for (double step = 1.0; step > 0.06; step /= 2) {
      bool improved = true;
      while (improved) {
        improved = false;
        for (std::size_t c = 0; c < best.log_lengthscale.size() + 2; ++c) {
          for (double dir : {-1.0, 1.0}) {
            Hyper h = best;
            if (c < h.log_lengthscale.size())
              h.log_lengthscale[c] = clamp_log(h.log_lengthscale[c] + dir * step, kLogLsMin, kLogLsMax);
            else if (c == h.log_lengthscale.size())
              h.log_signal = clamp_log(h.log_signal + dir * step, kLogSignalMin, kLogSignalMax);
            else
              h.log_noise = clamp_log(h.log_noise + dir * step, kLogNoiseMin, kLogNoiseMax);
            if (double v = objective(h); v > best_value + 1e-9) best = h, best_value = v, improved = true;
          }
        }
      }
    }
    hyper_ = best;
  }
  condition();
}

void GaussianProcess::condition() {
  // Raising the noise until the matrix factors keeps the model usable on degenerate data.
  while (!factor(hyper_, chol_) && hyper_.log_noise < kLogNoiseMax) hyper_.log_noise += 1;
  alpha_ = y_;
  forward(chol_, x_.size(), alpha_);
  backward(chol_, x_.size(), alpha_);
}

std::pair<double, double> GaussianProcess::predict(const std::vector<double>& x) const {
  std::size_t n = x_.size();
  std::vector<double> inv_ls(hyper_.log_lengthscale.size());
  for (std::size_t g = 0; g < inv_ls.size(); ++g) inv_ls[g] = std::exp(-hyper_.log_lengthscale[g]);
  double signal = std::exp(hyper_.log_signal);
  std::vector<double> k(n);
  double mean = 0;
  for (std::size_t i = 0; i < n; ++i) {
    k[i] = signal * kernel(x, x_[i], inv_ls);
    mean += k[i] * alpha_[i];
  }
  forward(chol_, n, k);
  double var = signal;
  for (double v : k) var -= v * v;
  return {y_mean_ + y_scale_ * mean, y_scale_ * std::sqrt(std::max(var, 1e-12))};
}

double expected_improvement(double mean, double sd, double best, double xi) {
  double gain = mean - best - xi;
  if (sd <= 0) return std::max(gain, 0.0);
  double z = gain / sd;
  double cdf = 0.5 * std::erfc(-z / std::sqrt(2.0));
  double pdf = std::exp(-0.5 * z * z) / std::sqrt(2 * std::numbers::pi);
  return gain * cdf + sd * pdf;
}

}  // namespace spak::tune
