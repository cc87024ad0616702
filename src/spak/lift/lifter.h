#pragma once
// The lifter: runs a language's patterns over kernel sources and collects design axes, tuning axes, facts and
// invariants, each citing the lines it came from. Static and pattern-based: nothing is compiled or run.

#include <string>
#include <vector>

#include "spak/lift/lift_result.h"
#include "spak/lift/pattern_db.h"
#include "spak/lift/source.h"

namespace spak::lift {

/// Runs every pattern of `language` over `source` and adds what matched to `result`. `file_index` orders
/// citations across several input files.
void lift_source(const SourceFile& source, const Language& language, int file_index, LiftResult& result);

/// Reads each of `paths`, picks its language (`language` = a database language name, or "auto" to detect it
/// per file), lifts it, and returns the merged, ordered result. Throws spak::Error for an unreadable or binary
/// file, an unknown language, or a file whose language cannot be detected.
LiftResult lift_files(const std::vector<std::string>& paths, const PatternDb& db, const std::string& language);

/// The default system name for a lift of `paths`: "lifted_" + the first file's stem as an identifier.
std::string system_name_for(const std::vector<std::string>& paths);

/// Converts captured source text to a JSON value: integers and floats to numbers, True/true/False/false to
/// booleans, a quoted string to its contents, anything else to the text itself.
nlohmann::json literal_value(std::string_view text);

}  // namespace spak::lift
