// `spak lift FILE...`: reads kernels (cuTile Python, CUDA C++) and writes their design and tuning axes, facts
// and invariants as a DSL system (or JSON), each citing its source line.

#include <cstdio>

#include <fmt/format.h>

#include "spak/cli/commands.h"
#include "spak/cli/load_for_command.h"
#include "spak/lift/emit_dsl.h"
#include "spak/lift/emit_json.h"
#include "spak/lift/lifter.h"
#include "spak/lift/pattern_db.h"
#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace spak::cli {

namespace {

/// The options of one `spak lift` call.
struct LiftArgs {
  std::vector<std::string> files;
  std::string language = "auto";
  std::string format = "dsl";
  std::string output;
  std::string patterns;
  std::string name;
  bool list_patterns = false;
};

const char* scope_name(lift::Scope s) {
  switch (s) {
    case lift::Scope::Line: return "line";
    case lift::Scope::File: return "file";
    case lift::Scope::Call: return "call";
    case lift::Scope::Kernel: return "kernel";
    case lift::Scope::Param: return "param";
    case lift::Scope::TemplateParam: return "template_param";
  }
  return "";
}

const char* kind_name(lift::ItemKind k) {
  switch (k) {
    case lift::ItemKind::Design: return "design";
    case lift::ItemKind::Tuning: return "tuning";
    case lift::ItemKind::Fact: return "fact";
    case lift::ItemKind::Invariant: return "invariant";
  }
  return "";
}

std::string pattern_listing(const lift::PatternDb& db) {
  std::string out = fmt::format("pattern database: {}\n", db.dir.string());
  for (const lift::Language& lang : db.languages) {
    out += fmt::format("\n{} ({} patterns) — {}\n", lang.name, lang.patterns.size(), lang.description);
    for (const lift::Pattern& p : lang.patterns)
      out += fmt::format("  {:<34} {:<9} {:<14} {}\n    {}\n", p.id, kind_name(p.kind), scope_name(p.scope), p.name,
                         p.meaning);
  }
  return out;
}

void run_lift(const LiftArgs& args, Invocation& invocation) {
  lift::PatternDb db = lift::load_pattern_db(lift::find_pattern_dir(args.patterns));
  std::string text;
  if (args.list_patterns) {
    text = pattern_listing(db);
  } else {
    if (args.files.empty()) throw Error("lift: no input files (usage: spak lift FILE... ; see spak lift --help)");
    if (args.language != "auto" && !db.find(args.language))  // a usage error (exit 2), checked before any file
      throw Error("--lang {}: unknown language (the pattern database in {} has: {}, or auto)", args.language,
                  db.dir.string(), db.language_names());
    lift::LiftResult result;
    try {
      result = lift::lift_files(args.files, db, args.language);
    } catch (const Error& e) {  // a kernel file that cannot be read or recognised is bad input, as in every command
      return report_bad_input(invocation, fmt::format("spak: error: {}", e.what()));
    }
    std::string name = args.name.empty() ? lift::system_name_for(args.files) : args.name;
    text = args.format == "json" ? lift::render_json(result, name) : lift::render_dsl(result, name);
  }
  if (args.output.empty() || args.output == "-") fmt::print("{}", text);
  else write_file_atomic(args.output, text);
  invocation.exit_code = 0;
}

}  // namespace

void add_lift_command(CLI::App& app, Invocation& invocation) {
  auto args = std::make_shared<LiftArgs>();
  CLI::App* cmd = app.add_subcommand(
      "lift",
      "Read kernels (cuTile Python, CUDA C++) and write their design and tuning axes, facts and invariants as a "
      "DSL system, each citing the source line it came from");
  cmd->footer(
      "Matching is done by the pattern database (patterns/*.json, extendable without rebuilding; see "
      "docs/lift.md).\nIt is looked up in: --patterns DIR, $SPAK_PATTERNS, <dir of spak>/patterns, "
      "<dir of spak>/../share/spak/patterns, then the source tree it was built from.\n"
      "Examples:\n  spak lift attention.py -o attention.dsl\n  spak lift gemm.cu --format json | jq '.axes[].name'\n"
      "  spak lift --list-patterns");
  cmd->add_option("files", args->files, "kernel source files (.py cuTile, .cu/.cuh/.h CUDA)");
  cmd->add_option("--lang", args->language, "input language: cutile, cuda, any other database language, or auto "
                                            "(by extension, then by content)")
      ->default_val("auto");
  cmd->add_option("--format", args->format, "output format")->check(CLI::IsMember({"dsl", "json"}))->default_val("dsl");
  cmd->add_option("-o,--output", args->output, "write to this file (atomically) instead of stdout");
  cmd->add_option("--patterns", args->patterns, "pattern database directory");
  cmd->add_option("--name", args->name, "system name (default: lifted_<first file's stem>)");
  cmd->add_flag("--list-patterns", args->list_patterns, "list every pattern with what it means, then exit");
  cmd->callback([args, &invocation] { run_lift(*args, invocation); });
}

}  // namespace spak::cli
