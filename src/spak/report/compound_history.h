#pragma once
// The compound history of a system: for each version (.dsl file) in order, the knowledge it added, removed or
// changed against the version before (facts, rules, invariants, advice, by meaning, via knowledge::diff), and
// how many facts and rules it holds once its `extends` chain is resolved.

#include <filesystem>
#include <string>
#include <vector>

#include "spak/knowledge/diff.h"

namespace spak::report {

/// One version of the history.
struct VersionStep {
  std::string file;                          ///< the .dsl file as given (or found in a given directory)
  std::string system;                        ///< its first system
  std::string title;                         ///< the front matter's title; empty when none
  std::vector<knowledge::Change> changes;    ///< knowledge changes against the previous version (all added for
                                             ///< the first)
  int facts = 0, rules = 0;                  ///< totals in this version, inherited ones included
};

/// Reads the versions in the order given; a directory stands for its *.dsl files in natural order (v2 before
/// v10). Throws knowledge::ResolveError (a rendered diagnostic) for a file that does not parse or resolve,
/// spak::Error for a directory with no .dsl file.
std::vector<VersionStep> compound_history(const std::vector<std::filesystem::path>& inputs);

}  // namespace spak::report
