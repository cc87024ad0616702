#pragma once
// The pattern database: data files (patterns/*.json) that say, per language, how to recognise design and
// tuning axes, facts and invariants in kernel source. Users extend it without recompiling: a new file with
// `"language": "cuda"` and a `patterns` list adds to the CUDA patterns; a file with a new language name and a
// header (extensions, comment style, kernel marker) adds a language. docs/lift.md documents the format.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "spak/lift/regex.h"
#include "spak/lift/source.h"
#include "spak/lift/structure.h"

namespace spak::lift {

/// Where a pattern looks: each line, the whole file, each call of a callee, each kernel, each kernel
/// parameter, or each template parameter.
enum class Scope { Line, File, Call, Kernel, Param, TemplateParam };

/// What a match of a pattern becomes.
enum class ItemKind { Design, Tuning, Fact, Invariant };

/// One entry of the database: where to look, what to match, what the match means and what it becomes.
struct Pattern {
  std::string id;                         ///< unique, e.g. "cutile.load_latency"
  Scope scope = Scope::Line;
  std::optional<Regex> call;              ///< Scope::Call: the callee, e.g. `ct\.load`
  std::optional<Regex> match;             ///< each match emits one item; absent only for Scope::Kernel
  std::vector<Regex> requires_all;        ///< Scope::Kernel: every one must match inside the kernel
  std::vector<Regex> forbids;             ///< Scope::Kernel: none may match inside the kernel
  ItemKind kind = ItemKind::Fact;
  std::string name;                       ///< template, e.g. "${tensor:lower}_load_latency"
  std::string value;                      ///< template for the observed value; "" = none
  std::vector<nlohmann::json> values;     ///< design axes: the alternatives to the observed choice
  std::string assertion;                  ///< invariants: template of the asserted expression
  std::string cite;                       ///< named group whose line is cited; "" = the match's first line
  std::string meaning;                    ///< what it means for performance (required: the documentation)
};

/// A language the lifter reads, with every pattern any database file gives it.
struct Language {
  std::string name;
  std::vector<std::string> extensions;    ///< e.g. ".py"; used by --lang auto
  std::optional<Regex> detect;            ///< content test for --lang auto when the extension is not enough
  CommentStyle comments = CommentStyle::C;
  KernelStyle kernels = KernelStyle::CQualifier;
  std::optional<Regex> kernel_marker;     ///< finds kernels (decorator or qualifier)
  std::string description;
  std::vector<Pattern> patterns;
  std::string defined_in;                 ///< the file holding the language header
};

/// Every language of a database directory.
struct PatternDb {
  std::filesystem::path dir;
  std::vector<Language> languages;

  const Language* find(std::string_view name) const;
  /// The language for `path`/`text` under --lang auto: by extension first, then by content (`detect`) for
  /// extensions no language claims. nullptr when neither decides.
  const Language* detect(const std::filesystem::path& path, std::string_view text) const;
  std::string language_names() const;     ///< "cuda, cutile" for messages
};

/// Loads every *.json file of `dir` (in name order). Throws spak::Error naming the file and pattern on any
/// problem: bad JSON, unknown or missing keys, a regex that does not compile, a template naming no group.
PatternDb load_pattern_db(const std::filesystem::path& dir);

/// The pattern directory to use: `flag` when given, else $SPAK_PATTERNS, else `patterns/` beside the
/// executable, else `../share/spak/patterns` beside it, else the source tree's `patterns/` (compiled in).
/// Throws spak::Error listing the places looked at when none exists.
std::filesystem::path find_pattern_dir(const std::string& flag);

}  // namespace spak::lift
