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

describe("the catalog site in headless Chromium", () => {
  it("searches on the index page, opens a product page with its lineage graph and schema table", async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}: the catalog's browser test needs Debian's chromium. Install it with \`apt-get install -y chromium\` (or \`bash scripts/system-packages.sh\`), or set MESHKIT_CHROMIUM to a Chromium binary.`);
    }
    const catalog = join(tempDir(), "catalog");
    await publishProducts({ target: `dir:${catalog}`, products: exampleDocuments(), results: exampleResults(), publisher: publisher() });
    const site = join(tempDir(), "site");
    buildSite(catalog, site);
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
});
