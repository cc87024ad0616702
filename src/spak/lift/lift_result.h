#pragma once
// What the lifter found: design and tuning axes, facts and invariants, each with the source lines that are its
// evidence. Matches of the same axis (or fact) across lines and files merge into one entry with every citation.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace spak::lift {

/// One cited source line: `file:L<line>` plus the line's text.
struct Evidence {
  std::string file;
  int line = 0;
  std::string text;
  int file_index = 0;                     ///< position of `file` among the inputs, for ordering
};

/// A design axis (an architectural choice) or a tuning axis (a schedule parameter) found in the source.
struct Axis {
  enum class Kind { Design, Tuning };
  std::string name;
  Kind kind = Kind::Tuning;
  std::vector<nlohmann::json> values;     ///< tuning: values found; design: observed choices, then alternatives
  std::vector<nlohmann::json> observed;   ///< the values the source actually uses (may be empty)
  std::string pattern;                    ///< id of the pattern that first found it
  std::string meaning;                    ///< what it means for performance (from the pattern)
  std::vector<Evidence> evidence;
};

/// A fact: a technique or property the source exhibits, e.g. online softmax or a cp.async pipeline.
struct Fact {
  std::string name;
  std::string description;
  std::vector<nlohmann::json> values;     ///< captured details (an MMA shape, a swizzle mode), may be empty
  std::string pattern;
  std::vector<Evidence> evidence;
};

/// An invariant: an expression that must hold for every configuration (a static_assert, a Python assert, the
/// head-count divisibility grouped-query attention needs).
struct Invariant {
  std::string name;
  std::string assertion;
  std::string description;
  std::string pattern;
  std::vector<Evidence> evidence;
};

/// One input file and the language it was read as.
struct LiftedFile {
  std::string path;
  std::string language;
};

/// The lifter's whole output for one run over one or more files.
struct LiftResult {
  std::vector<LiftedFile> files;
  std::vector<Axis> axes;
  std::vector<Fact> facts;
  std::vector<Invariant> invariants;

  /// Adds `axis`, or merges it into the axis of the same name: values and evidence are unioned; the first
  /// finder's kind, pattern and meaning are kept.
  void add(Axis axis);
  /// Adds `fact`, or merges it into the fact of the same name.
  void add(Fact fact);
  /// Adds `invariant`, or merges it into one with the same assertion; a different assertion under a name already
  /// taken gets a numbered name (`static_assert_2`).
  void add(Invariant invariant);
  /// Orders every list by where its first evidence appears (file, then line), and each evidence list likewise;
  /// all-numeric tuning values are sorted ascending.
  void finish();

  bool empty() const { return axes.empty() && facts.empty() && invariants.empty(); }
};

/// "file:L<line>", the citation format used in DSL `source:` fields.
std::string citation(const Evidence& evidence);

}  // namespace spak::lift
