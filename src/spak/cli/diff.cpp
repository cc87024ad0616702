// `spak diff A.dsl B.dsl`: what changed between two versions of a system, by meaning (axes, parameters,
// constraints, facts, rules, invariants, trace schema, loops, front matter), not by text. Each side is resolved
// through its imports and `extends` chain first, so an item inherited unchanged is not a difference.

#include <cstdio>

#include <fmt/format.h>

#include "spak/cli/commands.h"
#include "spak/cli/load_for_command.h"
#include "spak/knowledge/diff.h"
#include "spak/knowledge/resolve.h"

namespace spak::cli {

void add_diff_command(CLI::App& app, Invocation& invocation) {
  struct Options {
    std::string a, b, system_a, system_b, format = "text";
  };
  auto options = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand("diff", "Structural differences between two versions of a system");
  cmd->footer(
      "Items are matched by name (constraints by their name, or by their text where unnamed; trace cases as\n"
      "Variant.Case); spans, origins, comments and layout are ignored. Exit status: 0 when there is no\n"
      "difference, 1 when there is one, 2 for bad input (like diff(1)).");
  cmd->add_option("a", options->a, "Version A (.dsl)")->required()->check(CLI::ExistingFile);
  cmd->add_option("b", options->b, "Version B (.dsl)")->required()->check(CLI::ExistingFile);
  cmd->add_option("--system-a", options->system_a, "System of A to compare (default: its first)");
  cmd->add_option("--system-b", options->system_b, "System of B to compare (default: its first)");
  cmd->add_option("--format", options->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([options, &invocation] {
    // Bad input exits 2 here, not kExitBadInput: like diff(1), 1 already means "the versions differ".
    auto bad_input = [&invocation] { invocation.exit_code = 2; };
    if (!load_for_command(options->a, invocation) || !load_for_command(options->b, invocation)) return bad_input();
    try {
      const knowledge::DocumentLoader load = knowledge::file_loader();
      const knowledge::ResolvedSystem a = knowledge::resolve_system(options->a, load, options->system_a);
      const knowledge::ResolvedSystem b = knowledge::resolve_system(options->b, load, options->system_b);
      std::vector<knowledge::Change> changes =
          knowledge::diff_front_matter(load(options->a).front_matter, load(options->b).front_matter);
      for (knowledge::Change& c : knowledge::diff_systems(a.system, b.system)) changes.push_back(std::move(c));
      if (options->format == "json") {
        nlohmann::json out = knowledge::to_json(changes);
        out["a"] = {{"file", options->a}, {"system", a.system.name}};
        out["b"] = {{"file", options->b}, {"system", b.system.name}};
        fmt::print("{}\n", out.dump(2));
      } else {
        fmt::print("--- {} ({})\n+++ {} ({})\n{}", options->a, a.system.name, options->b, b.system.name,
                   knowledge::format_text(changes));
      }
      invocation.exit_code = changes.empty() ? 0 : 1;
    } catch (const knowledge::ResolveError& e) {
      report_bad_input(invocation, e.what());
      bad_input();
    }
  });
}

}  // namespace spak::cli
