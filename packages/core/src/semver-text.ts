/** The regular expression semver.org gives for a semver 2.0.0 version: no `v`, no spaces, no leading zeros, numbers of any size. */
export const SEMVER_2_0_0 =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Whether `text` is exactly a semver 2.0.0 version, as the specification's grammar writes one. */
export function isSemverText(text: unknown): text is string {
  return typeof text === "string" && SEMVER_2_0_0.test(text);
}

/** Whether `text` is a semver 2.0.0 pre-release (`2.0.0-rc.1`): it promises nothing (semver §9), so it is never "the latest" over a release. */
export function isPreReleaseText(text: unknown): boolean {
  return typeof text === "string" && SEMVER_2_0_0.exec(text)?.[4] !== undefined;
}

/**
 * Semver 2.0.0 precedence (§11) of two versions `isSemverText` accepts, numbers of any size compared
 * exactly: major, minor, patch numerically; a pre-release before its release; pre-release identifiers
 * one by one (numeric ones numerically and before alphanumeric ones, those in ASCII order; a shorter
 * list first when equal so far); build metadata ignored. Negative, zero or positive, as sort expects.
 */
export function compareSemverText(a: string, b: string): number {
  const [ma, mb] = [SEMVER_2_0_0.exec(a), SEMVER_2_0_0.exec(b)];
  if (!ma || !mb) throw new Error(`not semver 2.0.0: ${ma ? b : a}`);
  for (let i = 1; i <= 3; i++) {
    const order = compareNumeric(ma[i]!, mb[i]!);
    if (order !== 0) return order;
  }
  const [pa, pb] = [ma[4], mb[4]];
  if (pa === undefined || pb === undefined) return pa === pb ? 0 : pa === undefined ? 1 : -1;
  const [ia, ib] = [pa.split("."), pb.split(".")];
  for (let i = 0; i < Math.min(ia.length, ib.length); i++) {
    const [x, y] = [ia[i]!, ib[i]!];
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    const order = nx && ny ? compareNumeric(x, y) : nx ? -1 : ny ? 1 : x < y ? -1 : x > y ? 1 : 0;
    if (order !== 0) return order;
  }
  return Math.sign(ia.length - ib.length);
}

/** Two decimal numbers without leading zeros, of any length. */
function compareNumeric(a: string, b: string): number {
  return a.length !== b.length ? Math.sign(a.length - b.length) : a < b ? -1 : a > b ? 1 : 0;
}
