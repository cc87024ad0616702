// The `spak` command line: builds the CLI11 app from the subcommands in commands.h and dispatches.

#include <cstdio>
#include <exception>

#include <fmt/format.h>

#include "spak/cli/commands.h"
#include "spak/util/error.h"

int main(int argc, char** argv) {
  CLI::App app{"spak — semiformal DSL, engineering loop and compound knowledge for performance work"};
  app.set_version_flag("--version", std::string("spak ") + SPAK_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  spak::cli::Invocation invocation;
  // Subcommands register here, in --help order.
  spak::cli::add_check_command(app, invocation);
  spak::cli::add_fmt_command(app, invocation);
  spak::cli::add_export_command(app, invocation);
  spak::cli::add_show_command(app, invocation);
  spak::cli::add_lift_command(app, invocation);
  spak::cli::add_tune_command(app, invocation);
  spak::cli::add_trace_command(app, invocation);
  spak::cli::add_recommend_command(app, invocation);
  spak::cli::add_diff_command(app, invocation);
  spak::cli::add_compound_command(app, invocation);
  spak::cli::add_report_command(app, invocation);
  spak::cli::add_run_command(app, invocation);
  spak::cli::add_serve_command(app, invocation);
  spak::cli::add_bundle_command(app, invocation);
  spak::cli::add_run_bundle_command(app, invocation);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // CLI11 prints the message; every usage error (unknown option, missing file, bad value) exits 2 like
    // any other bad input, while --help and --version exit 0.
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const spak::Error& e) {
    fmt::print(stderr, "spak: error: {}\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "spak: internal error: {}\n", e.what());
    return 3;
  }
  return invocation.exit_code;
}
