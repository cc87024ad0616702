// Checks saxpy (linked from the candidate file) against a plain reference; prints max_error.
#include <math.h>
#include <stdio.h>

void saxpy(int n, float a, const float* x, float* y);

int main(void) {
  enum { N = 1000 };
  static float x[N], y[N], ref[N];
  for (int i = 0; i < N; ++i) {
    x[i] = (float)i / N;
    y[i] = ref[i] = 1.0f - (float)i / N;
  }
  saxpy(N, 2.5f, x, y);
  double max_error = 0;
  for (int i = 0; i < N; ++i) max_error = fmax(max_error, fabs(y[i] - (2.5f * x[i] + ref[i])));
  printf("max_error: %g\n", max_error);
  return 0;
}
