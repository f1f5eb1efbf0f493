/**
 * Why `pattern` is no ECMA-262 regular expression (the syntax ODCS gives patterns), or undefined when it is
 * one. JavaScript's RegExp is an ECMA-262 engine: what it refuses, no implementation of the standard reads.
 * A pattern the engines of `meshkit test` cannot run (a lookahead) is valid here: that is the test's finding.
 */
export function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
