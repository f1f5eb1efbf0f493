#!/usr/bin/env node
/**
 * Generates the sample data of every example data product, and the fixture set with deliberate defects.
 *
 *   node examples/generate-data.mjs                 write every file (as of the default anchor)
 *   node examples/generate-data.mjs --as-of ISO     write every file with timestamps relative to ISO
 *   node examples/generate-data.mjs --check         regenerate in memory; exit 1 if a committed file differs
 *
 * Plain Node (>= 18), no dependencies. Deterministic: one seeded PRNG (mulberry32) per product, no
 * clock, no locale-dependent formatting or sorting, so the same anchor always gives the same bytes.
 *
 * Files written (and owned: another .csv or .json file in these folders is removed, or reported by --check):
 *   examples/domains/<domain>/<product>/data/<object>.csv    clean data: passes every contract check
 *   examples/fixtures/defects/<product>/<object>.csv         the same data with counted defects
 *   examples/fixtures/defects/expected.json                  the checks `meshkit test` must fail on them
 *
 * Every timestamp is an offset from the anchor, so each latency SLA holds at the anchor and every
 * retention SLA too. The data is consistent with the contracts (types, keys, patterns, valid values,
 * row counts, the SQL rules) and across tables and products: consents and campaign contacts belong
 * to the customers of customer_360, a contact is only made with a granted consent, a profile's
 * last_campaign_id is the last campaign that contacted it, balances roll forward and balance out.
 * All people, companies, phone numbers and IBANs are made up; emails use the reserved .example TLD.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

/** The fixed "now" of the committed data; also in examples/README.md. */
export const DEFAULT_ANCHOR = "2026-06-30T06:00:00Z";

/** One fixed seed per product (a different seed gives different but equally valid data). */
const SEEDS = { customer_360: 360_001, customer_campaigns: 410_002, inventory_snapshot: 530_003, quarterly_ledger: 100_004, defects: 999_005 };

const EXAMPLES = dirname(fileURLToPath(import.meta.url));
const DEFECTS_DIR = "fixtures/defects";

const PRODUCT_DIRS = {
  customer_360: "domains/customer/customer_360",
  customer_campaigns: "domains/marketing/customer_campaigns",
  inventory_snapshot: "domains/supply_chain/inventory_snapshot",
  quarterly_ledger: "domains/finance/quarterly_ledger",
};

/** Columns of every object, in the contract's order. */
const COLUMNS = {
  customer_profiles: [
    "customer_id", "full_name", "email", "phone_number", "date_of_birth", "street_address", "postal_code", "city", "country_code",
    "customer_since", "loyalty_tier", "preferred_channel", "order_count", "lifetime_value_eur", "last_campaign_id", "campaign_conversions_90d", "updated_at",
  ],
  customer_consents: ["customer_id", "consent_purpose", "consent_status", "legal_basis", "captured_channel", "captured_at", "withdrawn_at", "source_system"],
  campaigns: ["campaign_id", "campaign_name", "channel", "objective", "campaign_status", "target_segment", "start_date", "end_date", "budget_eur", "created_at", "updated_at"],
  campaign_contacts: [
    "campaign_id", "customer_id", "email", "first_name", "phone_number", "country_code", "consent_status", "sent_at", "opened_at", "clicked_at", "converted", "conversion_value_eur",
  ],
  inventory_positions: [
    "snapshot_date", "warehouse_code", "sku", "product_name", "product_category", "on_hand_qty", "reserved_qty", "available_qty", "in_transit_qty",
    "reorder_point", "unit_cost_eur", "stock_value_eur", "days_of_cover", "snapshot_taken_at",
  ],
  warehouses: ["warehouse_code", "warehouse_name", "warehouse_type", "country_code", "city", "timezone", "capacity_pallets", "is_active", "opened_on", "updated_at"],
  ledger_entries: [
    "entry_id", "posting_date", "fiscal_year", "fiscal_quarter", "account_code", "account_name", "cost_center", "debit_eur", "credit_eur", "currency_code",
    "amount_original", "counterparty_name", "counterparty_iban", "document_reference", "posted_by", "posted_at",
  ],
  quarterly_account_balances: [
    "fiscal_year", "fiscal_quarter", "account_code", "account_name", "account_type", "opening_balance_eur", "total_debit_eur", "total_credit_eur",
    "closing_balance_eur", "entry_count", "is_closed", "closed_at", "computed_at",
  ],
};

// ---------------------------------------------------------------------------------------------
// Deterministic helpers
// ---------------------------------------------------------------------------------------------

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** mulberry32: a tiny 32-bit PRNG, the same sequence on every platform. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  /** Integer in [min, max]. */
  int(min, max) {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p) {
    return this.next() < p;
  }
  pick(items) {
    return items[Math.floor(this.next() * items.length)];
  }
  /** `[[value, weight], ...]` */
  weighted(entries) {
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [value, weight] of entries) {
      r -= weight;
      if (r < 0) return value;
    }
    return entries[entries.length - 1][0];
  }
  shuffle(items) {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy;
  }
  sample(items, n) {
    return this.shuffle(items).slice(0, n);
  }
  digits(n) {
    let s = "";
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
}

const iso = (ms) => new Date(ms).toISOString();
/** `YYYY-MM-DD HH:MM:SS` (UTC): DuckDB reads it as a TIMESTAMP. */
const ts = (ms) => iso(ms).slice(0, 19).replace("T", " ");
const dateText = (ms) => iso(ms).slice(0, 10);
const dayStart = (ms) => Math.floor(ms / DAY) * DAY;
const utcDate = (y, m, d) => Date.UTC(y, m - 1, d);
const yearOf = (ms) => new Date(ms).getUTCFullYear();
const quarterOf = (ms) => Math.floor(new Date(ms).getUTCMonth() / 3) + 1;
const quarterStart = (year, q) => utcDate(year, (q - 1) * 3 + 1, 1);
const previousQuarter = ({ year, q }) => (q === 1 ? { year: year - 1, q: 4 } : { year, q: q - 1 });
const min = (...values) => Math.min(...values);
const max = (...values) => Math.max(...values);

/** A time of day (UTC) between `fromHour` and `toHour`, in whole seconds. */
const timeOfDay = (r, fromHour, toHour) => r.int(fromHour * 3600, toHour * 3600 - 1) * SECOND;

/** Integer cents as a decimal text, exactly (no float rounding). */
function money(cents) {
  const abs = Math.abs(cents);
  return `${cents < 0 ? "-" : ""}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Fixed-point integer with `decimals` decimals as text. */
function fixed(units, decimals) {
  const scale = 10 ** decimals;
  const abs = Math.abs(units);
  return `${units < 0 ? "-" : ""}${Math.floor(abs / scale)}.${String(abs % scale).padStart(decimals, "0")}`;
}

/** Code-point order: never localeCompare, whose order depends on the machine's ICU data. */
const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** ASCII lower-case slug of a name for an email address: "Lucía de Vries" → "luciadevries". */
function slug(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z]/g, "");
}

/**
 * CSV text. `null`/`undefined` is an unquoted empty field (DuckDB reads NULL); the empty string is a
 * quoted `""` (read as '', not NULL); fields with a comma, quote or line break are quoted.
 */
function toCsv(columns, rows) {
  const field = (value) => {
    if (value === null || value === undefined) return "";
    const text = String(value);
    if (text === "" || /[",\r\n]/.test(text) || text !== text.trim()) return `"${text.replaceAll('"', '""')}"`;
    return text;
  };
  const lines = [columns.join(","), ...rows.map((row) => columns.map((c) => field(row[c])).join(","))];
  return `${lines.join("\n")}\n`;
}

function assert(condition, message) {
  if (!condition) throw new Error(`generate-data: ${message}`);
}

// ---------------------------------------------------------------------------------------------
// Reference data (made up, or public place names)
// ---------------------------------------------------------------------------------------------

const COUNTRY_CODES = ["DE", "FR", "NL", "BE", "AT", "ES", "IT"];

