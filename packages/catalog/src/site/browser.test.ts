/**
 * The built site in a real browser: Debian's Chromium driven by playwright-core (no browser
 * download). Opens the index from file:// with every network request blocked (the site must work
 * offline), searches, opens a product page, checks the lineage graph and the schema table, and saves
 * screenshots under test-output/catalog/. Without Chromium the test fails and says how to install
 * it: it never skips.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { describe, expect, it } from "vitest";
import { publishProducts } from "../publish.js";
import { searchCatalog } from "../search.js";
import { REPO_ROOT, exampleDocuments, exampleResults, productDocuments, publisher, tempDir } from "../test-support.js";
import { buildSite } from "./build.js";

const CHROMIUM = process.env.MESHKIT_CHROMIUM ?? "/usr/bin/chromium";
const SCREENSHOTS = join(REPO_ROOT, "test-output", "catalog");
const CUSTOMER_360 = "a510d348-3221-4b2c-97a4-629bf6b373c7";

let exampleBuild: Promise<{ catalog: string; site: string }> | undefined;

/** The example products published with their results, and the site built from them (once for the file's tests, which only read it). */
function exampleSite(): Promise<{ catalog: string; site: string }> {
  exampleBuild ??= buildExampleSite();
  return exampleBuild;
}

/** Without Chromium a test fails and says how to install it: it never skips. */
function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: the catalog's browser test needs Debian's chromium. Install it with \`apt-get install -y chromium\` (or \`bash scripts/system-packages.sh\`), or set MESHKIT_CHROMIUM to a Chromium binary.`);
  }
}

async function buildExampleSite(): Promise<{ catalog: string; site: string }> {
  requireChromium();
  const catalog = join(tempDir(), "catalog");
  await publishProducts({ target: `dir:${catalog}`, products: exampleDocuments(), results: exampleResults(), publisher: publisher() });
  const site = join(tempDir(), "site");
  buildSite(catalog, site);
  return { catalog, site };
}

