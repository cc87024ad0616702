#pragma once
// Gaussian-process regression for model-based search: a Matérn-5/2 kernel with one length scale per parameter
// (automatic relevance determination), hyperparameters fitted by maximizing the log marginal likelihood.
// Sizes are those of a tuning sweep (hundreds of points, a handful of parameters), so plain Cholesky suffices.

#include <random>
#include <utility>
#include <vector>

namespace spak::tune {

/// A GP posterior over encoded configurations (each a vector of columns in [0, 1]).
class GaussianProcess {
 public:
  /// Log-space hyperparameters: one length scale per group of columns, the signal variance, the noise variance.
  struct Hyper {
    std::vector<double> log_lengthscale;
    double log_signal = 0;
    double log_noise = -4;
  };

  /// `column_group[c]` names the length scale of column c (a one-hot encoded parameter shares one scale).
  GaussianProcess(std::vector<int> column_group, int groups);

  /// Fits to (x, y): standardizes y, then searches the hyperparameters from the previous fit and `tries`
  /// random starts (tries = 0 keeps the current hyperparameters and only conditions on the data).
  void fit(const std::vector<std::vector<double>>& x, const std::vector<double>& y, std::mt19937_64& rng,
           int tries);
  /// Posterior mean and standard deviation at x, in the units of y.
  std::pair<double, double> predict(const std::vector<double>& x) const;
  /// Log marginal likelihood of the current data under `hyper`, plus weak priors that keep scales sane.
  double objective(const Hyper& hyper) const;
  const Hyper& hyper() const { return hyper_; }

 private:
  double kernel(const std::vector<double>& a, const std::vector<double>& b, const std::vector<double>& inv_ls) const;
  /// Builds the Cholesky factor of K + noise·I into `chol`; false if it is not positive definite.
  bool factor(const Hyper& hyper, std::vector<double>& chol) const;
  void condition();

  std::vector<int> column_group_;
  int groups_;
  Hyper hyper_;
  std::vector<std::vector<double>> x_;
  std::vector<double> y_;             ///< standardized
  double y_mean_ = 0, y_scale_ = 1;
  std::vector<double> chol_;          ///< n×n lower triangle, row-major
  std::vector<double> alpha_;         ///< (K + noise·I)⁻¹ y
};

/// Expected improvement of a normal posterior (mean, sd) over `best` when maximizing, with exploration margin xi.
double expected_improvement(double mean, double sd, double best, double xi);

}  // namespace spak::tune