const PEOPLE = {
  DE: {
    first: ["Anna", "Lukas", "Mia", "Jonas", "Clara", "Felix", "Hannah", "Leon", "Lea", "Paul", "Marie", "Finn"],
    last: ["Schmidt", "Müller", "Wagner", "Becker", "Hofmann", "Fischer", "Weber", "Schulz", "Koch", "Richter", "Neumann", "Krüger"],
    phone: (r) => `+49${r.pick(["151", "152", "157", "160", "170", "176"])}${r.digits(8)}`,
    cities: [
      ["Berlin", ["10115", "10405", "10997"], ["Torstraße", "Kastanienallee", "Oranienstraße", "Bergmannstraße"]],
      ["Hamburg", ["20095", "20357", "22767"], ["Mönckebergstraße", "Schanzenstraße", "Ottenser Hauptstraße"]],
      ["München", ["80331", "80469", "80799"], ["Sendlinger Straße", "Fraunhoferstraße", "Türkenstraße"]],
      ["Köln", ["50667", "50674", "50823"], ["Hohe Straße", "Ehrenstraße", "Venloer Straße"]],
      ["Frankfurt am Main", ["60313", "60594"], ["Zeil", "Schweizer Straße", "Berger Straße"]],
      ["Stuttgart", ["70173", "70178"], ["Königstraße", "Tübinger Straße"]],
    ],
  },
  FR: {
    first: ["Sophie", "Hugo", "Chloé", "Louis", "Inès", "Jules", "Camille", "Léa", "Arthur", "Manon"],
    last: ["Dubois", "Martin", "Bernard", "Petit", "Laurent", "Moreau", "Lefèvre", "Roux", "Fournier", "Girard"],
    // ARCEP keeps 06 39 98 xx xx for fiction.
    phone: (r) => `+33639980${r.digits(3)}`,
    cities: [
      ["Paris", ["75011", "75003", "75018"], ["Boulevard Voltaire", "Rue de Bretagne", "Rue Lepic"]],
      ["Lyon", ["69002", "69001"], ["Rue de la République", "Rue Mercière"]],
      ["Bordeaux", ["33000"], ["Cours de l'Intendance", "Rue Sainte-Catherine"]],
      ["Lille", ["59000"], ["Rue Faidherbe", "Rue de Béthune"]],
      ["Nantes", ["44000"], ["Rue Crébillon", "Rue Kervégan"]],
    ],
  },
  NL: {
    first: ["Emma", "Daan", "Sanne", "Lars", "Julia", "Sem", "Fleur", "Bram"],
    last: ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder"],
    phone: (r) => `+316${r.digits(8)}`,
    cities: [
      ["Amsterdam", ["1015 CJ", "1017 DA", "1072 LH"], ["Prinsengracht", "Utrechtsestraat", "Ferdinand Bolstraat"]],
      ["Rotterdam", ["3011 AD", "3012 CL"], ["Hoogstraat", "Witte de Withstraat"]],
      ["Utrecht", ["3511 AB", "3512 JE"], ["Oudegracht", "Nobelstraat"]],
      ["Eindhoven", ["5611 EB"], ["Stratumseind", "Kleine Berg"]],
    ],
  },
  BE: {
    first: ["Lotte", "Noah", "Elise", "Ruben", "Louise", "Arne", "Nina", "Wout"],
    last: ["Peeters", "Wouters", "Claes", "Maes", "Jacobs", "Mertens", "Willems", "Goossens"],
    phone: (r) => `+324${r.pick(["70", "72", "75", "80", "85", "86"])}${r.digits(6)}`,
    cities: [
      ["Antwerpen", ["2000", "2018"], ["Meir", "Kammenstraat"]],
      ["Gent", ["9000"], ["Veldstraat", "Vrijdagmarkt"]],
      ["Brussel", ["1000", "1050"], ["Rue Neuve", "Chaussée d'Ixelles"]],
      ["Leuven", ["3000"], ["Bondgenotenlaan", "Naamsestraat"]],
    ],
  },
  AT: {
    first: ["Lena", "Tobias", "Laura", "Maximilian", "Sarah", "David", "Julia", "Florian"],
    last: ["Gruber", "Huber", "Bauer", "Pichler", "Steiner", "Moser", "Mayer", "Hofer"],
    phone: (r) => `+43${r.pick(["664", "676", "699"])}${r.digits(7)}`,
    cities: [
      ["Wien", ["1070", "1010"], ["Neubaugasse", "Kärntner Straße"]],
      ["Graz", ["8010"], ["Herrengasse", "Sporgasse"]],
      ["Linz", ["4020"], ["Landstraße", "Herrenstraße"]],
    ],
  },
  ES: {
    first: ["Lucía", "Pablo", "Javier", "Marta", "Sofía", "Daniel", "Carmen", "Alejandro"],
    last: ["García", "Fernández", "López", "Navarro", "Martínez", "Sánchez", "Romero", "Torres"],
    phone: (r) => `+346${r.digits(8)}`,
    cities: [
      ["Madrid", ["28013", "28004"], ["Calle Mayor", "Calle de Fuencarral"]],
      ["Valencia", ["46002"], ["Carrer de Colón", "Carrer de la Pau"]],
      ["Sevilla", ["41004"], ["Calle Sierpes", "Calle Feria"]],
      ["Barcelona", ["08002", "08010"], ["Carrer de Ferran", "Carrer de Girona"]],
    ],
  },
  IT: {
    first: ["Giulia", "Marco", "Sara", "Alessandro", "Francesca", "Matteo", "Chiara", "Lorenzo"],
    last: ["Rossi", "Bianchi", "Moretti", "Ricci", "Romano", "Colombo", "Greco", "Conti"],
    phone: (r) => `+393${r.pick(["20", "33", "38", "39", "47"])}${r.digits(7)}`,
    cities: [
      ["Milano", ["20121", "20144"], ["Via Brera", "Corso di Porta Ticinese"]],
      ["Torino", ["10123"], ["Via Roma", "Via Garibaldi"]],
      ["Bologna", ["40121"], ["Via dell'Indipendenza", "Via Santo Stefano"]],
      ["Firenze", ["50123"], ["Via de' Tornabuoni", "Borgo San Lorenzo"]],
    ],
  },
};

const MAIL_DOMAINS = ["mailbox.example", "webmail.example", "post.example"];

/** Where each consent channel is recorded. */
const SOURCE_SYSTEM = { web: "webshop", app: "mobile_app", store: "pos", call_center: "crm" };

// ---------------------------------------------------------------------------------------------
// customer_360 (part 1): the customers and their consents
// ---------------------------------------------------------------------------------------------

const CUSTOMER_COUNT = 40;

