#pragma once
// The expression language in one include: values, contexts, expressions and statements (DSL.md §4).
// Used for `constraints`, rule `when`/`recommend`/`apply`, invariant `assert`s and `--set` values.
//
//   spak::expr::Expression     parse once (throws ExprError with a column), evaluate many times
//   spak::expr::Statement      `x = expr` and `select axis = expr`
//   spak::expr::Context        named values, optionally chained to a parent
//   spak::expr::Value          null | bool | int64 | double | string | list | map
//   spak::expr::is_expression  cheap check that tells expressions from natural-language advice
//   spak::expr::parse_value_text  typed `--set name=value` values

#include "spak/expr/context.h"
#include "spak/expr/error.h"
#include "spak/expr/expression.h"
#include "spak/expr/statement.h"
#include "spak/expr/value.h"
