/**
 * How a message names a choice its user makes: by the CLI's flags, unless the caller is an action, whose user
 * writes a workflow and has no flags to pass; it gives the names of its inputs instead (`inputOptionNames` of
 * @meshkit/github). One table, so that every stage says "the base input" as the others say "the server input".
 */
export const CLI_OPTION_NAMES = {
  base: "--base",
  config: "-c (--config)",
  data: "--data",
  params: "--params",
  policies: "--policies",
  server: "--server",
  target: "--target",
} as const;

export type OptionName = keyof typeof CLI_OPTION_NAMES;

/** How the caller's user names some of the options (`OptionNames<"server" | "data">`), for messages. */
export type OptionNames<K extends OptionName = OptionName> = { readonly [P in K]: string };
