/** The regular expression semver.org gives for a semver 2.0.0 version: no `v`, no spaces, no leading zeros, numbers of any size. */
export const SEMVER_2_0_0 =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** Whether `text` is exactly a semver 2.0.0 version, as the specification's grammar writes one. */
export function isSemverText(text: unknown): text is string {
  return typeof text === "string" && SEMVER_2_0_0.test(text);
}
