#pragma once
// The System IR: the typed meaning of a .dsl document, lowered from the lossless syntax tree.
//
// Every component reads systems through these types: the tuner (tuning_space, constraints, engineering loops,
// trace_schema), the knowledge engine (facts, rules, invariants), the agent loop (steps), the lifter and the
// compound writer (which produce them). What the lowering does not understand is kept as a GenericNode, so no
// construct is ever dropped. Every node carries the Span it came from; `origin` says which file a merged
// (inherited) item came from.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spak/dsl/source_path.h"

namespace spak::dsl {

/// A region of a source file. Lines and columns are 1-based; columns count code points, not bytes.
/// `begin`/`end` are byte offsets into the file (end exclusive).
struct Span {
  SourcePath file;
  std::uint32_t line = 0, col = 0, end_line = 0, end_col = 0;
  std::size_t begin = 0, end = 0;
};

/// A field value in its typed form: null, bool, number, string, list (json array) or inline map (json object).
/// A union `a | b | c` is {"union": [a, b, c]}; a call `f(x, k: v)` is {"call": "f", "args": [...]} with
/// keyword arguments as {"key": k, "value": v}; text that is none of these is a plain string.
using Value = nlohmann::json;

/// A `key: value` line as written. `raw` is the value's source text exactly (without the key), used where
/// the text itself matters (expressions, prompts).
struct Field {
  std::string key;
  Value value;
  std::string raw;
  Span span;

  /// The value as text: a string as itself, anything else as its source text (`raw`), so an expression or a
  /// number keeps the spelling it was written with.
  std::string text() const { return value.is_string() ? value.get<std::string>() : raw; }
};

/// Any block, field set or statement the lowering has no schema for, kept whole.
struct GenericNode {
  std::string head;                       ///< words before `{` (or the key of an indented block)
  std::vector<Field> fields;
  std::vector<GenericNode> children;
  std::vector<std::string> statements;    ///< verbatim lines that are neither field nor block
  Span span;
};

/// One architectural choice in `design_space` (what is computed).
struct DesignAxis {
  std::string name;
  std::vector<Value> values;
  Span span;
  std::string origin;
};

/// One tunable parameter (how it is scheduled), from `tuning_space` or an engineering loop's `parameter`.
struct Parameter {
  enum class Kind { List, Range, Pow2 };
  std::string name;
  Kind kind = Kind::List;
  std::vector<Value> values;              ///< Kind::List
  double lo = 0, hi = 0;                  ///< Kind::Range and Kind::Pow2, inclusive
  std::optional<double> step;             ///< Kind::Range; none = step 1 for integers
  Span span;
  std::string origin;
};

/// An expression in the expression language that prunes the search space.
struct Constraint {
  std::string expr;
  Span span;
  std::string origin;
  std::string name;  // `name: "expr"`; empty for a bare expression