function generateCustomers(anchor) {
  const r = new Rng(SEEDS.customer_360);
  // 40 customers: 10 DE, 7 FR, 6 NL, 5 BE, 4 AT, 4 ES, 4 IT, in a shuffled order.
  const countries = r.shuffle(COUNTRY_CODES.flatMap((c, i) => Array([10, 7, 6, 5, 4, 4, 4][i]).fill(c)));
  assert(countries.length === CUSTOMER_COUNT, "customer count");
  const usedNames = new Set();
  const usedEmails = new Set();
  const customers = countries.map((country, i) => {
    const people = PEOPLE[country];
    let first;
    let last;
    do {
      first = r.pick(people.first);
      last = r.pick(people.last);
    } while (usedNames.has(`${first} ${last}`));
    usedNames.add(`${first} ${last}`);
    let email = `${slug(first)}.${slug(last)}@${r.pick(MAIL_DOMAINS)}`;
    for (let n = 2; usedEmails.has(email); n++) email = email.replace(/\d*@/, `${n}@`);
    usedEmails.add(email);
    const [city, postcodes, streets] = r.pick(people.cities);
    const sinceDays = r.int(60, 3400);
    const since = dayStart(anchor) - sinceDays * DAY;
    const channel = r.weighted([["email", 45], ["sms", 20], ["push", 25], ["none", 10]]);
    // Customers must be adults, and the contract caps date_of_birth at 2008-12-31.
    const born = min(dayStart(anchor) - r.int(19 * 365, 80 * 365) * DAY, utcDate(2008, 12, 31));
    const orders = sinceDays < 120 ? r.int(0, 3) : r.int(1, 60);
    const basket = r.int(2500, 9000);
    return {
      customer_id: `CUS-${1048210 + 137 * i}`,
      first,
      last,
      full_name: `${first} ${last}`,
      email,
      phone_number: people.phone(r),
      date_of_birth: dateText(born),
      street_address: country === "FR" || (country === "BE" && r.chance(0.5)) ? `${r.int(1, 120)} ${r.pick(streets)}` : `${r.pick(streets)} ${r.int(1, 240)}`,
      postal_code: r.pick(postcodes),
      city,
      country_code: country,
      sinceMs: since,
      customer_since: dateText(since),
      loyalty_tier: r.weighted([["bronze", 50], ["silver", 25], ["gold", 15], ["platinum", 10]]),
      preferred_channel: channel,
      orders,
      valueCents: orders * basket,
      // The last change to the profile: a nightly recompute for active customers, older for the others.
      updatedMs: r.chance(0.35) ? anchor - r.int(40 * 60, 20 * 3600) * SECOND : max(since + DAY + r.int(0, 86_399) * SECOND, anchor - r.int(1, 400) * DAY - r.int(0, 86_399) * SECOND),
    };
  });
  // 8 of 40 (20 %) gave no phone number (never those who prefer SMS); 4 no date of birth.
  for (const c of r.sample(customers.filter((c) => c.preferred_channel !== "sms"), 8)) c.phone_number = null;
  for (const c of r.sample(customers, 4)) c.date_of_birth = null;
  // The newest profile change is inside the 24 h latency.
  customers[0].updatedMs = anchor - 95 * MINUTE;

  const consents = [];
  for (const c of customers) {
    const purposes = [];
    if (r.chance(0.55)) purposes.push("marketing_email");
    if (c.phone_number && r.chance(0.3)) purposes.push("marketing_sms");
    if (r.chance(0.3)) purposes.push("profiling");
    if (r.chance(0.12)) purposes.push("third_party_sharing");
    for (const purpose of purposes) {
      const channel = r.weighted([["web", 35], ["app", 25], ["store", 20], ["call_center", 20]]);
      // Captured on a day since the customer joined, in the day (06:00-22:00 UTC).
      const captured = c.sinceMs + r.int(0, Math.floor((anchor - 2 * DAY - c.sinceMs) / DAY)) * DAY + timeOfDay(r, 6, 22);
      const withdrawn = r.chance(0.15) ? captured + r.int(1, Math.max(1, Math.floor((anchor - HOUR - captured) / MINUTE))) * MINUTE : null;
      consents.push({
        customer_id: c.customer_id,
        consent_purpose: purpose,
        consent_status: withdrawn === null ? "granted" : "withdrawn",
        legal_basis: purpose === "profiling" && r.chance(0.6) ? "legitimate_interest" : "consent",
        captured_channel: channel,
        capturedMs: captured,
        withdrawnMs: withdrawn,
        source_system: SOURCE_SYSTEM[channel],
      });
    }
  }
  // The newest consent, captured in the app 23 minutes before the anchor: inside the 1 h latency.
  const late = customers[5];
  const existing = consents.find((k) => k.customer_id === late.customer_id && k.consent_purpose === "marketing_email");
  const fresh = { customer_id: late.customer_id, consent_purpose: "marketing_email", consent_status: "granted", legal_basis: "consent", captured_channel: "app", capturedMs: anchor - 23 * MINUTE, withdrawnMs: null, source_system: "mobile_app" };
  if (existing) Object.assign(existing, fresh);
  else consents.push(fresh);
  // At least one withdrawn consent, so withdrawn_at has values to infer its type from.
  if (!consents.some((k) => k.withdrawnMs !== null)) {
    const k = consents.find((k) => k !== fresh && k.customer_id !== late.customer_id);
    k.withdrawnMs = k.capturedMs + 30 * DAY;
    k.consent_status = "withdrawn";
  }
  const purposeOrder = ["marketing_email", "marketing_sms", "profiling", "third_party_sharing"];
  consents.sort((a, b) => byText(a.customer_id, b.customer_id) || purposeOrder.indexOf(a.consent_purpose) - purposeOrder.indexOf(b.consent_purpose));
  assert(consents.length > 20 && consents.length <= 60, `customer_consents has ${consents.length} rows`);
  return { customers, consents };
}

/** Whether the customer had a granted consent for `purpose` at `at`. */
function consentedAt(consents, customerId, purpose, at) {
  return consents.some((k) => k.customer_id === customerId && k.consent_purpose === purpose && k.capturedMs <= at - HOUR && (k.withdrawnMs === null || k.withdrawnMs > at));
}

// ---------------------------------------------------------------------------------------------
// customer_campaigns (marketing): campaigns and the contacts they made
// ---------------------------------------------------------------------------------------------

/**
 * [name, channel, objective, segment, month, day, years before the anchor's year, days live, budget
 * from, budget to, when]. `when`: done (the latest such date that ended before the anchor), always (an
 * always-on campaign, no end date), now (running at the anchor), next (planned after it), cancelled.
 */
const CAMPAIGN_PLAN = [
  ["Spring garden sale", "email", "acquisition", "all_opted_in", 3, 11, 1, 14, 3000, 6000, "done"],
  ["Welcome series", "email", "acquisition", "new_customers_30d", 3, 18, 1, null, 12000, 20000, "always"],
  ["Easter household deals", "email", "cross_sell", "household_buyers", 3, 25, 1, 7, 3000, 5000, "done"],
  ["Loyalty double points", "push", "retention", "loyalty_members", 4, 15, 1, 28, 6000, 9000, "done"],
  ["Win back lapsed shoppers", "email", "winback", "lapsed_180d", 5, 6, 1, 10, 15000, 28000, "done"],
  ["Summer electronics", "paid_social", "acquisition", "lookalike_top_buyers", 6, 3, 1, 21, 4000, 6000, "done"],
  ["Flash sale SMS", "sms", "retention", "sms_opted_in", 7, 5, 1, 3, 15000, 22000, "done"],
  ["Back to school", "email", "cross_sell", "families", 8, 19, 1, 14, 9000, 14000, "done"],
  ["Autumn apparel", "paid_social", "acquisition", "young_adults", 9, 16, 1, 21, 2000, 4000, "done"],
  ["Garden clearance", "push", "cross_sell", "garden_buyers", 10, 7, 1, 10, 3000, 5000, "done"],
  ["Black Friday early access", "email", "retention", "loyalty_gold_plus", 11, 24, 1, 4, 3000, 5000, "done"],
  ["Cyber Monday", "push", "retention", "app_users", 12, 1, 1, 1, 6000, 9000, "done"],
  ["Holiday gift guide", "email", "cross_sell", "all_opted_in", 12, 4, 1, 18, 2500, 4000, "done"],
  ["Birthday voucher", "email", "retention", "birthday_this_month", 1, 1, 0, null, 6000, 9000, "always"],
  ["January clearance", "sms", "winback", "lapsed_90d", 1, 6, 0, 12, 15000, 20000, "done"],
  ["Store opening Utrecht", "sms", "acquisition", "geo_utrecht", 2, 2, 0, 7, 10000, 14000, "cancelled"],
  ["Valentine's picks", "paid_social", "acquisition", "lookalike_top_buyers", 2, 3, 0, 11, 2000, 4000, "done"],
  ["Abandoned basket reminder", "email", "retention", "basket_abandoners", 2, 16, 0, null, 15000, 22000, "always"],
  ["Price drop alert", "push", "retention", "wishlist_users", 3, 9, 0, 14, 3000, 4500, "done"],
  ["Loyalty tier upgrade", "email", "retention", "near_next_tier", 4, 1, 0, 30, 30000, 42000, "done"],
  ["Win back app users", "push", "winback", "app_lapsed_90d", 4, 21, 0, 10, 7000, 9000, "done"],
  ["Father's Day gifts", "email", "cross_sell", "all_opted_in", 6, 1, 0, 13, 20000, 28000, "done"],
  ["Mid-year sale SMS", "sms", "retention", "sms_opted_in", 6, 22, 0, 14, 2500, 4000, "now"],
  ["Autumn preview", "email", "acquisition", "all_opted_in", 9, 1, 0, 21, 15000, 21000, "next"],
];

const CONTACT_COUNT = 40;

/** A start date for a campaign of the plan, in the anchor's calendar (so seasonal names fit any anchor). */
function campaignStart(today, [month, day, yearsBack, days, when]) {
  const at = (year) => utcDate(year, month, day);
  const year = yearOf(today);
  let start = at(year - yearsBack);
  const length = ((days ?? 1) - 1) * DAY;
  if (when === "next") {
    start = at(year);
    while (start <= today + 14 * DAY) start = at(yearOf(start) + 1);
  } else if (when === "now") {
    start = at(year);
    while (start > today - 3 * DAY) start = at(yearOf(start) - 1);
  } else {
    // done, cancelled: over (or called off) before the anchor; always: started at least a month before it.
    while (start + length >= today - 2 * DAY || (when === "always" && start > today - 30 * DAY)) start = at(yearOf(start) - 1);
  }
  return start;
}

