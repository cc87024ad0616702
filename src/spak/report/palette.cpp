#include "spak/report/palette.h"

#include <array>

namespace spak::report {

std::string series_color(std::size_t index) {
  static constexpr std::array<const char*, 8> kColors = {"#0072b2", "#e69f00", "#009e73", "#cc79a7",
                                                         "#56b4e9", "#d55e00", "#f0e442", "#555555"};
  return kColors[index % kColors.size()];
}

}  // namespace spak::report
