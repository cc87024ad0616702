#pragma once
// The plan of an agent run: the steps of a classic `task`, an `agent_loop` or a `service_loop` handler, in
// order, with the scope they start from. Building the plan checks everything that can be checked without
// running: known actions, and that every `{{hole}}` names something bound by then (a --set value, the system
// model, a builtin, or the output of an earlier step). `--dry-run` prints describe().

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spak/dsl/ir.h"

namespace spak::agent {

/// One step ready to run: what it does and where its results go.
struct PlanStep {
  std::string label;                  ///< the step's id or name
  std::string action;                 ///< normalised: llm.query, tool.run, …
  nlohmann::json args = nlohmann::json::object();  ///< the action's fields (strings are templates)
  std::string output_var;             ///< bound to the step's main value; empty = none
  std::string id;                     ///< bound to the whole result; empty for `step "Name"` steps
  bool check = false;                 ///< an evaluation check: failing it fails the run, not the step
  dsl::Span span;
};

/// What `spak run` (or one `spak serve` request) executes.
struct Plan {
  std::string kind;                   ///< task, agent_loop or service_loop
  std::string name;
  std::string system;                 ///< the system (or system_model) it belongs to; may be empty
  std::vector<PlanStep> steps;        ///< checks come last
  std::string success;                ///< expression over checks and outputs; empty = all checks pass
  std::string until;                  ///< agent loops: repeat the steps until this holds
  int max_iterations = 1;
  nlohmann::json scope = nlohmann::json::object();  ///< names bound before the first step
};

/// The scope every plan starts from: `--set` values (typed), the classic system model (`axiom`, `heuristic`,
/// `prediction` lists, 1-based in holes), and the builtins run_id and workdir.
nlohmann::json base_scope(const dsl::Document& document, const std::vector<std::string>& set);

/// The plan of the task or agent loop called `name` (empty = the only/first one). Throws spak::Error naming
/// what exists when there is no such target.
Plan plan_target(const dsl::Document& document, const std::string& name, nlohmann::json scope);
/// The plan of one service-loop handler; its parameters are bound in `scope` by the caller.
Plan plan_handler(const dsl::System& system, const dsl::Loop& loop, const dsl::Handler& handler,
                  nlohmann::json scope);

/// Throws spak::Error (file:line:col) for an unknown action or a hole that nothing binds by the time it is used.
void check_plan(const Plan& plan);
/// A readable listing of the plan for --dry-run.
std::string describe(const Plan& plan);

/// A handler parameter `name: type` split into its name and type ("any" when none is written).
std::pair<std::string, std::string> split_param(const std::string& param);

}  // namespace spak::agent