function generateCampaigns(anchor, world) {
  const r = new Rng(SEEDS.customer_campaigns);
  const today = dayStart(anchor);
  const planned = CAMPAIGN_PLAN.map(([name, channel, objective, segment, month, day, yearsBack, days, budgetFrom, budgetTo, when]) => {
    const start = campaignStart(today, [month, day, yearsBack, days, when]);
    return { name, channel, objective, segment, days, budgetFrom, budgetTo, when, start };
  });
  planned.sort((a, b) => a.start - b.start || byText(a.name, b.name));
  const seqByYear = new Map();
  const campaigns = planned.map(({ name, channel, objective, segment, days, budgetFrom, budgetTo, when, start }) => {
    const end = days === null ? null : start + (days - 1) * DAY;
    const year = yearOf(start);
    const seq = (seqByYear.get(year) ?? 0) + r.int(2, 9);
    seqByYear.set(year, seq);
    const created = min(start - r.int(10, 35) * DAY, today - r.int(3, 9) * DAY) + timeOfDay(r, 8, 17);
    let status;
    let updated;
    if (when === "cancelled") {
      status = "cancelled";
      updated = start - 2 * DAY + timeOfDay(r, 9, 17);
    } else if (start > today) {
      status = "planned";
      updated = created + r.int(1, Math.max(1, Math.floor((today - created) / DAY) - 1)) * DAY;
    } else if (end === null || end >= today) {
      status = "running";
      updated = today + 12 * MINUTE - (anchor - today > 12 * MINUTE ? 0 : DAY); // the nightly sync, 00:12 UTC
    } else {
      status = "completed";
      updated = end + DAY + 6 * HOUR + 12 * MINUTE;
    }
    return {
      campaign_id: `CMP-${String(year % 100).padStart(2, "0")}${String(seq).padStart(4, "0")}`,
      campaign_name: name,
      channel,
      objective,
      campaign_status: status,
      target_segment: segment,
      startMs: start,
      endMs: end,
      start_date: dateText(start),
      end_date: end === null ? null : dateText(end),
      budget_eur: money(r.int(budgetFrom / 25, budgetTo / 25) * 2500),
      created_at: ts(created),
      updated_at: ts(updated),
    };
  });

  // Contacts: email and push need a granted marketing_email consent at send time, SMS a marketing_sms one.
  const byId = new Map(world.customers.map((c) => [c.customer_id, c]));
  const purposeOf = (channel) => (channel === "sms" ? "marketing_sms" : "marketing_email");
  const contactable = campaigns.filter((c) => c.channel !== "paid_social" && (c.campaign_status === "completed" || c.campaign_status === "running"));
  const windowOf = (c) => ({ from: c.startMs + 6 * HOUR, to: min(c.endMs === null ? anchor : c.endMs + 20 * HOUR, anchor - 3 * HOUR) });
  const contacts = [];
  const taken = new Set();
  const addContact = (campaign, customer, sent) => {
    taken.add(`${campaign.campaign_id}|${customer.customer_id}`);
    const opened = r.chance(0.5) ? sent + r.int(4, 20 * 60) * MINUTE : null;
    const clicked = opened !== null && r.chance(0.5) ? opened + r.int(1, 40) * MINUTE : null;
    const converted = clicked !== null && r.chance(0.55);
    const capture = web(customer);
    contacts.push({
      campaign_id: campaign.campaign_id,
      customer_id: customer.customer_id,
      email: campaign.channel === "sms" ? null : customer.email,
      first_name: customer.first,
      phone_number: campaign.channel === "sms" ? customer.phone_number : null,
      country_code: customer.country_code,
      consent_status: capture ? "double_opted_in" : "opted_in",
      sentMs: sent,
      openedMs: opened !== null && opened < anchor - 5 * MINUTE ? opened : null,
      clickedMs: clicked !== null && clicked < anchor - 5 * MINUTE && opened < anchor - 5 * MINUTE ? clicked : null,
      converted,
      valueCents: converted ? r.int(1800, 26000) : 0,
    });
  };
  // Web sign-ups confirmed their address (double opt-in); the other channels are single opt-in.
  const web = (customer) => world.consents.some((k) => k.customer_id === customer.customer_id && k.consent_purpose === "marketing_email" && k.captured_channel === "web");
  // The newest contact: an always-on email 72 minutes before the anchor, inside the 4 h latency.
  const alwaysOn = campaigns.find((c) => c.campaign_name === "Abandoned basket reminder");
  const lastSend = anchor - 72 * MINUTE;
  const lastCustomer = world.customers.find((c) => consentedAt(world.consents, c.customer_id, "marketing_email", lastSend));
  assert(lastCustomer !== undefined, "no customer to contact last");
  addContact(alwaysOn, lastCustomer, lastSend);
  let smsContacts = 0;
  for (let attempt = 0; contacts.length < CONTACT_COUNT && attempt < 5000; attempt++) {
    const campaign = r.pick(contactable);
    if (campaign.channel === "sms" && smsContacts >= 10) continue; // SMS contacts have no email: keep them well under 40 %
    const { from, to } = windowOf(campaign);
    if (to <= from) continue;
    // Sent in the day (06:00-20:00 UTC), on a day of the campaign.
    const sent = dayStart(from) + r.int(0, Math.floor((to - dayStart(from)) / DAY)) * DAY + timeOfDay(r, 6, 20);
    if (sent < from || sent > to) continue;
    const candidates = world.customers.filter((c) => !taken.has(`${campaign.campaign_id}|${c.customer_id}`) && consentedAt(world.consents, c.customer_id, purposeOf(campaign.channel), sent) && (campaign.channel !== "sms" || c.phone_number));
    if (candidates.length === 0) continue;
    addContact(campaign, r.pick(candidates), sent);
    if (campaign.channel === "sms") smsContacts++;
  }
  assert(contacts.length === CONTACT_COUNT, `only ${contacts.length} campaign contacts`);
  contacts.sort((a, b) => a.sentMs - b.sentMs || byText(a.customer_id, b.customer_id));
  assert(contacts.filter((c) => c.email === null).length * 100 <= 40 * contacts.length, "too many contacts without email");
  assert(campaigns.filter((c) => c.end_date === null).length * 100 < 20 * campaigns.length, "too many open-ended campaigns");
  for (const c of contacts) assert(byId.has(c.customer_id), "contact of an unknown customer");
  return { campaigns, contacts };
}

function campaignRows(campaigns) {
  return campaigns.map(({ startMs: _start, endMs: _end, ...row }) => row);
}

function contactRows(contacts) {
  return contacts.map((c) => ({
    campaign_id: c.campaign_id,
    customer_id: c.customer_id,
    email: c.email,
    first_name: c.first_name,
    phone_number: c.phone_number,
    country_code: c.country_code,
    consent_status: c.consent_status,
    sent_at: ts(c.sentMs),
    opened_at: c.openedMs === null ? null : ts(c.openedMs),
    clicked_at: c.clickedMs === null ? null : ts(c.clickedMs),
    converted: c.converted ? "true" : "false",
    conversion_value_eur: money(c.valueCents),
  }));
}

// ---------------------------------------------------------------------------------------------
// customer_360 (part 2): profiles, enriched with the campaign contacts
// ---------------------------------------------------------------------------------------------

function profileRows(anchor, world, marketing) {
  return world.customers.map((c) => {
    const mine = marketing.contacts.filter((k) => k.customer_id === c.customer_id);
    const last = mine.reduce((a, b) => (a === null || b.sentMs > a.sentMs ? b : a), null);
    const conversions = mine.filter((k) => k.converted);
    const recent = conversions.filter((k) => k.sentMs >= anchor - 90 * DAY).length;
    // A contact or a conversion changes the profile: it is at least as new as the last contact.
    const updated = last === null ? c.updatedMs : min(max(c.updatedMs, last.sentMs + 50 * MINUTE), anchor - 7 * MINUTE);
    return {
      customer_id: c.customer_id,
      full_name: c.full_name,
      email: c.email,
      phone_number: c.phone_number,
      date_of_birth: c.date_of_birth,
      street_address: c.street_address,
      postal_code: c.postal_code,
      city: c.city,
      country_code: c.country_code,
      customer_since: c.customer_since,
      loyalty_tier: c.loyalty_tier,
      preferred_channel: c.preferred_channel,
      order_count: c.orders + conversions.length,
      lifetime_value_eur: money(c.valueCents + conversions.reduce((sum, k) => sum + k.valueCents, 0)),
      last_campaign_id: last === null ? null : last.campaign_id,
      campaign_conversions_90d: recent,
      updated_at: ts(updated),
    };
  });
}