describe("the catalog site in headless Chromium", () => {
  it("searches on the index page, opens a product page with its lineage graph and schema table", async () => {
    const { catalog, site } = await exampleSite();
    mkdirSync(SCREENSHOTS, { recursive: true });

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], headless: true });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const problems: string[] = [];
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(`console error: ${message.text()}`);
      });
      page.on("dialog", (dialog) => {
        problems.push(`dialog: ${dialog.message()}`);
        void dialog.dismiss();
      });
      // Offline: anything but the site's own files is blocked and recorded.
      await page.route("**/*", (route) => {
        const url = route.request().url();
        if (url.startsWith("file:")) return route.continue();
        problems.push(`network request: ${url}`);
        return route.abort();
      });

      await page.goto(pathToFileURL(join(site, "index.html")).href);
      const cards = page.locator("#results li.product-card");
      await expect.poll(() => cards.count()).toBe(4);
      await expect.poll(() => page.locator("#result-count").textContent()).toBe("4 products");

      // Typing filters and ranks the cards in the page, exactly as `meshkit catalog search` does.
      await page.locator("#search").pressSequentially("email", { delay: 20 });
      const expected = searchCatalog(catalog, "email").hits;
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(4);
      await expect.poll(() => cards.evaluateAll((items) => items.map((li) => li.getAttribute("data-id")))).toEqual(expected.map((h) => h.id));
      expect(await page.locator("#result-count").textContent()).toBe(`${expected.length} of 4 products match`);
      expect(await cards.first().locator(".cols").textContent()).toContain("email");
      await page.screenshot({ path: join(SCREENSHOTS, "index-search.png"), fullPage: true });

      await page.locator("#search").fill("nothing matches zzz");
      await expect.poll(() => cards.count()).toBe(0);
      await page.locator("#search").fill("customer 360");
      await expect.poll(() => cards.first().getAttribute("data-id")).toBe(CUSTOMER_360);

      await cards.first().locator("a.name").click();
      await page.waitForURL(/\/products\/a510d348-3221-4b2c-97a4-629bf6b373c7\.html$/);
      expect(await page.locator("#product-name").textContent()).toBe("customer_360");

      const lineage = page.locator("svg.lineage");
      expect(await lineage.isVisible()).toBe(true);
      const box = await lineage.boundingBox();
      expect(box!.width).toBeGreaterThan(400);
      expect(await lineage.locator("g.node.self").textContent()).toContain("customer_360");
      expect(await lineage.locator("g.node.upstream").textContent()).toContain("customer_campaigns");
      expect(await lineage.locator("g.node.external").textContent()).toContain("crm_accounts");
      expect(await lineage.locator("g.node.output").textContent()).toContain("customer_profile");
      expect(await lineage.locator("path.edge").count()).toBe(3);

      const schema = page.locator('table.schema[data-object="customer_profiles"]');
      expect(await schema.isVisible()).toBe(true);
      expect(await schema.locator("tbody tr").count()).toBe(17);
      const email = schema.locator('tr[data-column="email"]');
      expect(await email.getAttribute("class")).toBe("sensitive");
      expect(await email.locator(".pii").textContent()).toBe("PII");
      await page.screenshot({ path: join(SCREENSHOTS, "product-customer_360.png"), fullPage: true });

      // The upstream node links to its product's page.
      await lineage.locator("g.node.upstream").click();
      await page.waitForURL(/\/products\/f3984b68-2c4b-415b-9b2b-91088803152d\.html$/);
      expect(await page.locator("svg.lineage g.node.consumer").textContent()).toContain("customer_360");

      // Markup in documents is shown as text: no element is created from it and no script runs.
      const evil = '<script>alert("x")</script> "><img src=x onerror=alert(1)>';
      const evilCatalog = tempDir();
      const evilDocs = productDocuments({ id: "evil", name: `evil ${evil}`, description: evil, columns: [{ name: "c", description: evil }] });
      Object.assign(evilDocs[0]!.value as object, { status: "retired", version: "latest" });
      await publishProducts({ target: `dir:${evilCatalog}`, products: evilDocs, publisher: publisher() });
      const evilSite = tempDir();
      buildSite(evilCatalog, evilSite);
      await page.goto(pathToFileURL(join(evilSite, "index.html")).href);
      await page.locator("#search").fill("evil");
      expect(await page.locator("#results li.product-card a.name").textContent()).toBe(`evil ${evil}`);
      // The card the search renders says the product is retired, as the card in the HTML does.
      expect(await page.locator("#results li.product-card .badge.status").getAttribute("data-status")).toBe("retired");
      // ...and shows a version that is a word as written (ODPS does not require semver), not as "vlatest".
      expect(await page.locator("#results li.product-card .badge").first().textContent()).toBe("latest");
      await page.locator("#results li.product-card a.name").click();
      await page.waitForURL(/\/products\/evil\.html$/);
      expect(await page.locator("#product-name").textContent()).toBe(`evil ${evil}`);
      expect(await page.locator("#overview").textContent()).toContain(`Purpose. ${evil}`);
      expect(await page.locator('table.schema tr[data-column="c"] td').last().textContent()).toBe(evil);
      expect(await page.locator("main img, main script").count()).toBe(0);

      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
    expect(existsSync(join(SCREENSHOTS, "index-search.png"))).toBe(true);
    expect(existsSync(join(SCREENSHOTS, "product-customer_360.png"))).toBe(true);
  });

  it("tells links from the text beside them without colour (WCAG 1.4.1): links in text and tables are underlined", async () => {
    const { site } = await exampleSite();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], headless: true });
    try {
      const page = await browser.newPage();
      await page.goto(pathToFileURL(join(site, "products", `${CUSTOMER_360}.html`)).href);
      // Run in the page, given as text: this project's TypeScript has no DOM library.
      const decoration = (selector: string) => page.evaluate<string>(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).textDecorationLine`);
      // The breadcrumb beside `/ customer`, an upstream product in the input ports table, a support channel.
      expect(await decoration("nav a")).toBe("underline");
      expect(await decoration("table.inputs a")).toBe("underline");
      expect(await decoration("ul.support a")).toBe("underline");
      // A product in the lineage graph that has a page is underlined, so it is told from a node that links nowhere.
      expect(await decoration("svg.lineage a")).toBe("underline");
    } finally {
      await browser.close();
    }
  });

  it("keeps a name's right-to-left text, or a stray U+202E in it, from reordering the badges beside it", async () => {
    requireChromium();
    const catalog = tempDir();
    const spoof = productDocuments({ id: "spoof", name: "orders\u202E", domain: "sales\u202E" });
    const arabic = productDocuments({ id: "arabic", name: "طلبات المتجر", domain: "مبيعات" });
    await publishProducts({ target: `dir:${catalog}`, products: [...spoof, ...arabic], publisher: publisher() });
    const site = tempDir();
    buildSite(catalog, site);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], headless: true });
    try {
      const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
      // The left edges of the card's name and badges, in the order the HTML has them: name, version, domain, quality.
      const leftEdges = (selector: string) => page.evaluate<number[]>(`Array.from(document.querySelectorAll(${JSON.stringify(selector)})).map((e) => e.getBoundingClientRect().left)`);
      const ascending = (xs: number[]) => xs.every((x, i) => i === 0 || x > xs[i - 1]!);
      await page.goto(pathToFileURL(join(site, "index.html")).href);
      for (const id of ["spoof", "arabic"]) {
        const xs = await leftEdges(`li.product-card[data-id="${id}"] > a.name, li.product-card[data-id="${id}"] > .badge`);
        expect(xs).toHaveLength(4);
        expect(ascending(xs), `${id}: ${xs.join(", ")}`).toBe(true);
      }
      await page.goto(pathToFileURL(join(site, "products", "spoof.html")).href);
      const badges = await leftEdges("h1 + p > .badge");
      expect(badges).toHaveLength(4);
      expect(ascending(badges), badges.join(", ")).toBe(true);
    } finally {
      await browser.close();
    }
  });

  it("keeps a port's name ending in U+202E from reordering the port's tags beside it", async () => {
    requireChromium();
    const catalog = tempDir();
    const [product, ...rest] = productDocuments({ id: "spoofport", name: "orders" });
    // The output port (named as the product) and a management port, each named with a stray RIGHT-TO-LEFT OVERRIDE and tagged.
    const value = product!.value as { outputPorts: Record<string, unknown>[]; managementPorts?: Record<string, unknown>[] };
    value.outputPorts[0] = { ...value.outputPorts[0], name: "orders\u202E", tags: ["gold", "daily", "eu"] };
    value.managementPorts = [{ name: "ops\u202E", content: "discoverability", type: "rest", url: "https://ops.example/orders", tags: ["gold", "daily", "eu"] }];
    await publishProducts({ target: `dir:${catalog}`, products: [product!, ...rest], publisher: publisher() });
    const site = tempDir();
    buildSite(catalog, site);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], headless: true });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 700 } });
      await page.goto(pathToFileURL(join(site, "products", "spoofport.html")).href);
      for (const table of ["table.ports", "table.management"]) {
        // The left edges of the tags, in the order the HTML has them (gold, daily, eu): they stay left to right.
        const xs = await page.evaluate<number[]>(`Array.from(document.querySelectorAll(${JSON.stringify(`${table} tbody tr:first-child td:first-child .tag`)})).map((e) => e.getBoundingClientRect().left)`);
        expect(xs, table).toHaveLength(3);
        expect(xs.every((x, i) => i === 0 || x > xs[i - 1]!), `${table}: ${xs.join(", ")}`).toBe(true);
      }
    } finally {
      await browser.close();
    }
  });

  it("keeps a matching column's name ending in U+202E from reordering the other columns a card names", async () => {
    requireChromium();
    const catalog = tempDir();
    const columns = ["email_home\u202E", "email_work", "email_old"];
    const docs = productDocuments({ id: "spoofcols", name: "contacts", columns: columns.map((name) => ({ name })) });
    await publishProducts({ target: `dir:${catalog}`, products: docs, publisher: publisher() });
    const site = tempDir();
    buildSite(catalog, site);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], headless: true });
    try {
      // One card as wide as the page, so that the "Columns:" line is one line.
      const page = await browser.newPage({ viewport: { width: 700, height: 700 } });
      // The left edge of each column name's letters in the card's "Columns:" line, in the order the line lists them.
      const leftEdges = () =>
        page.evaluate<number[]>(`(() => {
          const line = document.querySelector('li.product-card[data-id="spoofcols"] .cols');
          const texts = [];
          const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node);
          return ${JSON.stringify(columns.map((c) => c.replace("\u202E", "")))}.map((name) => {
            const node = texts.find((t) => t.data.includes(name));
            const range = document.createRange();
            range.setStart(node, node.data.indexOf(name));
            range.setEnd(node, node.data.indexOf(name) + name.length);
            return range.getBoundingClientRect().left;
          });
        })()`);
      for (const url of [`${pathToFileURL(join(site, "index.html")).href}#q=email`]) {
        await page.goto(url);
        await page.locator('li.product-card[data-id="spoofcols"] .cols').waitFor();
        expect(await page.locator('li.product-card[data-id="spoofcols"] .cols').textContent()).toBe(`Columns: ${columns.map((c) => `contacts_rows.${c}`).join(", ")}`);
        const xs = await leftEdges();
        expect(xs.every((x, i) => i === 0 || x > xs[i - 1]!), xs.join(", ")).toBe(true);
      }
    } finally {
      await browser.close();
    }
  });

  it("reflows to a window 320 px wide (WCAG 1.4.10): no text but a data table's is wider than the window", async () => {
    const { site } = await exampleSite();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"], headless: true });
    try {
      const page = await browser.newPage({ viewport: { width: 320, height: 640 } });
      // Elements outside a table that reach past the window's right edge (run in the page, given as text as above).
      const overflowing = () =>
        page.evaluate<string[]>(`Array.from(document.querySelectorAll("main *"))
          .filter((e) => e.closest("table") === null && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
          .map((e) => e.tagName.toLowerCase() + ": " + (e.textContent || "").slice(0, 40))`);
      await page.goto(pathToFileURL(join(site, "index.html")).href);
      expect(await overflowing()).toEqual([]);
      expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(320);
      // The support channels' long URLs break instead of widening the owners' column.
      await page.goto(pathToFileURL(join(site, "products", `${CUSTOMER_360}.html`)).href);
      expect(await overflowing()).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
