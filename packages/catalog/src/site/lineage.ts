/**
 * The lineage graph of a product page, as inline SVG with a fixed layout (no script, no library):
 *
 *   upstream (input ports)  →  this product  →  output datasets (output ports)  →  consumers
 *
 * Columns left to right, nodes in each column in the order given (callers sort them) and centred
 * vertically; edges are cubic curves from the right edge of one node to the left edge of the next.
 * The same input always gives the same SVG. Labels longer than a node are cut with an ellipsis;
 * the full text is in the node's <title> (a tooltip), all of it escaped.
 */
import { type SafeHtml, html, trusted } from "./html.js";

export interface LineageNode {
  /** Unique within the graph. */
  key: string;
  label: string;
  sublabel: string;
  /** A link (relative URL) for nodes that have a page. */
  href?: string;
  kind: "upstream" | "external" | "self" | "output" | "consumer";
  /**
   * A linked product's status when it is not `active` (deprecated, retired, draft): drawn on its node, as the
   * page's tables badge it, so the graph does not show an input that is going away as a sound one.
   */
  status?: string;
}

export interface LineageGraph {
  upstream: LineageNode[];
  self: LineageNode;
  outputs: LineageNode[];
  consumers: LineageNode[];
  edges: { from: string; to: string }[];
}

const NODE_W = 210;
const NODE_H = 46;
const GAP_Y = 14;
const COL_GAP = 70;
const PAD = 16;
const TITLE_H = 22;
const MAX_LABEL = 27;
const MAX_SUBLABEL = 34;
/** A status of the document's own words is cut shorter: the domain and version still fit beside it. */
const STATUS_MAX = 14;

export function lineageSvg(graph: LineageGraph, title: string): SafeHtml {
  const columns: { title: string; nodes: LineageNode[] }[] = [
    { title: "Upstream", nodes: graph.upstream },
    { title: "Product", nodes: [graph.self] },
    { title: "Output datasets", nodes: graph.outputs },
    { title: "Consumers", nodes: graph.consumers },
  ].filter((c) => c.nodes.length > 0);
  const rows = Math.max(...columns.map((c) => c.nodes.length));
  const innerH = rows * NODE_H + (rows - 1) * GAP_Y;
  const width = PAD * 2 + columns.length * NODE_W + (columns.length - 1) * COL_GAP;
  const height = PAD * 2 + TITLE_H + innerH;
  const positions = new Map<string, { x: number; y: number }>();
  columns.forEach((column, ci) => {
    const x = PAD + ci * (NODE_W + COL_GAP);
    const colH = column.nodes.length * NODE_H + (column.nodes.length - 1) * GAP_Y;
    const top = PAD + TITLE_H + (innerH - colH) / 2;
    column.nodes.forEach((node, ni) => positions.set(node.key, { x, y: top + ni * (NODE_H + GAP_Y) }));
  });
  const edges = graph.edges
    .map(({ from, to }) => {
      const a = positions.get(from);
      const b = positions.get(to);
      if (!a || !b) return "";
      const x1 = a.x + NODE_W;
      const y1 = a.y + NODE_H / 2;
      const x2 = b.x - 6;
      const y2 = b.y + NODE_H / 2;
      const mid = (x1 + x2) / 2;
      return html`<path class="edge" d="M${n(x1)} ${n(y1)} C${n(mid)} ${n(y1)} ${n(mid)} ${n(y2)} ${n(x2)} ${n(y2)}" marker-end="url(#arrow)" data-from="${from}" data-to="${to}"/>`;
    })
    .filter((e) => e !== "");
  const titles = columns.map((column, ci) => html`<text class="col-title" x="${n(PAD + ci * (NODE_W + COL_GAP))}" y="${n(PAD + 12)}">${column.title}</text>`);
  const nodes = columns.flatMap((column) => column.nodes.map((node) => nodeSvg(node, positions.get(node.key)!)));
  // An image's content is presentational (ARIA `img`): links to other products' pages inside one are hidden from a
  // screen reader while Tab still stops on them. A graph with links is a labelled group, so they are read as links.
  const role = columns.some((column) => column.nodes.some((node) => node.href !== undefined)) ? "group" : "img";
  return html`<svg class="lineage" xmlns="http://www.w3.org/2000/svg" role="${role}" aria-label="${title}" width="${n(width)}" height="${n(height)}" viewBox="0 0 ${n(width)} ${n(height)}">
<title>${title}</title>
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0 0L10 5L0 10z" fill="#8c959f"/></marker></defs>
${titles}
${edges}
${nodes}
</svg>`;
}

function nodeSvg(node: LineageNode, at: { x: number; y: number }): SafeHtml {
  const kind = node.kind === "self" ? "self" : node.kind === "external" ? "external" : node.kind;
  const status = node.status?.trim() ?? "";
  const statusClass = status === "" ? "" : " not-active";
  const statusData = status === "" ? "" : html` data-status="${status}"`;
  const tooltip = `${node.label}${status ? ` (${status})` : ""}${node.sublabel ? ` — ${node.sublabel}` : ""}`;
  // The status first, on the sublabel's line: a long label cannot hide it, and the rest is cut to what is left.
  const shownStatus = cut(status, STATUS_MAX);
  const sublabel = status === ""
    ? cut(node.sublabel, MAX_SUBLABEL)
    : html`<tspan class="status">${shownStatus}</tspan>${node.sublabel ? ` · ${cut(node.sublabel, MAX_SUBLABEL - Array.from(shownStatus).length - 3)}` : ""}`;
  const body = html`<g class="node ${kind}${statusClass}" data-key="${node.key}"${statusData} transform="translate(${n(at.x)} ${n(at.y)})"><title>${tooltip}</title><rect width="${n(NODE_W)}" height="${n(NODE_H)}" rx="6"/><text class="label" x="10" y="19">${cut(node.label, MAX_LABEL)}</text><text class="sublabel" x="10" y="36">${sublabel}</text></g>`;
  return node.href ? html`<a href="${node.href}">${body}</a>\n` : html`${body}${trusted("\n")}`;
}

function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** Coordinates without float noise: integers or one decimal. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}