function consentRows(consents) {
  return consents.map((k) => ({
    customer_id: k.customer_id,
    consent_purpose: k.consent_purpose,
    consent_status: k.consent_status,
    legal_basis: k.legal_basis,
    captured_channel: k.captured_channel,
    captured_at: ts(k.capturedMs),
    withdrawn_at: k.withdrawnMs === null ? null : ts(k.withdrawnMs),
    source_system: k.source_system,
  }));
}

// ---------------------------------------------------------------------------------------------
// inventory_snapshot (supply chain): warehouses and two daily snapshots
// ---------------------------------------------------------------------------------------------

/** [code, city, country, timezone, type]; the distribution centres first (the snapshot covers four of them). */
const WAREHOUSES = [
  ["WH-BER-01", "Berlin", "DE", "Europe/Berlin", "distribution_center"],
  ["WH-FRA-01", "Frankfurt am Main", "DE", "Europe/Berlin", "distribution_center"],
  ["WH-AMS-01", "Amsterdam", "NL", "Europe/Amsterdam", "distribution_center"],
  ["WH-BRU-01", "Brussel", "BE", "Europe/Brussels", "distribution_center"],
  ["WH-BCN-01", "Barcelona", "ES", "Europe/Madrid", "distribution_center"],
  ["WH-HAM-02", "Hamburg", "DE", "Europe/Berlin", "store"],
  ["WH-MUC-02", "München", "DE", "Europe/Berlin", "store"],
  ["WH-CGN-02", "Köln", "DE", "Europe/Berlin", "store"],
  ["WH-PAR-02", "Paris", "FR", "Europe/Paris", "store"],
  ["WH-LYS-02", "Lyon", "FR", "Europe/Paris", "store"],
  ["WH-LIL-02", "Lille", "FR", "Europe/Paris", "store"],
  ["WH-RTM-02", "Rotterdam", "NL", "Europe/Amsterdam", "store"],
  ["WH-UTC-02", "Utrecht", "NL", "Europe/Amsterdam", "store"],
  ["WH-ANR-02", "Antwerpen", "BE", "Europe/Brussels", "store"],
  ["WH-VIE-02", "Wien", "AT", "Europe/Vienna", "store"],
  ["WH-GRZ-02", "Graz", "AT", "Europe/Vienna", "store"],
  ["WH-MAD-02", "Madrid", "ES", "Europe/Madrid", "store"],
  ["WH-MIL-02", "Milano", "IT", "Europe/Rome", "store"],
  ["WH-TRN-02", "Torino", "IT", "Europe/Rome", "store"],
  ["WH-BLQ-02", "Bologna", "IT", "Europe/Rome", "store"],
];

/** [sku, name, category, unit cost in 1/10000 EUR, daily demand range] */
const PRODUCTS = [
  ["SKU-100231", "Organic oat drink 1 l", "grocery", 8858, [120, 260]],
  ["SKU-204518", "Laundry detergent 2.5 l", "household", 42988, [40, 110]],
  ["SKU-310077", "Wireless earbuds", "electronics", 219235, [15, 70]],
  ["SKU-415902", "Men's rain jacket", "apparel", 271247, [10, 60]],
  ["SKU-520346", "Garden hose 25 m", "garden", 96512, [8, 45]],
];

const SNAPSHOT_WAREHOUSES = ["WH-BER-01", "WH-FRA-01", "WH-AMS-01", "WH-BRU-01"];
/** (warehouse, sku) without demand history, so without days_of_cover: 2 pairs × 2 snapshots = 4 of 40 rows (10 %). */
const NO_DEMAND_HISTORY = ["WH-AMS-01|SKU-520346", "WH-BRU-01|SKU-310077"];

function generateInventory(anchor) {
  const r = new Rng(SEEDS.inventory_snapshot);
  const warehouses = WAREHOUSES.map(([code, city, country, timezone, type]) => ({
    warehouse_code: code,
    warehouse_name: `${city} ${type === "store" ? "store stock room" : "distribution centre"}`,
    warehouse_type: type,
    country_code: country,
    city,
    timezone,
    capacity_pallets: type === "store" ? r.int(120, 900) : r.int(18, 32) * 1000,
    // Lille's store closed; closed warehouses keep their history.
    is_active: code === "WH-LIL-02" ? "false" : "true",
    opened_on: dateText(dayStart(anchor) - r.int(400, 6500) * DAY),
    updated_at: ts(anchor - r.int(2, 200) * DAY - r.int(0, 86_399) * SECOND),
  }));
  // Two snapshots: the business days before the anchor. Each is extracted from the ERP after midnight
  // UTC (the 23:00 local cut-off plus the ERP's end-of-day run), about 4 hours before the anchor for the
  // newest one: inside the 6 h latency.
  const newestDay = dayStart(anchor - DAY);
  const extractedAt = anchor - 4 * HOUR - 25 * MINUTE;
  const positions = [];
  const state = new Map();
  for (const [d, day] of [newestDay - DAY, newestDay].entries()) {
    for (const wh of SNAPSHOT_WAREHOUSES) {
      for (const [sku, name, category, cost, [demandFrom, demandTo]] of PRODUCTS) {
        const key = `${wh}|${sku}`;
        const previous = state.get(key);
        const demand = r.int(demandFrom, demandTo);
        const onHand = previous === undefined ? r.int(8, 60) * demand : max(0, previous.onHand - demand + (r.chance(0.3) ? r.int(2, 8) * 60 : 0));
        const reserved = min(onHand, r.int(0, Math.ceil(demand * 1.5)));
        const available = onHand - reserved;
        const unitCost = previous === undefined ? cost + r.int(-300, 300) : previous.unitCost + r.int(-20, 20);
        state.set(key, { onHand, unitCost });
        const noHistory = NO_DEMAND_HISTORY.includes(key);
        positions.push({
          snapshot_date: dateText(day),
          warehouse_code: wh,
          sku,
          product_name: name,
          product_category: category,
          on_hand_qty: onHand,
          reserved_qty: reserved,
          available_qty: available,
          in_transit_qty: r.pick([0, 0, 120, 240, 480]),
          reorder_point: r.pick([50, 200, 400]),
          unit_cost_eur: fixed(unitCost, 4),
          // on_hand × unit cost (1/10000 EUR) in cents, rounded half up.
          stock_value_eur: money(Math.round((onHand * unitCost) / 100)),
          days_of_cover: noHistory ? null : fixed(Math.round((available * 10) / demand), 1),
          snapshot_taken_at: ts(extractedAt - (1 - d) * DAY - r.int(0, 50) * MINUTE - r.int(0, 59) * SECOND),
        });
      }
    }
  }
  return { warehouses, positions };
}

// ---------------------------------------------------------------------------------------------
// quarterly_ledger (finance): ledger lines and the trial balance of two quarters
// ---------------------------------------------------------------------------------------------

/** [code, name, type] of the chart of accounts. */
const ACCOUNTS = [
  ["1200", "Bank", "asset"],
  ["1400", "Trade receivables", "asset"],
  ["1600", "Inventory", "asset"],
  ["2900", "Retained earnings", "equity"],
  ["3300", "Trade payables", "liability"],
  ["3800", "VAT payable", "liability"],
  ["4000", "Revenue goods", "revenue"],
  ["4400", "Revenue services", "revenue"],
  ["5000", "Cost of goods sold", "expense"],
  ["6000", "Salaries", "expense"],
  ["6300", "Rent", "expense"],
  ["6800", "Marketing", "expense"],
];
const ACCOUNT_NAME = new Map(ACCOUNTS.map(([code, name]) => [code, name]));

/** Made-up suppliers: [name, cost centre, expense account, currency, IBAN country]. */
const SUPPLIERS = [
  ["Nordkorn Mühlen GmbH", "CC-530", "5000", "EUR", "DE"],
  ["Clean&Co Distribution BV", "CC-530", "5000", "EUR", "NL"],
  ["Panorama Media SA", "CC-410", "6800", "EUR", "FR"],
  ["Brightside Print Ltd", "CC-410", "6800", "GBP", "DE"],
  ["Alpenblick Outdoor AG", "CC-530", "5000", "CHF", "DE"],
  ["Vistula Garden Sp. z o.o.", "CC-530", "5000", "PLN", "DE"],
  ["Harbor Gadgets Inc.", "CC-530", "5000", "USD", "NL"],
];
const LANDLORD = ["Immobilien Hanse KG", "CC-100", "6300", "EUR", "DE"];
/** Units of the currency per EUR (fixed sample rates). */
const RATES = { EUR: 1, GBP: 0.85, CHF: 0.94, PLN: 4.27, USD: 1.08 };
const ACCOUNTANTS = ["ldupont", "dchen", "fkrause", "msilva"];

