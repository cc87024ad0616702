#pragma once
// Runs a cluster tool (sbatch, squeue, sacct, ssh, scp) to completion and captures what it printed. Arguments are
// passed as they are, without a shell in between.

#include <string>
#include <vector>

namespace spak::cluster {

/// How a tool run ended.
struct ProgramOutput {
  int exit_code = -1;     ///< 128+N when a signal N ended it, 127 when it could not be started
  std::string out, err;
  bool ok() const { return exit_code == 0; }
};

/// Runs argv[0] (found on PATH) with stdin from /dev/null. Throws spak::Error only when no process can be made.
ProgramOutput run_program(const std::vector<std::string>& argv);

/// The first non-empty line of the tool's stderr (else stdout), for error messages.
std::string first_line(const ProgramOutput& output);

}  // namespace spak::cluster
