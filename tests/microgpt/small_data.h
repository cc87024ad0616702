#pragma once
// A few dozen names for tests: enough variety for training to move, small enough to keep tests fast. Tests
// never read the network or shared data.

#include <string>

namespace spak::microgpt::testing {

inline const std::string kSmallNames =
    "emma\nolivia\nava\nisabella\nsophia\ncharlotte\nmia\namelia\nharper\nevelyn\nabigail\nemily\nelizabeth\n"
    "mila\nella\navery\nsofia\ncamila\naria\nscarlett\nvictoria\nmadison\nluna\ngrace\nchloe\npenelope\nlayla\n"
    "riley\nzoey\nnora\nlily\neleanor\nhannah\nlillian\naddison\naubrey\nellie\nstella\nnatalie\nzoe\nleah\n"
    "hazel\nviolet\naurora\nsavannah\naudrey\nbrooklyn\nbella\nclaire\nskylar\nmaximiliana\nquinn\n";

}  // namespace spak::microgpt::testing