/** An IBAN with valid ISO 13616 check digits and a made-up bank and account. */
function iban(r, country) {
  const bban = { DE: () => r.digits(18), NL: () => `ZZXB${r.digits(10)}`, FR: () => r.digits(23), BE: () => r.digits(12) }[country]();
  const numeric = `${bban}${country}00`.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
  const check = 98n - (BigInt(numeric) % 97n);
  return `${country}${String(check).padStart(2, "0")}${bban}`;
}

function generateLedger(anchor) {
  const r = new Rng(SEEDS.quarterly_ledger);
  const current = { year: yearOf(anchor), q: quarterOf(anchor) };
  const previous = previousQuarter(current);
  const currentStart = quarterStart(current.year, current.q);
  const previousStart = quarterStart(previous.year, previous.q);

  // -- ledger lines: 18 transactions of two lines each, from the start of the previous quarter.
  const suppliers = SUPPLIERS.map(([name, cc, account, currency, ibanCountry]) => ({ name, cc, account, currency, iban: iban(r, ibanCountry) }));
  const landlord = { name: LANDLORD[0], cc: LANDLORD[1], account: LANDLORD[2], currency: LANDLORD[3], iban: iban(r, LANDLORD[4]) };
  // One sole trader: a person's name, hence the restricted classification of counterparty_name.
  const soleTrader = { name: `${r.pick(PEOPLE.FR.first)} ${r.pick(PEOPLE.FR.last)} (Photographe)`, cc: "CC-410", account: "6800", currency: "EUR", iban: iban(r, "FR") };
  const kinds = ["invoice", "invoice", "invoice", "payment", "sale", "sale", "receipt", "rent", "salaries", "adjustment"];
  // The newest posting is 14 h 22 min before the anchor: inside the 1 d latency.
  const lastPosting = anchor - 14 * HOUR - 22 * MINUTE;
  const span = Math.floor((dayStart(lastPosting) - previousStart) / DAY);
  const days = [...new Set(Array.from({ length: 17 }, () => r.int(1, span - 1)))].sort((a, b) => a - b);
  const postings = [...days.map((d) => previousStart + d * DAY + r.int(8 * 3600, 18 * 3600) * SECOND), lastPosting];
  const entries = [];
  const seqByYear = new Map();
  const docSeq = () => r.int(10000, 99999);
  postings.forEach((posted, i) => {
    const kind = i === 0 ? "rent" : i === postings.length - 1 ? "invoice" : r.pick(kinds);
    const year = yearOf(posted);
    const by = r.pick(ACCOUNTANTS);
    const line = (account, cc, debit, credit, currency, counterparty, withIban, doc) => {
      const seq = (seqByYear.get(year) ?? 0) + 1;
      seqByYear.set(year, seq);
      const eur = debit > 0 ? debit : -credit;
      const original = Math.round(eur * RATES[currency]);
      entries.push({
        entry_id: `JE-${year}-${String(seq).padStart(6, "0")}`,
        posting_date: dateText(posted),
        fiscal_year: year,
        fiscal_quarter: quarterOf(posted),
        account_code: account,
        account_name: ACCOUNT_NAME.get(account),
        cost_center: cc,
        debit_eur: money(debit),
        credit_eur: money(credit),
        currency_code: currency,
        amount_original: money(original),
        counterparty_name: counterparty ? counterparty.name : null,
        counterparty_iban: counterparty && withIban ? counterparty.iban : null,
        document_reference: doc,
        posted_by: by,
        posted_at: ts(posted),
      });
    };
    const pair = (debitAccount, creditAccount, cc, cents, currency, counterparty, ibanOn, prefix) => {
      const doc = `${prefix}-${year}-${docSeq()}`;
      line(debitAccount, cc, cents, 0, currency, counterparty, ibanOn === "debit", doc);
      line(creditAccount, cc, 0, cents, currency, counterparty, ibanOn === "credit", doc);
    };
    if (kind === "invoice") {
      const s = r.chance(0.15) ? soleTrader : r.pick(suppliers);
      pair(s.account, "3300", s.cc, r.int(150_000, 2_000_000), s.currency, s, null, "INV");
    } else if (kind === "payment") {
      const s = r.pick(suppliers.filter((x) => x.currency === "EUR"));
      pair("3300", "1200", s.cc, r.int(500_000, 2_500_000), "EUR", s, "credit", "PAY");
    } else if (kind === "rent") {
      pair("6300", "1200", "CC-100", r.int(1_700_000, 2_500_000), "EUR", landlord, "credit", "PAY");
    } else if (kind === "salaries") {
      pair("6000", "1200", "CC-100", r.int(7_000_000, 8_600_000), "EUR", null, null, "PAY");
    } else if (kind === "sale") {
      pair("1400", r.chance(0.7) ? "4000" : "4400", "CC-220", r.int(800_000, 6_600_000), "EUR", null, null, "SIN");
    } else if (kind === "receipt") {
      pair("1200", "1400", "CC-220", r.int(2_000_000, 5_000_000), "EUR", null, null, "BNK");
    } else {
      pair("1600", "5000", "CC-530", r.int(100_000, 500_000), "EUR", null, null, "ADJ");
    }
  });

  // -- trial balance: every account, the previous (closed) and the current (open) quarter.
  // Balances are debit-positive; the openings and each quarter's debits and credits balance to zero.
  const sign = { asset: 1, expense: 1, liability: -1, equity: -1, revenue: -1 };
  const balances = [];
  let openings = new Map();
  for (const [code, , type] of ACCOUNTS) {
    if (type === "asset" || type === "liability") openings.set(code, sign[type] * r.int(30_000_000, 60_000_000));
    else if (type === "revenue" || type === "expense") openings.set(code, previous.q === 1 ? 0 : sign[type] * r.int(20_000_000, 140_000_000));
  }
  openings.set("2900", -[...openings.values()].reduce((a, b) => a + b, 0));
  const closedAt = min(currentStart + 14 * DAY + 17 * HOUR + 32 * MINUTE + 10 * SECOND, anchor - 2 * HOUR);
  for (const [quarter, closed] of [[previous, true], [current, false]]) {
    const moves = new Map();
    for (const [code, , type] of ACCOUNTS) {
      if (code === "1200" || code === "2900") continue;
      const big = r.int(20_000_000, 110_000_000);
      const small = r.int(20_000, 2_500_000);
      if (type === "revenue") moves.set(code, [small, big * 2]);
      else if (type === "expense") moves.set(code, [big, small]);
      else moves.set(code, [r.int(15_000_000, 90_000_000), r.int(15_000_000, 90_000_000)]);
    }
    const debits = [...moves.values()].reduce((a, [d]) => a + d, 0);
    const credits = [...moves.values()].reduce((a, [, c]) => a + c, 0);
    const bankDebit = r.int(200_000_000, 350_000_000) + max(0, credits - debits);
    moves.set("1200", [bankDebit, bankDebit + debits - credits]);
    moves.set("2900", [0, 0]);
    const computed = closed ? closedAt - 2 * MINUTE - 8 * SECOND : anchor - 2 * HOUR - 45 * MINUTE;
    const next = new Map();
    for (const [code, name, type] of ACCOUNTS) {
      const [debit, credit] = moves.get(code);
      const opening = openings.get(code);
      const closing = opening + debit - credit;
      next.set(code, closing);
      balances.push({
        fiscal_year: quarter.year,
        fiscal_quarter: quarter.q,
        account_code: code,
        account_name: name,
        account_type: type,
        opening_balance_eur: money(opening),
        total_debit_eur: money(debit),
        total_credit_eur: money(credit),
        closing_balance_eur: money(closing),
        entry_count: debit + credit === 0 ? 0 : r.int(400, 9000),
        is_closed: closed ? "true" : "false",
        closed_at: closed ? ts(closedAt) : null,
        computed_at: ts(computed),
      });
    }
    assert([...next.values()].reduce((a, b) => a + b, 0) === 0, "the trial balance does not balance");
    openings = next;
  }
  return { entries, balances };
}

