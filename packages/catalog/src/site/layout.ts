import { type SafeHtml, html, trusted } from "./html.js";
import { SITE_CSS } from "./style.js";

/** A whole page: `root` is the relative path from the page to the site root (`""` or `"../"`). */
export function page(options: { title: string; root: string; body: SafeHtml; script?: SafeHtml }): string {
  return `<!DOCTYPE html>\n${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="meshkit">
<title>${options.title}</title>
<style>${trusted(SITE_CSS)}</style>
</head>
<body>
<header class="site"><a href="${options.root}index.html">Data product catalog</a><span class="sub">published with meshkit</span></header>
<main>
${options.body}
</main>
${options.script ?? ""}
</body>
</html>
`}`;
}

export function qualityBadge(status: string | null | undefined): SafeHtml {
  const label = status === "pass" ? "quality: pass" : status === "warn" ? "quality: warnings" : status === "fail" ? "quality: failing" : status === "error" ? "quality: check errors" : "quality: no results";
  return html`<span class="badge q-${status ?? "none"}" data-quality="${status ?? "none"}">${label}</span>`;
}

export function tags(list: readonly string[]): SafeHtml {
  return html`${list.map((t) => html`<span class="tag">${t}</span>`)}`;
}
