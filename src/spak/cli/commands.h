#pragma once
// Every `spak` subcommand registers itself through one function declared here and defined in its own file
// (src/spak/cli/<name>.cpp). main.cpp only dispatches.
//
// A subcommand's callback reports its exit status by assigning `invocation.exit_code` (0 = success, 1 = the
// checked thing failed, 2 = bad usage or input). Errors a user must act on are thrown as spak::Error.

#include <CLI/CLI.hpp>

namespace spak::cli {

/// Shared state of one `spak` invocation.
struct Invocation {
  int exit_code = 0;
};

// One declaration per subcommand, in the order `spak --help` lists them. Add yours here and in main.cpp.
void add_check_command(CLI::App& app, Invocation& invocation);
void add_fmt_command(CLI::App& app, Invocation& invocation);
void add_export_command(CLI::App& app, Invocation& invocation);
void add_show_command(CLI::App& app, Invocation& invocation);
void add_lift_command(CLI::App& app, Invocation& invocation);
void add_tune_command(CLI::App& app, Invocation& invocation);
void add_trace_command(CLI::App& app, Invocation& invocation);
void add_recommend_command(CLI::App& app, Invocation& invocation);
void add_diff_command(CLI::App& app, Invocation& invocation);
void add_compound_command(CLI::App& app, Invocation& invocation);
void add_report_command(CLI::App& app, Invocation& invocation);
void add_run_command(CLI::App& app, Invocation& invocation);
void add_serve_command(CLI::App& app, Invocation& invocation);
void add_bundle_command(CLI::App& app, Invocation& invocation);
void add_run_bundle_command(CLI::App& app, Invocation& invocation);

}  // namespace spak::cli
