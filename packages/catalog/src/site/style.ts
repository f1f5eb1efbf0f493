/**
 * The site's stylesheet, inlined in every page (no external files, works offline and from file://). Links are
 * underlined: the accent blue is told from the text beside it by colour alone at less than 3:1 (WCAG 1.4.1); only
 * the header's and the cards' product names, links standing alone, go without. Text reflows to a 320 px wide
 * window (WCAG 1.4.10): the cards' column shrinks to the window, and a long URL or id breaks rather than widen the
 * page; only a data table, which WCAG exempts, may be wider than the window. The inline elements that hold a
 * document's words (a name, a badge, a tag, an id) are bidi-isolated with their direction taken from their own text,
 * as `<bdi>` is: a right-to-left name, or one ending in a stray U+202E, cannot reorder the badges beside it.
 */
export const SITE_CSS = `
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;--accent:#0969da;--pass:#1a7f37;--warn:#9a6700;--fail:#cf222e;--pii:#fff1e5;--pii-line:#fb8f44}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
a{color:var(--accent);text-decoration:underline;text-underline-offset:2px}
a,span,code,strong{unicode-bidi:plaintext}
header.site{background:#24292f;color:#fff;padding:12px 24px;display:flex;gap:16px;align-items:baseline}
header.site a{color:#fff;font-weight:600;text-decoration:none}header.site a:hover{text-decoration:underline}
header.site .sub{color:#c9d1d9;font-size:13px}
main{max-width:1200px;margin:0 auto;padding:16px 24px 48px;overflow-wrap:anywhere}
h1{font-size:26px;margin:8px 0}h2{font-size:19px;margin:28px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--line)}h3{font-size:15px;margin:18px 0 6px}
.muted{color:var(--muted)}
.badge{display:inline-block;padding:0 8px;border-radius:999px;font-size:12px;line-height:20px;border:1px solid var(--line);background:var(--soft);margin-right:4px;white-space:nowrap}
.q-pass{background:#dafbe1;border-color:#4ac26b;color:var(--pass)}.q-warn{background:#fff8c5;border-color:#d4a72c;color:var(--warn)}
.q-fail,.q-error{background:#ffebe9;border-color:#ff8182;color:var(--fail)}.q-none{color:var(--muted)}
.badge.status{background:#fff8c5;border-color:#d4a72c}
.notice{border:1px solid #d4a72c;background:#fff8c5;border-radius:6px;padding:8px 12px}.notice.status-retired{border-color:#ff8182;background:#ffebe9}
.tag{display:inline-block;font-size:12px;background:#ddf4ff;color:#0550ae;border-radius:4px;padding:0 6px;margin:0 4px 2px 0}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:13px;overflow-wrap:normal}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--soft);font-weight:600}
tr.sensitive td{background:var(--pii)}
.pii{display:inline-block;font-size:11px;font-weight:700;color:#bc4c00;border:1px solid var(--pii-line);border-radius:4px;padding:0 4px;margin-left:4px}
code{font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:1px 4px;border-radius:4px}
.search{width:100%;font-size:16px;padding:10px 12px;border:1px solid var(--line);border-radius:6px;margin:8px 0}
#result-count{margin:4px 0 8px}
ul.products{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(min(340px,100%),1fr));gap:12px}
li.product-card{border:1px solid var(--line);border-radius:8px;padding:12px 14px}
li.product-card .name{font-size:16px;font-weight:600;text-decoration:none}li.product-card .name:hover{text-decoration:underline}
li.product-card p{margin:6px 0}
.cols{font-size:12px;color:var(--muted)}
.grid2{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:0 24px}
.prose{white-space:pre-wrap}
svg.lineage{max-width:100%;height:auto;border:1px solid var(--line);border-radius:8px;background:var(--soft)}
svg.lineage .node rect{fill:#fff;stroke:#8c959f;rx:6}
svg.lineage .node.self rect{fill:#ddf4ff;stroke:var(--accent);stroke-width:2}
svg.lineage .node.external rect{stroke-dasharray:4 3}
svg.lineage .node.not-active rect{fill:#fff8c5;stroke:#d4a72c;stroke-width:2}
svg.lineage .node.not-active[data-status="retired" i] rect{fill:#ffebe9;stroke:#ff8182}
svg.lineage .sublabel .status{font-weight:600;fill:#9a6700}
svg.lineage .label{font:600 13px sans-serif;fill:var(--fg)}
svg.lineage .sublabel{font:11px sans-serif;fill:var(--muted)}
svg.lineage .col-title{font:600 11px sans-serif;fill:var(--muted);text-transform:uppercase}
svg.lineage path.edge{fill:none;stroke:#8c959f;stroke-width:1.5}
details summary{cursor:pointer;margin:6px 0}
footer{color:var(--muted);font-size:12px;margin-top:40px}
@media (max-width:800px){.grid2{grid-template-columns:minmax(0,1fr)}}
`;