// ---------------------------------------------------------------------------------------------
// The clean example data
// ---------------------------------------------------------------------------------------------

function generateClean(anchor) {
  const world = generateCustomers(anchor);
  const marketing = generateCampaigns(anchor, world);
  const inventory = generateInventory(anchor);
  const ledger = generateLedger(anchor);
  return {
    customer_360: { customer_profiles: profileRows(anchor, world, marketing), customer_consents: consentRows(world.consents) },
    customer_campaigns: { campaigns: campaignRows(marketing.campaigns), campaign_contacts: contactRows(marketing.contacts) },
    inventory_snapshot: { inventory_positions: inventory.positions, warehouses: inventory.warehouses },
    quarterly_ledger: { ledger_entries: ledger.entries, quarterly_account_balances: ledger.balances },
  };
}

// ---------------------------------------------------------------------------------------------
// The defects fixture set
// ---------------------------------------------------------------------------------------------

/**
 * Picks rows for defects: each row gets at most one defect, so every count below is exact.
 * `take(predicate)` returns a random row index that matches and was not taken yet.
 */
function rowPicker(rows, r) {
  const used = new Set();
  return (predicate = () => true) => {
    const candidates = rows.map((row, i) => i).filter((i) => !used.has(i) && predicate(rows[i]));
    assert(candidates.length > 0, "no row left for a defect");
    const i = r.pick(candidates);
    used.add(i);
    return i;
  };
}

const clone = (rows) => rows.map((row) => ({ ...row }));

/**
 * Each defect: what was done to which rows, and the check(s) it makes fail with the exact count.
 * `fails`: [check id, rule, object, property | null, failedRows | null, measured].
 */
function defectsCustomer360(anchor, clean, r) {
  const profiles = clone(clean.customer_profiles);
  const consents = clone(clean.customer_consents);
  const defects = [];
  const add = (object, description, rows, fails) => defects.push({ object, description, rows, fails });
  const P = "customer_profiles";
  const C = "customer_consents";
  const take = rowPicker(profiles, r);
  const id = (i) => profiles[i].customer_id;

  let a = take();
  let b = take();
  profiles[a].full_name = null;
  profiles[b].full_name = null;
  add(P, "full_name emptied (NULL) on 2 profiles", [id(a), id(b)], [[`${P}.full_name.required`, "schema-required", P, "full_name", 2, 2]]);

  a = take();
  b = take();
  const original = id(a);
  profiles[a].customer_id = profiles[b].customer_id;
  add(P, `customer_id of ${original} overwritten with ${id(b)}: one repeated key`, [original, id(b)], [
    [`${P}.customer_id.unique`, "schema-unique", P, "customer_id", 1, 1],
    [`${P}.customer_id.primaryKey`, "schema-primary-key", P, "customer_id", 1, 1],
    [`${P}.customer_id.duplicateValues`, "quality-duplicate-values", P, "customer_id", 1, 1],
  ]);

  a = take();
  b = take();
  profiles[a].email = profiles[b].email;
  add(P, `email of ${id(a)} set to the email of ${id(b)}`, [id(a), id(b)], [
    [`${P}.email.unique`, "schema-unique", P, "email", 1, 1],
    [`${P}.email.email_unique`, "quality-duplicate-values", P, "email", 1, 1],
  ]);

  a = take();
  profiles[a].email = profiles[a].email.replace("@", ".at.");
  add(P, `email without an @ (${profiles[a].email})`, [id(a)], [[`${P}.email.format`, "schema-format", P, "email", 1, 1]]);

  a = take((p) => p.phone_number !== null);
  profiles[a].phone_number = `00${profiles[a].phone_number.slice(1, 3)} ${profiles[a].phone_number.slice(3)}`;
  add(P, `phone number not in E.164 (${profiles[a].phone_number})`, [id(a)], [[`${P}.phone_number.pattern`, "schema-pattern", P, "phone_number", 1, 1]]);

  a = take();
  profiles[a].date_of_birth = dateText(dayStart(anchor) - (16 * 365 + 40) * DAY);
  add(P, `date_of_birth of a minor (${profiles[a].date_of_birth}), after the maximum 2008-12-31`, [id(a)], [[`${P}.date_of_birth.maximum`, "schema-range", P, "date_of_birth", 1, 1]]);

  a = take();
  profiles[a].postal_code = `${profiles[a].country_code}-${profiles[a].postal_code} ${profiles[a].city.toUpperCase()}`.slice(0, 20);
  assert(profiles[a].postal_code.length > 10, "postal code defect is not too long");
  add(P, `postal_code longer than 10 characters (${profiles[a].postal_code})`, [id(a)], [[`${P}.postal_code.maxLength`, "schema-length", P, "postal_code", 1, 1]]);

  a = take();
  profiles[a].loyalty_tier = "diamond";
  add(P, "loyalty_tier 'diamond', not a valid value", [id(a)], [[`${P}.loyalty_tier.invalidValues`, "quality-invalid-values", P, "loyalty_tier", 1, 1]]);

  a = take();
  profiles[a].order_count = -3;
  add(P, "order_count -3, below the minimum 0", [id(a)], [[`${P}.order_count.minimum`, "schema-range", P, "order_count", 1, 1]]);

  // Stale: no profile changed in the last 36 h (the nightly load stopped). The newest updated_at is
  // exactly 36 h before the anchor; every later one moves back to before it.
  const limit = anchor - 36 * HOUR;
  const late = profiles.map((p, i) => i).filter((i) => Date.parse(`${profiles[i].updated_at.replace(" ", "T")}Z`) > limit);
  late.sort((x, y) => byText(profiles[y].updated_at, profiles[x].updated_at));
  late.forEach((i, rank) => (profiles[i].updated_at = ts(limit - rank * 7 * MINUTE)));
  add(P, `updated_at of the ${late.length} profiles changed in the last 36 h moved back: the newest is 36 h old`, late.map(id), [[`${P}.updated_at.latency`, "sla-latency", P, "updated_at", null, 36]]);

  const takeConsent = rowPicker(consents, r);
  const key = (i) => `${consents[i].customer_id}/${consents[i].consent_purpose}`;
  const newest = consents.reduce((best, k, i) => (k.captured_at > consents[best].captured_at ? i : best), 0);
  const notNewest = (k) => k !== consents[newest];

  a = takeConsent(notNewest);
  consents[a].legal_basis = "vital_interest";
  add(C, "legal_basis 'vital_interest', not a valid value", [key(a)], [[`${C}.legal_basis.invalidValues`, "quality-invalid-values", C, "legal_basis", 1, 1]]);

  a = takeConsent(notNewest);
  b = takeConsent(notNewest);
  consents[a].source_system = "unknown";
  consents[b].source_system = "";
  add(C, "source_system 'unknown' on one consent and '' (empty, not NULL) on another", [key(a), key(b)], [
    [`${C}.source_system.missingValues`, "quality-missing-values", C, "source_system", 2, 2],
  ]);

  a = takeConsent((k) => k.consent_status === "withdrawn" && notNewest(k));
  consents[a].withdrawn_at = null;
  add(C, "a withdrawn consent without withdrawn_at", [key(a)], [[`${C}.withdrawn_consents_have_a_date`, "quality-sql", C, null, null, 1]]);

  // The same consent delivered twice: an exact copy right after the original (key + every column).
  a = takeConsent(notNewest);
  consents.splice(a + 1, 0, { ...consents[a] });
  add(C, `consent ${consents[a].customer_id}/${consents[a].consent_purpose} delivered twice (exact copy)`, [`${consents[a].customer_id}/${consents[a].consent_purpose}`], [
    [`${C}.primaryKey`, "schema-primary-key", C, null, 1, 1],
  ]);

  return { tables: { customer_profiles: profiles, customer_consents: consents }, defects };
}