  /// What a constraint is known by across versions: its name (a child's constraint of the same name replaces the
  /// parent's), else its text. The colon keeps a name apart from an expression, which never ends in one.
  std::string key() const { return name.empty() ? expr : name + ":"; }
};

/// A named record of what is known. A predicate fact (`fact f(t: Trace) { return … }`) has params and body.
struct Fact {
  std::string name;
  std::vector<std::string> params;        ///< predicate parameters as written, e.g. "t: Trace"
  std::string body;                       ///< predicate body statements, verbatim
  std::vector<Field> fields;              ///< every field in order (description, confidence, source, …)
  Span span;
  std::string origin;
};

/// `rule "Name" { when: … recommend: … apply: … }`. Keys may repeat; each repetition is one list entry.
struct Rule {
  std::string name;
  std::vector<std::string> when;          ///< all must hold (usually one)
  std::vector<std::string> recommend;     ///< "x = expr" assignments (or advice text)
  std::vector<std::string> apply;         ///< "select axis = expr" design selections (or advice text)
  std::string reason;
  std::optional<double> confidence;
  std::string source;
  std::vector<Field> fields;              ///< every field in order, including the ones above
  Span span;
  std::string origin;
};

/// `invariant Name { assert: "…" }`: must hold for every configuration that runs.
struct Invariant {
  std::string name;
  std::vector<std::string> asserts;
  std::vector<Field> fields;
  Span span;
  std::string origin;
};

/// `hint` and `heuristic` entries: advice for people and agents, never executed.
struct Advice {
  std::string kind;                       ///< "hint" or "heuristic"
  std::string name;
  std::string text;
  std::vector<Field> fields;
  Span span;
  std::string origin;
};

struct Knowledge {
  std::vector<Fact> facts;
  std::vector<Rule> rules;
  std::vector<Invariant> invariants;
  std::vector<Advice> advice;
  std::vector<GenericNode> unknown;
};

/// A field of a trace case: `tflops: float`. Types: int, float, bool, string, list, map, any (as written).
struct TraceField {
  std::string name;
  std::string type;
  bool optional = false;                  ///< written `name?: type` or `type?`
  Span span;
};

struct TraceCase {
  std::string name;                       ///< the `type` a trace item names, e.g. "Performance"
  std::vector<TraceField> fields;
  Span span;
};

struct TraceVariant {
  std::string name;                       ///< e.g. "TraceItem"
  std::vector<TraceCase> cases;
  Span span;
};

struct TraceSchema {
  std::vector<TraceVariant> variants;     ///< `case` written directly in trace_schema goes to a variant named ""
  std::vector<GenericNode> unknown;
  Span span;
};

/// One step of an agent loop, task or evaluation. Both shapes lower to this:
/// `step id: tool.run { … }` (id set, name empty) and `step "Name" { tool.run { … } }` (name set, id empty).
struct Step {
  std::string id;
  std::string name;
  std::string action;                     ///< "tool.run", "llm.query", "tool.engineering_loop", …
  std::vector<Field> args;                ///< the action's fields (cmd, prompt, output_var, …)
  std::vector<Field> fields;              ///< `step "Name" { … }` shape: the step's own fields beside the action
  std::vector<GenericNode> body;          ///< anything else inside the step
  Span span;
};

/// `measure { cmd: "…" metric: tflops objective: maximize }` of an engineering loop.
struct Measure {
  std::string cmd;                        ///< with {{param}} holes
  std::string metric;                     ///< a trace field, e.g. "tflops" or "Performance.tflops"
  std::string objective = "maximize";     ///< "maximize" or "minimize"
  std::vector<Field> fields;
  Span span;
};

/// `on Event(params) { … }` of a service loop.
struct Handler {
  std::string event;
  std::vector<std::string> params;
  std::vector<Step> steps;
  std::vector<std::string> statements;
  Span span;
};

struct Loop {
  enum class Kind { Agent, Service, Engineering };
  Kind kind = Kind::Agent;
  std::string name;
  std::vector<Step> steps;                ///< agent loops
  std::vector<Handler> handlers;          ///< service loops
  std::vector<Parameter> parameters;      ///< engineering loops
  std::optional<Measure> measure;         ///< engineering loops
  std::string strategy;                   ///< engineering loops; empty = tool default
  std::optional<int> budget;              ///< engineering loops
  std::vector<Field> fields;              ///< every other field, in order
  std::vector<GenericNode> unknown;
  Span span;
  std::string origin;
};

/// `baseline { … metrics { … } }`: the reference point a version is compared with.
struct Baseline {
  std::vector<Field> fields;
  std::vector<Field> metrics;
  Span span;
};

/// A v2 `system NAME [extends PARENT] { … }`.
struct System {
  std::string name;
  std::string extends;                    ///< parent system name, empty if none
  std::optional<Baseline> baseline;
  std::vector<DesignAxis> design_space;
  std::vector<Parameter> tuning_space;
  std::vector<Constraint> constraints;
  std::optional<GenericNode> model;       ///< domain types and state, kept structurally
  Knowledge knowledge;
  TraceSchema trace_schema;
  std::vector<Loop> loops;
  std::vector<std::string> artifacts;     ///< build { artifact "file" }
  std::vector<Field> fields;              ///< fields written directly in the system block
  std::vector<GenericNode> unknown;       ///< unknown sections, kept (and warned about)
  Span span;
};

/// A classic (v1) `system_model NAME { axiom: … heuristic: … prediction: … }`.
struct SystemModel {
  std::string name;
  std::vector<std::string> axioms, heuristics, predictions;
  std::vector<Field> fields;
  std::vector<GenericNode> unknown;
  Span span;
};

/// A classic (v1) `task NAME { step …  evaluation { check … }  success: … }`.
struct Task {
  std::string name;
  std::vector<Step> steps;
  std::vector<Step> checks;               ///< evaluation { check name: tool.run { … } }
  std::string success;
  std::vector<Field> fields;
  std::vector<GenericNode> unknown;
  Span span;
};

/// A whole .dsl file.
struct Document {
  std::string path;
  nlohmann::json front_matter = nlohmann::json::object();  ///< YAML front matter as JSON
  std::vector<std::string> imports;       ///< `import "a.dsl"`, paths as written
  std::vector<Field> fields;              ///< `key: value` lines at the top level
  std::vector<System> systems;
  std::vector<SystemModel> system_models;
  std::vector<Task> tasks;
  std::vector<GenericNode> unknown;       ///< unknown top-level constructs
};

}  // namespace spak::dsl
