import { contractPattern } from "@meshkit/core";

/**
 * Why `pattern` is no ECMA-262 regular expression (the syntax ODCS gives patterns), or undefined when it is
 * one. JavaScript's RegExp is an ECMA-262 engine: what it refuses, no implementation of the standard reads.
 * A pattern the engines of `meshkit test` cannot run (a lookahead) is valid here: see unrunnablePatternProblem.
 */
export function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Why meshkit test refuses a valid ECMA-262 `pattern` (as core's contractPattern, which it runs patterns
 * with, reads it): an empty one, which makes no value invalid, or one using what its engines (RE2, PostgreSQL,
 * Java) cannot run, such as a lookahead. Lint says so before data is read; undefined when the test runs it.
 */
export function unrunnablePatternProblem(pattern: string): string | undefined {
  if (regexProblem(pattern) !== undefined) return undefined;
  const read = contractPattern(pattern);
  return "problem" in read ? read.problem : undefined;
}