function defectsInventory(anchor, clean, r) {
  const positions = clone(clean.inventory_positions);
  const defects = [];
  const add = (object, description, rows, fails) => defects.push({ object, description, rows, fails });
  const I = "inventory_positions";
  const W = "warehouses";
  const take = rowPicker(positions, r);
  const key = (i) => `${positions[i].snapshot_date}/${positions[i].warehouse_code}/${positions[i].sku}`;

  // A SKU recoded to another SKU of the same warehouse and day: a repeated composite key.
  let a = take();
  const b = take((p) => p.snapshot_date === positions[a].snapshot_date && p.warehouse_code === positions[a].warehouse_code);
  const before = key(a);
  positions[a].sku = positions[b].sku;
  add(I, `sku of ${before} recoded to ${positions[b].sku}: the key (snapshot_date, warehouse_code, sku) repeats`, [before, key(b)], [
    [`${I}.duplicateValues`, "quality-duplicate-values", I, null, 1, 1],
  ]);

  a = take();
  const nulled = key(a);
  positions[a].sku = null;
  add(I, `sku NULL on ${nulled}: a required column and part of the primary key`, [nulled], [[`${I}.sku.required`, "schema-required", I, "sku", 1, 1]]);
  // The primary key counts rows with a null key column plus rows repeating a key: 1 + 1.
  defects.push({
    object: I,
    description: "both defects above break the primary key: 1 row with a NULL key column + 1 row repeating a key",
    rows: [before, nulled],
    fails: [[`${I}.primaryKey`, "schema-primary-key", I, null, 2, 2]],
  });

  a = take();
  const truncated = positions[a].sku.slice(0, -1);
  add(I, `sku ${positions[a].sku} truncated to ${truncated} (5 digits)`, [key(a)], [[`${I}.sku.pattern`, "schema-pattern", I, "sku", 1, 1]]);
  positions[a].sku = truncated;

  a = take();
  positions[a].in_transit_qty = -40;
  add(I, "in_transit_qty -40, below the minimum 0", [key(a)], [[`${I}.in_transit_qty.minimum`, "schema-range", I, "in_transit_qty", 1, 1]]);

  a = take();
  positions[a].product_category = "toys";
  add(I, "product_category 'toys', not a valid value", [key(a)], [[`${I}.product_category.invalidValues`, "quality-invalid-values", I, "product_category", 1, 1]]);

  const cleared = [take((p) => p.days_of_cover !== null), take((p) => p.days_of_cover !== null), take((p) => p.days_of_cover !== null), take((p) => p.days_of_cover !== null)];
  for (const i of cleared) positions[i].days_of_cover = null;
  const missing = positions.filter((p) => p.days_of_cover === null).length;
  assert(missing === 8 && positions.length === 40, "days_of_cover defect does not give 8 of 40");
  add(I, "days_of_cover emptied on 4 more rows: 8 of 40 rows (20 %) have none, the rule allows less than 15 %", cleared.map(key), [
    [`${I}.days_of_cover.demand_history_mostly_present`, "quality-missing-values", I, "days_of_cover", 8, 20],
  ]);

  // Stale: the newest snapshot was extracted 10 h before the anchor (the job ran early, before the cut-off).
  const newestDate = positions.reduce((m, p) => (p.snapshot_date > m ? p.snapshot_date : m), "");
  const latest = positions.map((p, i) => i).filter((i) => positions[i].snapshot_date === newestDate);
  latest.forEach((i, rank) => (positions[i].snapshot_taken_at = ts(anchor - 10 * HOUR - rank * 37 * SECOND)));
  add(I, `snapshot_taken_at of the ${latest.length} rows of ${newestDate} set to 10 h before the anchor`, [], [[`${I}.snapshot_taken_at.latency`, "sla-latency", I, "snapshot_taken_at", null, 10]]);

  // Half the warehouse master missing: 10 rows, the rule wants more than 10.
  const warehouses = clone(clean.warehouses).slice(0, 10);
  add(W, "only the first 10 warehouses delivered", [], [[`${W}.rowCount`, "quality-row-count", W, null, null, 10]]);

  return { tables: { inventory_positions: positions, warehouses }, defects };
}

function generateDefects(anchor, clean) {
  const r = new Rng(SEEDS.defects);
  const products = [
    { product: "customer_360", contracts: [`examples/${PRODUCT_DIRS.customer_360}/customer_profile.odcs.yaml`], contract: "customer_profile", ...defectsCustomer360(anchor, clean.customer_360, r) },
    { product: "inventory_snapshot", contracts: [`examples/${PRODUCT_DIRS.inventory_snapshot}/inventory_snapshot.odcs.yaml`], contract: "inventory_snapshot", ...defectsInventory(anchor, clean.inventory_snapshot, r) },
  ];
  const expected = {
    description:
      "Generated by examples/generate-data.mjs. For each product: `meshkit test <contracts> --data <data> --now <anchor>` must report exactly these failing checks (status fail) and pass every other check.",
    anchor: iso(anchor).replace(".000Z", "Z"),
    products: products.map((p) => ({
      product: p.product,
      data: `examples/${DEFECTS_DIR}/${p.product}`,
      contracts: p.contracts,
      defects: p.defects.map((d) => ({ object: d.object, description: d.description, rows: d.rows })),
      failing: p.defects
        .flatMap((d) => d.fails)
        .map(([check, rule, object, property, failedRows, measured]) => ({ contract: p.contract, check, rule, object, ...(property === null ? {} : { property }), status: "fail", failedRows, measured })),
    })),
  };
  return { products, expected };
}

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

/** Every generated file: path relative to examples/ → content. */
export function generateFiles(anchorText = DEFAULT_ANCHOR) {
  const anchor = Math.floor(Date.parse(anchorText) / SECOND) * SECOND;
  const clean = generateClean(anchor);
  const files = new Map();
  for (const [product, tables] of Object.entries(clean)) {
    for (const [object, rows] of Object.entries(tables)) files.set(`${PRODUCT_DIRS[product]}/data/${object}.csv`, toCsv(COLUMNS[object], rows));
  }
  const { products, expected } = generateDefects(anchor, clean);
  for (const p of products) {
    for (const [object, rows] of Object.entries(p.tables)) files.set(`${DEFECTS_DIR}/${p.product}/${object}.csv`, toCsv(COLUMNS[object], rows));
  }
  files.set(`${DEFECTS_DIR}/expected.json`, `${JSON.stringify(expected, null, 2)}\n`);
  return files;
}

/** CSV and JSON files in the folders the script owns (data/ of every product, the defects set), relative to examples/. */
function ownedFiles() {
  const found = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(csv|json)$/.test(entry.name)) found.push(relative(EXAMPLES, path).split(sep).join("/"));
    }
  };
  for (const dir of Object.values(PRODUCT_DIRS)) walk(join(EXAMPLES, dir, "data"));
  walk(join(EXAMPLES, DEFECTS_DIR));
  return found;
}

const USAGE = `usage: node examples/generate-data.mjs [--as-of ISO] [--check]

  --as-of ISO   timestamps relative to this time (default ${DEFAULT_ANCHOR}), e.g. --as-of "$(date -u +%FT%TZ)"
  --check       write nothing; exit 1 if a committed file differs from what the script generates`;

function main(argv) {
  let args;
  try {
    args = parseArgs({ args: argv, options: { "as-of": { type: "string" }, check: { type: "boolean" }, help: { type: "boolean", short: "h" } }, strict: true }).values;
  } catch (error) {
    process.stderr.write(`generate-data: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const anchorText = args["as-of"] ?? DEFAULT_ANCHOR;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(anchorText) || Number.isNaN(Date.parse(anchorText))) {
    process.stderr.write(`generate-data: --as-of ${anchorText}: not an ISO 8601 time with a zone, e.g. ${DEFAULT_ANCHOR}\n`);
    return 2;
  }
  const files = generateFiles(anchorText);
  const stray = ownedFiles().filter((f) => !files.has(f));
  if (args.check) {
    const differing = [...files].filter(([path, text]) => !existsSync(join(EXAMPLES, path)) || readFileSync(join(EXAMPLES, path), "utf8") !== text).map(([path]) => path);
    for (const path of differing) process.stderr.write(`differs: examples/${path}\n`);
    for (const path of stray) process.stderr.write(`not generated: examples/${path}\n`);
    if (differing.length + stray.length > 0) {
      process.stderr.write(`generate-data: ${differing.length + stray.length} file(s) are not the script's output as of ${anchorText}; run node examples/generate-data.mjs\n`);
      return 1;
    }
    process.stdout.write(`generate-data: all ${files.size} files are up to date (as of ${anchorText})\n`);
    return 0;
  }
  for (const path of stray) rmSync(join(EXAMPLES, path));
  let written = 0;
  for (const [path, text] of files) {
    const target = join(EXAMPLES, path);
    if (existsSync(target) && readFileSync(target, "utf8") === text) continue;
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    written++;
  }
  process.stdout.write(`generate-data: ${files.size} files as of ${anchorText} (${written} written, ${stray.length} removed)\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = main(process.argv.slice(2));
