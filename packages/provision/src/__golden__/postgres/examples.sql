CREATE ROLE "customer_domain_reader" NOLOGIN;

COMMENT ON ROLE "customer_domain_reader" IS 'managed by meshkit: a group role data contracts grant access to; members come from the identity provider';

CREATE ROLE "customer_owner" NOLOGIN;

COMMENT ON ROLE "customer_owner" IS 'managed by meshkit: owner of the schemas, tables and views of domain customer';

CREATE ROLE "customer_pipeline_writer" NOLOGIN;

COMMENT ON ROLE "customer_pipeline_writer" IS 'managed by meshkit: a group role data contracts grant access to; members come from the identity provider';

CREATE ROLE "customer_profile_reader" NOLOGIN;

COMMENT ON ROLE "customer_profile_reader" IS 'managed by meshkit: a group role data contracts grant access to; members come from the identity provider';

CREATE ROLE "external_auditor" NOLOGIN;

COMMENT ON ROLE "external_auditor" IS 'managed by meshkit: a group role data contracts grant access to; members come from the identity provider';

CREATE ROLE "finance_controller" NOLOGIN;

COMMENT ON ROLE "finance_controller" IS 'managed by meshkit: a group role data contracts grant access to; members come from the identity provider';

CREATE ROLE "finance_controlling" NOLOGIN;

COMMENT ON ROLE "finance_controlling" IS 'managed by meshkit: a group role data contracts grant access to; members come from the identity provider';

CREATE ROLE "finance_owner" NOLOGIN;

COMMENT ON ROLE "finance_owner" IS 'managed by meshkit: owner of the schemas, tables and views of domain finance';

CREATE ROLE "finance_pipeline_writer" NOLOGIN;

COMMENT ON ROLE "finance_pipeline_writer" IS 'managed by meshkit: a group role data contracts grant access to; members come from the identity provider';

CREATE ROLE "inventory_pipeline_writer" NOLOGIN;

COMMENT ON ROLE "inventory_pipeline_writer" IS 'managed by meshkit: a group role data contracts grant access to; members come from the identity provider';

CREATE ROLE "management_reporting" NOLOGIN;

COMMENT ON ROLE "management_reporting" IS 'managed by meshkit: a group role data contracts grant access to; members come from the identity provider';

CREATE ROLE "marketing_analyst" NOLOGIN;

COMMENT ON ROLE "marketing_analyst" IS 'managed by meshkit: a group role data contracts grant access to; members come from the identity provider';

CREATE ROLE "marketing_owner" NOLOGIN;

COMMENT ON ROLE "marketing_owner" IS 'managed by meshkit: owner of the schemas, tables and views of domain marketing';

CREATE ROLE "marketing_pipeline_writer" NOLOGIN;

COMMENT ON ROLE "marketing_pipeline_writer" IS 'managed by meshkit: a group role data contracts grant access to; members come from the identity provider';

CREATE ROLE "marketing_segmentation" NOLOGIN;

COMMENT ON ROLE "marketing_segmentation" IS 'managed by meshkit: a group role data contracts grant access to; members come from the identity provider';

CREATE ROLE "replenishment_planner" NOLOGIN;

COMMENT ON ROLE "replenishment_planner" IS 'managed by meshkit: a group role data contracts grant access to; members come from the identity provider';

CREATE ROLE "supply_chain_owner" NOLOGIN;

COMMENT ON ROLE "supply_chain_owner" IS 'managed by meshkit: owner of the schemas, tables and views of domain supply_chain';

CREATE SCHEMA "customer" AUTHORIZATION "customer_owner";

REVOKE ALL ON SCHEMA "customer" FROM PUBLIC;

COMMENT ON SCHEMA "customer" IS '{"domain":"customer","holds":"the tables of the domain''s data products; roles approved for sensitive data read them here, every other reader reads customer_safe","managedBy":"meshkit"}';

CREATE SCHEMA "customer_safe" AUTHORIZATION "customer_owner";

REVOKE ALL ON SCHEMA "customer_safe" FROM PUBLIC;

COMMENT ON SCHEMA "customer_safe" IS '{"domain":"customer","holds":"one view per table of customer, sensitive columns masked, for readers not approved for sensitive data","managedBy":"meshkit"}';

CREATE SCHEMA "finance" AUTHORIZATION "finance_owner";

REVOKE ALL ON SCHEMA "finance" FROM PUBLIC;

COMMENT ON SCHEMA "finance" IS '{"domain":"finance","holds":"the tables of the domain''s data products; roles approved for sensitive data read them here, every other reader reads finance_safe","managedBy":"meshkit"}';

CREATE SCHEMA "finance_safe" AUTHORIZATION "finance_owner";

REVOKE ALL ON SCHEMA "finance_safe" FROM PUBLIC;

COMMENT ON SCHEMA "finance_safe" IS '{"domain":"finance","holds":"one view per table of finance, sensitive columns masked, for readers not approved for sensitive data","managedBy":"meshkit"}';

CREATE SCHEMA "marketing" AUTHORIZATION "marketing_owner";

REVOKE ALL ON SCHEMA "marketing" FROM PUBLIC;

COMMENT ON SCHEMA "marketing" IS '{"domain":"marketing","holds":"the tables of the domain''s data products; roles approved for sensitive data read them here, every other reader reads marketing_safe","managedBy":"meshkit"}';

CREATE SCHEMA "marketing_safe" AUTHORIZATION "marketing_owner";

REVOKE ALL ON SCHEMA "marketing_safe" FROM PUBLIC;

COMMENT ON SCHEMA "marketing_safe" IS '{"domain":"marketing","holds":"one view per table of marketing, sensitive columns masked, for readers not approved for sensitive data","managedBy":"meshkit"}';

CREATE SCHEMA "supply_chain" AUTHORIZATION "supply_chain_owner";

REVOKE ALL ON SCHEMA "supply_chain" FROM PUBLIC;

COMMENT ON SCHEMA "supply_chain" IS '{"domain":"supply_chain","holds":"the tables of the domain''s data products; roles approved for sensitive data read them here, every other reader reads supply_chain_safe","managedBy":"meshkit"}';

CREATE SCHEMA "supply_chain_safe" AUTHORIZATION "supply_chain_owner";

REVOKE ALL ON SCHEMA "supply_chain_safe" FROM PUBLIC;

COMMENT ON SCHEMA "supply_chain_safe" IS '{"domain":"supply_chain","holds":"one view per table of supply_chain, sensitive columns masked, for readers not approved for sensitive data","managedBy":"meshkit"}';

CREATE TABLE "customer"."customer_consents" ("customer_id" varchar(11) NOT NULL, "consent_purpose" varchar(30) NOT NULL, "consent_status" varchar(10) NOT NULL, "legal_basis" varchar(20) NOT NULL, "captured_channel" varchar(12) NOT NULL, "captured_at" timestamp NOT NULL, "withdrawn_at" timestamp, "source_system" varchar(20) NOT NULL, PRIMARY KEY ("customer_id", "consent_purpose"));

ALTER TABLE "customer"."customer_consents" OWNER TO "customer_owner";

REVOKE ALL ON TABLE "customer"."customer_consents" FROM PUBLIC;

COMMENT ON TABLE "customer"."customer_consents" IS '{"product":"customer_360","domain":"customer","owner":"sofia.rossi@acme-retail.example","contract":"532d783c-fba8-4fb6-9955-558a0a5672a2","contractVersion":"2.1.0","object":"customer_consents","sla":[{"property":"latency","value":"1 h","element":"customer_consents.captured_at","driver":"regulatory"},{"property":"generalAvailability","value":"2024-01-15T00:00:00Z"},{"property":"endOfSupport","value":"2027-12-31T23:59:59Z"}],"description":"Current state of every consent a customer has given or withdrawn.","managedBy":"meshkit"}';

COMMENT ON COLUMN "customer"."customer_consents"."customer_id" IS 'Customer the consent belongs to.';

COMMENT ON COLUMN "customer"."customer_consents"."consent_purpose" IS 'What the customer consented to.';

COMMENT ON COLUMN "customer"."customer_consents"."consent_status" IS 'Current state of the consent.';

COMMENT ON COLUMN "customer"."customer_consents"."legal_basis" IS 'GDPR article 6 legal basis the processing relies on.';

COMMENT ON COLUMN "customer"."customer_consents"."captured_channel" IS 'Where the consent was captured.';

COMMENT ON COLUMN "customer"."customer_consents"."captured_at" IS 'When the consent was given (UTC).';

COMMENT ON COLUMN "customer"."customer_consents"."withdrawn_at" IS 'When the consent was withdrawn (UTC); empty while granted.';

COMMENT ON COLUMN "customer"."customer_consents"."source_system" IS 'System of record for the consent.';

CREATE TABLE "customer"."customer_profiles" ("customer_id" varchar(11) NOT NULL, "full_name" varchar(160) NOT NULL, "email" varchar(254) NOT NULL, "phone_number" varchar(16), "date_of_birth" date, "street_address" varchar(200) NOT NULL, "postal_code" varchar(10) NOT NULL, "city" varchar(80) NOT NULL, "country_code" varchar(2) NOT NULL, "customer_since" date NOT NULL, "loyalty_tier" varchar(10) NOT NULL, "preferred_channel" varchar(10) NOT NULL, "order_count" integer NOT NULL, "lifetime_value_eur" numeric(12,2) NOT NULL, "last_campaign_id" varchar(10), "campaign_conversions_90d" integer NOT NULL, "updated_at" timestamp NOT NULL, PRIMARY KEY ("customer_id"), CONSTRAINT "customer_profiles_email_key" UNIQUE ("email"));

COMMENT ON CONSTRAINT "customer_profiles_email_key" ON "customer"."customer_profiles" IS 'managed by meshkit: unique in the data contract';

ALTER TABLE "customer"."customer_profiles" OWNER TO "customer_owner";

REVOKE ALL ON TABLE "customer"."customer_profiles" FROM PUBLIC;

COMMENT ON TABLE "customer"."customer_profiles" IS '{"product":"customer_360","domain":"customer","owner":"sofia.rossi@acme-retail.example","contract":"532d783c-fba8-4fb6-9955-558a0a5672a2","contractVersion":"2.1.0","object":"customer_profiles","sla":[{"property":"latency","value":"24 h","element":"customer_profiles.updated_at"},{"property":"frequency","value":"1 d","element":"customer_profiles.updated_at"},{"property":"retention","value":"10 y","element":"customer_profiles.updated_at","driver":"regulatory"},{"property":"generalAvailability","value":"2024-01-15T00:00:00Z"},{"property":"endOfSupport","value":"2027-12-31T23:59:59Z"}],"description":"Golden record, one row per customer.","managedBy":"meshkit"}';

COMMENT ON COLUMN "customer"."customer_profiles"."customer_id" IS 'Customer identifier from the customer master.';

COMMENT ON COLUMN "customer"."customer_profiles"."full_name" IS 'First and last name as given by the customer. Sensitive (restricted): readable in clear only by roles approved for it; masked in customer_safe.customer_profiles.';

COMMENT ON COLUMN "customer"."customer_profiles"."email" IS 'Primary email address, lower case. Sensitive (restricted): readable in clear only by roles approved for it; masked in customer_safe.customer_profiles.';

COMMENT ON COLUMN "customer"."customer_profiles"."phone_number" IS 'Mobile number in E.164 format, if the customer gave one. Sensitive (restricted): readable in clear only by roles approved for it; masked in customer_safe.customer_profiles.';

COMMENT ON COLUMN "customer"."customer_profiles"."date_of_birth" IS 'Date of birth; customers must be adults. Sensitive (restricted): readable in clear only by roles approved for it; masked in customer_safe.customer_profiles.';

COMMENT ON COLUMN "customer"."customer_profiles"."street_address" IS 'Street and house number of the billing address. Sensitive (restricted): readable in clear only by roles approved for it; masked in customer_safe.customer_profiles.';

COMMENT ON COLUMN "customer"."customer_profiles"."postal_code" IS 'Postal code of the billing address. Sensitive (confidential): readable in clear only by roles approved for it; masked in customer_safe.customer_profiles.';

COMMENT ON COLUMN "customer"."customer_profiles"."city" IS 'City of the billing address. Sensitive (confidential): readable in clear only by roles approved for it; masked in customer_safe.customer_profiles.';

COMMENT ON COLUMN "customer"."customer_profiles"."country_code" IS 'ISO 3166-1 alpha-2 country of the billing address.';

COMMENT ON COLUMN "customer"."customer_profiles"."customer_since" IS 'Date of the first order or account creation, whichever came first.';

COMMENT ON COLUMN "customer"."customer_profiles"."loyalty_tier" IS 'Loyalty programme tier.';

COMMENT ON COLUMN "customer"."customer_profiles"."preferred_channel" IS 'Channel the customer prefers to be contacted on.';

COMMENT ON COLUMN "customer"."customer_profiles"."order_count" IS 'Number of orders since customer_since.';

COMMENT ON COLUMN "customer"."customer_profiles"."lifetime_value_eur" IS 'Net revenue of all orders in EUR, returns deducted. Sensitive (confidential): readable in clear only by roles approved for it; masked in customer_safe.customer_profiles.';

COMMENT ON COLUMN "customer"."customer_profiles"."last_campaign_id" IS 'Last campaign that contacted the customer (marketing''s customer_campaigns).';

COMMENT ON COLUMN "customer"."customer_profiles"."campaign_conversions_90d" IS 'Conversions attributed to campaigns in the last 90 days.';

COMMENT ON COLUMN "customer"."customer_profiles"."updated_at" IS 'Last time any attribute of the profile changed (UTC).';

CREATE TABLE "finance"."ledger_entries" ("entry_id" varchar(14) NOT NULL, "posting_date" date NOT NULL, "fiscal_year" integer NOT NULL, "fiscal_quarter" integer NOT NULL, "account_code" varchar(4) NOT NULL, "account_name" varchar(80) NOT NULL, "cost_center" varchar(6) NOT NULL, "debit_eur" numeric(14,2) NOT NULL, "credit_eur" numeric(14,2) NOT NULL, "currency_code" varchar(3) NOT NULL, "amount_original" numeric(14,2) NOT NULL, "counterparty_name" varchar(160), "counterparty_iban" varchar(34), "document_reference" varchar(20) NOT NULL, "posted_by" varchar(12) NOT NULL, "posted_at" timestamp NOT NULL, PRIMARY KEY ("entry_id"));

ALTER TABLE "finance"."ledger_entries" OWNER TO "finance_owner";

REVOKE ALL ON TABLE "finance"."ledger_entries" FROM PUBLIC;

COMMENT ON TABLE "finance"."ledger_entries" IS '{"product":"quarterly_ledger","domain":"finance","owner":"marta.silva@acme-retail.example","contract":"293233bb-3c84-4c9a-8ad6-00569072581d","contractVersion":"1.1.0","object":"ledger_entries","sla":[{"property":"latency","value":"1 d","element":"ledger_entries.posted_at"},{"property":"frequency","value":"1 d","element":"ledger_entries.posted_at"},{"property":"retention","value":"10 y","element":"ledger_entries.posting_date","driver":"regulatory"},{"property":"generalAvailability","value":"2024-07-01T00:00:00Z"}],"description":"One row per posted ledger line; each line is either a debit or a credit.","managedBy":"meshkit"}';

COMMENT ON COLUMN "finance"."ledger_entries"."entry_id" IS 'Journal entry line identifier (JE-<year>-<number>).';

COMMENT ON COLUMN "finance"."ledger_entries"."posting_date" IS 'Date the entry was posted to the ledger.';

COMMENT ON COLUMN "finance"."ledger_entries"."fiscal_year" IS 'Fiscal year (calendar year at acme-retail).';

COMMENT ON COLUMN "finance"."ledger_entries"."fiscal_quarter" IS 'Fiscal quarter, 1 to 4.';

COMMENT ON COLUMN "finance"."ledger_entries"."account_code" IS 'Four-digit account of the chart of accounts.';

COMMENT ON COLUMN "finance"."ledger_entries"."account_name" IS 'Account name from the chart of accounts.';

COMMENT ON COLUMN "finance"."ledger_entries"."cost_center" IS 'Cost centre the entry is booked on.';

COMMENT ON COLUMN "finance"."ledger_entries"."debit_eur" IS 'Debit amount in EUR; 0 on credit lines. Sensitive (confidential): readable in clear only by roles approved for it; masked in finance_safe.ledger_entries.';

COMMENT ON COLUMN "finance"."ledger_entries"."credit_eur" IS 'Credit amount in EUR; 0 on debit lines. Sensitive (confidential): readable in clear only by roles approved for it; masked in finance_safe.ledger_entries.';

COMMENT ON COLUMN "finance"."ledger_entries"."currency_code" IS 'ISO 4217 currency of the original transaction.';

COMMENT ON COLUMN "finance"."ledger_entries"."amount_original" IS 'Signed amount in the transaction currency (debit positive, credit negative). Sensitive (confidential): readable in clear only by roles approved for it; masked in finance_safe.ledger_entries.';

COMMENT ON COLUMN "finance"."ledger_entries"."counterparty_name" IS 'Supplier or customer name; a person''s name for sole traders. Sensitive (restricted): readable in clear only by roles approved for it; masked in finance_safe.ledger_entries.';

COMMENT ON COLUMN "finance"."ledger_entries"."counterparty_iban" IS 'IBAN paid to or received from; only on bank-clearing lines. Sensitive (restricted): readable in clear only by roles approved for it; masked in finance_safe.ledger_entries.';

COMMENT ON COLUMN "finance"."ledger_entries"."document_reference" IS 'Source document (invoice, payment run, accrual) in the ERP.';

COMMENT ON COLUMN "finance"."ledger_entries"."posted_by" IS 'ERP user id of the accountant who posted the entry.';

COMMENT ON COLUMN "finance"."ledger_entries"."posted_at" IS 'When the entry was posted (UTC).';

CREATE TABLE "finance"."quarterly_account_balances" ("fiscal_year" integer NOT NULL, "fiscal_quarter" integer NOT NULL, "account_code" varchar(4) NOT NULL, "account_name" varchar(80) NOT NULL, "account_type" varchar(10) NOT NULL, "opening_balance_eur" numeric(16,2) NOT NULL, "total_debit_eur" numeric(16,2) NOT NULL, "total_credit_eur" numeric(16,2) NOT NULL, "closing_balance_eur" numeric(16,2) NOT NULL, "entry_count" integer NOT NULL, "is_closed" boolean NOT NULL, "closed_at" timestamp, "computed_at" timestamp NOT NULL, PRIMARY KEY ("fiscal_year", "fiscal_quarter", "account_code"));

ALTER TABLE "finance"."quarterly_account_balances" OWNER TO "finance_owner";

REVOKE ALL ON TABLE "finance"."quarterly_account_balances" FROM PUBLIC;

COMMENT ON TABLE "finance"."quarterly_account_balances" IS '{"product":"quarterly_ledger","domain":"finance","owner":"marta.silva@acme-retail.example","contract":"bc78b4e5-5fb7-465b-8989-2acd1d3852f7","contractVersion":"1.1.0","object":"quarterly_account_balances","sla":[{"property":"latency","value":"1 d","element":"quarterly_account_balances.computed_at"},{"property":"frequency","value":"1 d","element":"quarterly_account_balances.computed_at"},{"property":"retention","value":"10 y","element":"quarterly_account_balances.computed_at","driver":"regulatory"},{"property":"timeOfAvailability","value":"06:00+00:00","element":"quarterly_account_balances.computed_at","driver":"operational"},{"property":"generalAvailability","value":"2024-07-01T00:00:00Z"}],"description":"One row per account and fiscal quarter.","managedBy":"meshkit"}';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."fiscal_year" IS 'Fiscal year (calendar year at acme-retail).';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."fiscal_quarter" IS 'Fiscal quarter, 1 to 4.';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."account_code" IS 'Four-digit account of the chart of accounts.';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."account_name" IS 'Account name from the chart of accounts.';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."account_type" IS 'Balance sheet or income statement class of the account.';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."opening_balance_eur" IS 'Balance at the start of the quarter (debit positive). Sensitive (confidential): readable in clear only by roles approved for it; masked in finance_safe.quarterly_account_balances.';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."total_debit_eur" IS 'Sum of debits posted in the quarter. Sensitive (confidential): readable in clear only by roles approved for it; masked in finance_safe.quarterly_account_balances.';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."total_credit_eur" IS 'Sum of credits posted in the quarter. Sensitive (confidential): readable in clear only by roles approved for it; masked in finance_safe.quarterly_account_balances.';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."closing_balance_eur" IS 'opening_balance_eur + total_debit_eur - total_credit_eur. Sensitive (confidential): readable in clear only by roles approved for it; masked in finance_safe.quarterly_account_balances.';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."entry_count" IS 'Number of ledger lines posted on the account in the quarter.';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."is_closed" IS 'True once the quarter is closed and the figures are final.';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."closed_at" IS 'When the quarter was closed (UTC); empty while open.';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."computed_at" IS 'When the balances were last recomputed (UTC).';

CREATE TABLE "marketing"."campaign_contacts" ("campaign_id" varchar(10) NOT NULL, "customer_id" varchar(11) NOT NULL, "email" varchar(254), "first_name" varchar(80) NOT NULL, "phone_number" varchar(16), "country_code" varchar(2) NOT NULL, "consent_status" varchar(20) NOT NULL, "sent_at" timestamp NOT NULL, "opened_at" timestamp, "clicked_at" timestamp, "converted" boolean NOT NULL, "conversion_value_eur" numeric(10,2) NOT NULL, PRIMARY KEY ("campaign_id", "customer_id"));

ALTER TABLE "marketing"."campaign_contacts" OWNER TO "marketing_owner";

REVOKE ALL ON TABLE "marketing"."campaign_contacts" FROM PUBLIC;

COMMENT ON TABLE "marketing"."campaign_contacts" IS '{"product":"customer_campaigns","domain":"marketing","owner":"lena.fischer@acme-retail.example","contract":"776c618b-3130-4fcd-8699-e5aa488bdc4c","contractVersion":"1.3.0","object":"campaign_contacts","sla":[{"property":"latency","value":"4 h","element":"campaign_contacts.sent_at"},{"property":"frequency","value":"1 h","element":"campaign_contacts.sent_at"},{"property":"retention","value":"7 y","element":"campaign_contacts.sent_at","driver":"regulatory"},{"property":"generalAvailability","value":"2024-10-01T00:00:00Z"}],"description":"One row per customer contacted by a campaign, with engagement and conversion.","managedBy":"meshkit"}';

COMMENT ON COLUMN "marketing"."campaign_contacts"."campaign_id" IS 'Campaign that contacted the customer.';

COMMENT ON COLUMN "marketing"."campaign_contacts"."customer_id" IS 'Customer identifier from the customer master.';

COMMENT ON COLUMN "marketing"."campaign_contacts"."email" IS 'Email address the message was sent to (email and push campaigns). Sensitive (confidential): readable in clear only by roles approved for it; masked in marketing_safe.campaign_contacts.';

COMMENT ON COLUMN "marketing"."campaign_contacts"."first_name" IS 'First name used in the message salutation. Sensitive (confidential): readable in clear only by roles approved for it; masked in marketing_safe.campaign_contacts.';

COMMENT ON COLUMN "marketing"."campaign_contacts"."phone_number" IS 'Mobile number in E.164 format (SMS campaigns only). Sensitive (confidential): readable in clear only by roles approved for it; masked in marketing_safe.campaign_contacts.';

COMMENT ON COLUMN "marketing"."campaign_contacts"."country_code" IS 'ISO 3166-1 alpha-2 country of the customer.';

COMMENT ON COLUMN "marketing"."campaign_contacts"."consent_status" IS 'Marketing consent at send time; only opted-in customers are contacted.';

COMMENT ON COLUMN "marketing"."campaign_contacts"."sent_at" IS 'When the message was handed to the delivery provider (UTC).';

COMMENT ON COLUMN "marketing"."campaign_contacts"."opened_at" IS 'First open of the message, if any (UTC).';

COMMENT ON COLUMN "marketing"."campaign_contacts"."clicked_at" IS 'First click in the message, if any (UTC).';

COMMENT ON COLUMN "marketing"."campaign_contacts"."converted" IS 'True when an order is attributed to this contact (last touch, 14 days).';

COMMENT ON COLUMN "marketing"."campaign_contacts"."conversion_value_eur" IS 'Net order value attributed to the contact; 0 when not converted. Sensitive (confidential): readable in clear only by roles approved for it; masked in marketing_safe.campaign_contacts.';

CREATE TABLE "marketing"."campaigns" ("campaign_id" varchar(10) NOT NULL, "campaign_name" varchar(120) NOT NULL, "channel" varchar(20) NOT NULL, "objective" varchar(20) NOT NULL, "campaign_status" varchar(12) NOT NULL, "target_segment" varchar(40) NOT NULL, "start_date" date NOT NULL, "end_date" date, "budget_eur" numeric(12,2) NOT NULL, "created_at" timestamp NOT NULL, "updated_at" timestamp NOT NULL, PRIMARY KEY ("campaign_id"));

ALTER TABLE "marketing"."campaigns" OWNER TO "marketing_owner";

REVOKE ALL ON TABLE "marketing"."campaigns" FROM PUBLIC;

COMMENT ON TABLE "marketing"."campaigns" IS '{"product":"customer_campaigns","domain":"marketing","owner":"lena.fischer@acme-retail.example","contract":"776c618b-3130-4fcd-8699-e5aa488bdc4c","contractVersion":"1.3.0","object":"campaigns","sla":[{"property":"timeOfAvailability","value":"07:00+00:00","element":"campaigns.updated_at","driver":"analytics"},{"property":"generalAvailability","value":"2024-10-01T00:00:00Z"}],"description":"One row per campaign, whatever its channel.","managedBy":"meshkit"}';

COMMENT ON COLUMN "marketing"."campaigns"."campaign_id" IS 'Campaign identifier from the campaign planning tool.';

COMMENT ON COLUMN "marketing"."campaigns"."campaign_name" IS 'Human readable campaign name.';

COMMENT ON COLUMN "marketing"."campaigns"."channel" IS 'Delivery channel of the campaign.';

COMMENT ON COLUMN "marketing"."campaigns"."objective" IS 'Business objective the campaign was planned for.';

COMMENT ON COLUMN "marketing"."campaigns"."campaign_status" IS 'Lifecycle status of the campaign.';

COMMENT ON COLUMN "marketing"."campaigns"."target_segment" IS 'Audience segment the campaign was sent to.';

COMMENT ON COLUMN "marketing"."campaigns"."start_date" IS 'First day the campaign is live.';

COMMENT ON COLUMN "marketing"."campaigns"."end_date" IS 'Last day the campaign is live; empty for always-on campaigns.';

COMMENT ON COLUMN "marketing"."campaigns"."budget_eur" IS 'Approved media and production budget in EUR. Sensitive (confidential): readable in clear only by roles approved for it; masked in marketing_safe.campaigns.';

COMMENT ON COLUMN "marketing"."campaigns"."created_at" IS 'When the campaign was created in the planning tool (UTC).';

COMMENT ON COLUMN "marketing"."campaigns"."updated_at" IS 'Last change to the campaign record (UTC).';

CREATE TABLE "supply_chain"."inventory_positions" ("snapshot_date" date NOT NULL, "warehouse_code" varchar(9) NOT NULL, "sku" varchar(10) NOT NULL, "product_name" varchar(120) NOT NULL, "product_category" varchar(20) NOT NULL, "on_hand_qty" integer NOT NULL, "reserved_qty" integer NOT NULL, "available_qty" integer NOT NULL, "in_transit_qty" integer NOT NULL, "reorder_point" integer NOT NULL, "unit_cost_eur" numeric(10,4) NOT NULL, "stock_value_eur" numeric(14,2) NOT NULL, "days_of_cover" numeric(8,1), "snapshot_taken_at" timestamp NOT NULL, PRIMARY KEY ("snapshot_date", "warehouse_code", "sku"));

ALTER TABLE "supply_chain"."inventory_positions" OWNER TO "supply_chain_owner";

REVOKE ALL ON TABLE "supply_chain"."inventory_positions" FROM PUBLIC;

COMMENT ON TABLE "supply_chain"."inventory_positions" IS '{"product":"inventory_snapshot","domain":"supply_chain","owner":"tomas.novak@acme-retail.example","contract":"91625232-c6ac-4510-9082-39cfaedc6580","contractVersion":"1.4.0","object":"inventory_positions","sla":[{"property":"latency","value":"6 h","element":"inventory_positions.snapshot_taken_at"},{"property":"frequency","value":"1 d","element":"inventory_positions.snapshot_date"},{"property":"timeOfAvailability","value":"05:00+00:00","element":"inventory_positions.snapshot_date","driver":"operational"},{"property":"retention","value":"3 y","element":"inventory_positions.snapshot_date"},{"property":"generalAvailability","value":"2024-04-02T00:00:00Z"},{"property":"timeToRepair","value":"8 h","driver":"operational"}],"description":"End-of-day stock of one SKU in one warehouse.","managedBy":"meshkit"}';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."snapshot_date" IS 'Business date of the snapshot.';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."warehouse_code" IS 'Warehouse holding the stock.';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."sku" IS 'Stock keeping unit.';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."product_name" IS 'Product description from the item master.';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."product_category" IS 'Top-level merchandise category.';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."on_hand_qty" IS 'Units physically in the warehouse.';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."reserved_qty" IS 'Units allocated to open orders.';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."available_qty" IS 'on_hand_qty minus reserved_qty.';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."in_transit_qty" IS 'Units shipped to this warehouse and not yet received.';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."reorder_point" IS 'Available quantity at which replenishment is triggered.';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."unit_cost_eur" IS 'Moving average cost per unit in EUR. Sensitive (confidential): readable in clear only by roles approved for it; masked in supply_chain_safe.inventory_positions.';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."stock_value_eur" IS 'on_hand_qty times unit_cost_eur. Sensitive (confidential): readable in clear only by roles approved for it; masked in supply_chain_safe.inventory_positions.';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."days_of_cover" IS 'Days the available stock lasts at the 28-day average demand; empty without demand.';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."snapshot_taken_at" IS 'When the snapshot was extracted from the ERP (UTC).';

CREATE TABLE "supply_chain"."warehouses" ("warehouse_code" varchar(9) NOT NULL, "warehouse_name" varchar(80) NOT NULL, "warehouse_type" varchar(20) NOT NULL, "country_code" varchar(2) NOT NULL, "city" varchar(80) NOT NULL, "timezone" varchar(40) NOT NULL, "capacity_pallets" integer NOT NULL, "is_active" boolean NOT NULL, "opened_on" date NOT NULL, "updated_at" timestamp NOT NULL, PRIMARY KEY ("warehouse_code"));

ALTER TABLE "supply_chain"."warehouses" OWNER TO "supply_chain_owner";

REVOKE ALL ON TABLE "supply_chain"."warehouses" FROM PUBLIC;

COMMENT ON TABLE "supply_chain"."warehouses" IS '{"product":"inventory_snapshot","domain":"supply_chain","owner":"tomas.novak@acme-retail.example","contract":"91625232-c6ac-4510-9082-39cfaedc6580","contractVersion":"1.4.0","object":"warehouses","sla":[{"property":"generalAvailability","value":"2024-04-02T00:00:00Z"},{"property":"timeToRepair","value":"8 h","driver":"operational"}],"description":"Distribution centres and stores with a stock room.","managedBy":"meshkit"}';

COMMENT ON COLUMN "supply_chain"."warehouses"."warehouse_code" IS 'Warehouse identifier (WH-<city>-<number>).';

COMMENT ON COLUMN "supply_chain"."warehouses"."warehouse_name" IS 'Display name of the warehouse.';

COMMENT ON COLUMN "supply_chain"."warehouses"."warehouse_type" IS 'Distribution centre or store stock room.';

COMMENT ON COLUMN "supply_chain"."warehouses"."country_code" IS 'ISO 3166-1 alpha-2 country.';

COMMENT ON COLUMN "supply_chain"."warehouses"."city" IS 'City of the warehouse.';

COMMENT ON COLUMN "supply_chain"."warehouses"."timezone" IS 'IANA time zone the snapshot cut-off is computed in.';

COMMENT ON COLUMN "supply_chain"."warehouses"."capacity_pallets" IS 'Storage capacity in pallet places.';

COMMENT ON COLUMN "supply_chain"."warehouses"."is_active" IS 'False once the warehouse is closed; closed warehouses keep their history.';

COMMENT ON COLUMN "supply_chain"."warehouses"."opened_on" IS 'Date the warehouse started operating.';

COMMENT ON COLUMN "supply_chain"."warehouses"."updated_at" IS 'Last change to the warehouse record (UTC).';

CREATE VIEW "customer_safe"."customer_consents" AS SELECT "customer_id", "consent_purpose", "consent_status", "legal_basis", "captured_channel", "captured_at", "withdrawn_at", "source_system" FROM "customer"."customer_consents";

ALTER VIEW "customer_safe"."customer_consents" OWNER TO "customer_owner";

REVOKE ALL ON TABLE "customer_safe"."customer_consents" FROM PUBLIC;

DO $meshkit$BEGIN EXECUTE pg_catalog.format('COMMENT ON VIEW %s IS %L', '"customer_safe"."customer_consents"', pg_catalog.left('{"product":"customer_360","domain":"customer","owner":"sofia.rossi@acme-retail.example","contract":"532d783c-fba8-4fb6-9955-558a0a5672a2","contractVersion":"2.1.0","object":"customer_consents","sla":[{"property":"latency","value":"1 h","element":"customer_consents.captured_at","driver":"regulatory"},{"property":"generalAvailability","value":"2024-01-15T00:00:00Z"},{"property":"endOfSupport","value":"2027-12-31T23:59:59Z"}],"description":"Current state of every consent a customer has given or withdrawn.","managedBy":"meshkit","view":"customer.customer_consents for readers not approved for sensitive data","masked":[],"definition":"7e9750273eb1f497"}', -1) || ',"viewDigest":"' || pg_catalog.md5(pg_catalog.pg_get_viewdef('"customer_safe"."customer_consents"'::pg_catalog.regclass)) || '"}'); END$meshkit$;

COMMENT ON COLUMN "customer_safe"."customer_consents"."customer_id" IS 'Customer the consent belongs to.';

COMMENT ON COLUMN "customer_safe"."customer_consents"."consent_purpose" IS 'What the customer consented to.';

COMMENT ON COLUMN "customer_safe"."customer_consents"."consent_status" IS 'Current state of the consent.';

COMMENT ON COLUMN "customer_safe"."customer_consents"."legal_basis" IS 'GDPR article 6 legal basis the processing relies on.';

COMMENT ON COLUMN "customer_safe"."customer_consents"."captured_channel" IS 'Where the consent was captured.';

COMMENT ON COLUMN "customer_safe"."customer_consents"."captured_at" IS 'When the consent was given (UTC).';

COMMENT ON COLUMN "customer_safe"."customer_consents"."withdrawn_at" IS 'When the consent was withdrawn (UTC); empty while granted.';

COMMENT ON COLUMN "customer_safe"."customer_consents"."source_system" IS 'System of record for the consent.';

CREATE VIEW "customer_safe"."customer_profiles" AS SELECT "customer_id", pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to("full_name", 'UTF8')), 'hex') AS "full_name", pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to("email", 'UTF8')), 'hex') AS "email", pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to("phone_number", 'UTF8')), 'hex') AS "phone_number", NULL::date AS "date_of_birth", pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to("street_address", 'UTF8')), 'hex') AS "street_address", pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to("postal_code", 'UTF8')), 'hex') AS "postal_code", pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to("city", 'UTF8')), 'hex') AS "city", "country_code", "customer_since", "loyalty_tier", "preferred_channel", "order_count", NULL::numeric(12,2) AS "lifetime_value_eur", "last_campaign_id", "campaign_conversions_90d", "updated_at" FROM "customer"."customer_profiles";

ALTER VIEW "customer_safe"."customer_profiles" OWNER TO "customer_owner";

REVOKE ALL ON TABLE "customer_safe"."customer_profiles" FROM PUBLIC;

DO $meshkit$BEGIN EXECUTE pg_catalog.format('COMMENT ON VIEW %s IS %L', '"customer_safe"."customer_profiles"', pg_catalog.left('{"product":"customer_360","domain":"customer","owner":"sofia.rossi@acme-retail.example","contract":"532d783c-fba8-4fb6-9955-558a0a5672a2","contractVersion":"2.1.0","object":"customer_profiles","sla":[{"property":"latency","value":"24 h","element":"customer_profiles.updated_at"},{"property":"frequency","value":"1 d","element":"customer_profiles.updated_at"},{"property":"retention","value":"10 y","element":"customer_profiles.updated_at","driver":"regulatory"},{"property":"generalAvailability","value":"2024-01-15T00:00:00Z"},{"property":"endOfSupport","value":"2027-12-31T23:59:59Z"}],"description":"Golden record, one row per customer.","managedBy":"meshkit","view":"customer.customer_profiles for readers not approved for sensitive data","masked":["full_name (sha256)","email (sha256)","phone_number (sha256)","date_of_birth (null)","street_address (sha256)","postal_code (sha256)","city (sha256)","lifetime_value_eur (null)"],"definition":"e67535e4e46d68f2"}', -1) || ',"viewDigest":"' || pg_catalog.md5(pg_catalog.pg_get_viewdef('"customer_safe"."customer_profiles"'::pg_catalog.regclass)) || '"}'); END$meshkit$;

COMMENT ON COLUMN "customer_safe"."customer_profiles"."customer_id" IS 'Customer identifier from the customer master.';

COMMENT ON COLUMN "customer_safe"."customer_profiles"."full_name" IS 'First and last name as given by the customer. Masked (restricted): the hex SHA-256 digest of the value (equal values, equal digests); roles approved for it read customer.customer_profiles.';

COMMENT ON COLUMN "customer_safe"."customer_profiles"."email" IS 'Primary email address, lower case. Masked (restricted): the hex SHA-256 digest of the value (equal values, equal digests); roles approved for it read customer.customer_profiles.';

COMMENT ON COLUMN "customer_safe"."customer_profiles"."phone_number" IS 'Mobile number in E.164 format, if the customer gave one. Masked (restricted): the hex SHA-256 digest of the value (equal values, equal digests); roles approved for it read customer.customer_profiles.';

COMMENT ON COLUMN "customer_safe"."customer_profiles"."date_of_birth" IS 'Date of birth; customers must be adults. Masked (restricted): always NULL; roles approved for it read customer.customer_profiles.';

COMMENT ON COLUMN "customer_safe"."customer_profiles"."street_address" IS 'Street and house number of the billing address. Masked (restricted): the hex SHA-256 digest of the value (equal values, equal digests); roles approved for it read customer.customer_profiles.';

COMMENT ON COLUMN "customer_safe"."customer_profiles"."postal_code" IS 'Postal code of the billing address. Masked (confidential): the hex SHA-256 digest of the value (equal values, equal digests); roles approved for it read customer.customer_profiles.';

COMMENT ON COLUMN "customer_safe"."customer_profiles"."city" IS 'City of the billing address. Masked (confidential): the hex SHA-256 digest of the value (equal values, equal digests); roles approved for it read customer.customer_profiles.';

COMMENT ON COLUMN "customer_safe"."customer_profiles"."country_code" IS 'ISO 3166-1 alpha-2 country of the billing address.';

COMMENT ON COLUMN "customer_safe"."customer_profiles"."customer_since" IS 'Date of the first order or account creation, whichever came first.';

COMMENT ON COLUMN "customer_safe"."customer_profiles"."loyalty_tier" IS 'Loyalty programme tier.';

COMMENT ON COLUMN "customer_safe"."customer_profiles"."preferred_channel" IS 'Channel the customer prefers to be contacted on.';

COMMENT ON COLUMN "customer_safe"."customer_profiles"."order_count" IS 'Number of orders since customer_since.';

COMMENT ON COLUMN "customer_safe"."customer_profiles"."lifetime_value_eur" IS 'Net revenue of all orders in EUR, returns deducted. Masked (confidential): always NULL; roles approved for it read customer.customer_profiles.';

COMMENT ON COLUMN "customer_safe"."customer_profiles"."last_campaign_id" IS 'Last campaign that contacted the customer (marketing''s customer_campaigns).';

COMMENT ON COLUMN "customer_safe"."customer_profiles"."campaign_conversions_90d" IS 'Conversions attributed to campaigns in the last 90 days.';

COMMENT ON COLUMN "customer_safe"."customer_profiles"."updated_at" IS 'Last time any attribute of the profile changed (UTC).';

CREATE VIEW "finance_safe"."ledger_entries" AS SELECT "entry_id", "posting_date", "fiscal_year", "fiscal_quarter", "account_code", "account_name", "cost_center", NULL::numeric(14,2) AS "debit_eur", NULL::numeric(14,2) AS "credit_eur", "currency_code", NULL::numeric(14,2) AS "amount_original", pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to("counterparty_name", 'UTF8')), 'hex') AS "counterparty_name", pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to("counterparty_iban", 'UTF8')), 'hex') AS "counterparty_iban", "document_reference", "posted_by", "posted_at" FROM "finance"."ledger_entries";

ALTER VIEW "finance_safe"."ledger_entries" OWNER TO "finance_owner";

REVOKE ALL ON TABLE "finance_safe"."ledger_entries" FROM PUBLIC;

DO $meshkit$BEGIN EXECUTE pg_catalog.format('COMMENT ON VIEW %s IS %L', '"finance_safe"."ledger_entries"', pg_catalog.left('{"product":"quarterly_ledger","domain":"finance","owner":"marta.silva@acme-retail.example","contract":"293233bb-3c84-4c9a-8ad6-00569072581d","contractVersion":"1.1.0","object":"ledger_entries","sla":[{"property":"latency","value":"1 d","element":"ledger_entries.posted_at"},{"property":"frequency","value":"1 d","element":"ledger_entries.posted_at"},{"property":"retention","value":"10 y","element":"ledger_entries.posting_date","driver":"regulatory"},{"property":"generalAvailability","value":"2024-07-01T00:00:00Z"}],"description":"One row per posted ledger line; each line is either a debit or a credit.","managedBy":"meshkit","view":"finance.ledger_entries for readers not approved for sensitive data","masked":["debit_eur (null)","credit_eur (null)","amount_original (null)","counterparty_name (sha256)","counterparty_iban (sha256)"],"definition":"697c7ef899fb5285"}', -1) || ',"viewDigest":"' || pg_catalog.md5(pg_catalog.pg_get_viewdef('"finance_safe"."ledger_entries"'::pg_catalog.regclass)) || '"}'); END$meshkit$;

COMMENT ON COLUMN "finance_safe"."ledger_entries"."entry_id" IS 'Journal entry line identifier (JE-<year>-<number>).';

COMMENT ON COLUMN "finance_safe"."ledger_entries"."posting_date" IS 'Date the entry was posted to the ledger.';

COMMENT ON COLUMN "finance_safe"."ledger_entries"."fiscal_year" IS 'Fiscal year (calendar year at acme-retail).';

COMMENT ON COLUMN "finance_safe"."ledger_entries"."fiscal_quarter" IS 'Fiscal quarter, 1 to 4.';

COMMENT ON COLUMN "finance_safe"."ledger_entries"."account_code" IS 'Four-digit account of the chart of accounts.';

COMMENT ON COLUMN "finance_safe"."ledger_entries"."account_name" IS 'Account name from the chart of accounts.';

COMMENT ON COLUMN "finance_safe"."ledger_entries"."cost_center" IS 'Cost centre the entry is booked on.';

COMMENT ON COLUMN "finance_safe"."ledger_entries"."debit_eur" IS 'Debit amount in EUR; 0 on credit lines. Masked (confidential): always NULL; roles approved for it read finance.ledger_entries.';

COMMENT ON COLUMN "finance_safe"."ledger_entries"."credit_eur" IS 'Credit amount in EUR; 0 on debit lines. Masked (confidential): always NULL; roles approved for it read finance.ledger_entries.';

COMMENT ON COLUMN "finance_safe"."ledger_entries"."currency_code" IS 'ISO 4217 currency of the original transaction.';

COMMENT ON COLUMN "finance_safe"."ledger_entries"."amount_original" IS 'Signed amount in the transaction currency (debit positive, credit negative). Masked (confidential): always NULL; roles approved for it read finance.ledger_entries.';

COMMENT ON COLUMN "finance_safe"."ledger_entries"."counterparty_name" IS 'Supplier or customer name; a person''s name for sole traders. Masked (restricted): the hex SHA-256 digest of the value (equal values, equal digests); roles approved for it read finance.ledger_entries.';

COMMENT ON COLUMN "finance_safe"."ledger_entries"."counterparty_iban" IS 'IBAN paid to or received from; only on bank-clearing lines. Masked (restricted): the hex SHA-256 digest of the value (equal values, equal digests); roles approved for it read finance.ledger_entries.';

COMMENT ON COLUMN "finance_safe"."ledger_entries"."document_reference" IS 'Source document (invoice, payment run, accrual) in the ERP.';

COMMENT ON COLUMN "finance_safe"."ledger_entries"."posted_by" IS 'ERP user id of the accountant who posted the entry.';

COMMENT ON COLUMN "finance_safe"."ledger_entries"."posted_at" IS 'When the entry was posted (UTC).';

CREATE VIEW "finance_safe"."quarterly_account_balances" AS SELECT "fiscal_year", "fiscal_quarter", "account_code", "account_name", "account_type", NULL::numeric(16,2) AS "opening_balance_eur", NULL::numeric(16,2) AS "total_debit_eur", NULL::numeric(16,2) AS "total_credit_eur", NULL::numeric(16,2) AS "closing_balance_eur", "entry_count", "is_closed", "closed_at", "computed_at" FROM "finance"."quarterly_account_balances";

ALTER VIEW "finance_safe"."quarterly_account_balances" OWNER TO "finance_owner";

REVOKE ALL ON TABLE "finance_safe"."quarterly_account_balances" FROM PUBLIC;

DO $meshkit$BEGIN EXECUTE pg_catalog.format('COMMENT ON VIEW %s IS %L', '"finance_safe"."quarterly_account_balances"', pg_catalog.left('{"product":"quarterly_ledger","domain":"finance","owner":"marta.silva@acme-retail.example","contract":"bc78b4e5-5fb7-465b-8989-2acd1d3852f7","contractVersion":"1.1.0","object":"quarterly_account_balances","sla":[{"property":"latency","value":"1 d","element":"quarterly_account_balances.computed_at"},{"property":"frequency","value":"1 d","element":"quarterly_account_balances.computed_at"},{"property":"retention","value":"10 y","element":"quarterly_account_balances.computed_at","driver":"regulatory"},{"property":"timeOfAvailability","value":"06:00+00:00","element":"quarterly_account_balances.computed_at","driver":"operational"},{"property":"generalAvailability","value":"2024-07-01T00:00:00Z"}],"description":"One row per account and fiscal quarter.","managedBy":"meshkit","view":"finance.quarterly_account_balances for readers not approved for sensitive data","masked":["opening_balance_eur (null)","total_debit_eur (null)","total_credit_eur (null)","closing_balance_eur (null)"],"definition":"8f76966062f8d8fd"}', -1) || ',"viewDigest":"' || pg_catalog.md5(pg_catalog.pg_get_viewdef('"finance_safe"."quarterly_account_balances"'::pg_catalog.regclass)) || '"}'); END$meshkit$;

COMMENT ON COLUMN "finance_safe"."quarterly_account_balances"."fiscal_year" IS 'Fiscal year (calendar year at acme-retail).';

COMMENT ON COLUMN "finance_safe"."quarterly_account_balances"."fiscal_quarter" IS 'Fiscal quarter, 1 to 4.';

COMMENT ON COLUMN "finance_safe"."quarterly_account_balances"."account_code" IS 'Four-digit account of the chart of accounts.';

COMMENT ON COLUMN "finance_safe"."quarterly_account_balances"."account_name" IS 'Account name from the chart of accounts.';

COMMENT ON COLUMN "finance_safe"."quarterly_account_balances"."account_type" IS 'Balance sheet or income statement class of the account.';

COMMENT ON COLUMN "finance_safe"."quarterly_account_balances"."opening_balance_eur" IS 'Balance at the start of the quarter (debit positive). Masked (confidential): always NULL; roles approved for it read finance.quarterly_account_balances.';

COMMENT ON COLUMN "finance_safe"."quarterly_account_balances"."total_debit_eur" IS 'Sum of debits posted in the quarter. Masked (confidential): always NULL; roles approved for it read finance.quarterly_account_balances.';

COMMENT ON COLUMN "finance_safe"."quarterly_account_balances"."total_credit_eur" IS 'Sum of credits posted in the quarter. Masked (confidential): always NULL; roles approved for it read finance.quarterly_account_balances.';

COMMENT ON COLUMN "finance_safe"."quarterly_account_balances"."closing_balance_eur" IS 'opening_balance_eur + total_debit_eur - total_credit_eur. Masked (confidential): always NULL; roles approved for it read finance.quarterly_account_balances.';

COMMENT ON COLUMN "finance_safe"."quarterly_account_balances"."entry_count" IS 'Number of ledger lines posted on the account in the quarter.';

COMMENT ON COLUMN "finance_safe"."quarterly_account_balances"."is_closed" IS 'True once the quarter is closed and the figures are final.';

COMMENT ON COLUMN "finance_safe"."quarterly_account_balances"."closed_at" IS 'When the quarter was closed (UTC); empty while open.';

COMMENT ON COLUMN "finance_safe"."quarterly_account_balances"."computed_at" IS 'When the balances were last recomputed (UTC).';

CREATE VIEW "marketing_safe"."campaign_contacts" AS SELECT "campaign_id", "customer_id", pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to("email", 'UTF8')), 'hex') AS "email", pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to("first_name", 'UTF8')), 'hex') AS "first_name", pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to("phone_number", 'UTF8')), 'hex') AS "phone_number", "country_code", "consent_status", "sent_at", "opened_at", "clicked_at", "converted", NULL::numeric(10,2) AS "conversion_value_eur" FROM "marketing"."campaign_contacts";

ALTER VIEW "marketing_safe"."campaign_contacts" OWNER TO "marketing_owner";

REVOKE ALL ON TABLE "marketing_safe"."campaign_contacts" FROM PUBLIC;

DO $meshkit$BEGIN EXECUTE pg_catalog.format('COMMENT ON VIEW %s IS %L', '"marketing_safe"."campaign_contacts"', pg_catalog.left('{"product":"customer_campaigns","domain":"marketing","owner":"lena.fischer@acme-retail.example","contract":"776c618b-3130-4fcd-8699-e5aa488bdc4c","contractVersion":"1.3.0","object":"campaign_contacts","sla":[{"property":"latency","value":"4 h","element":"campaign_contacts.sent_at"},{"property":"frequency","value":"1 h","element":"campaign_contacts.sent_at"},{"property":"retention","value":"7 y","element":"campaign_contacts.sent_at","driver":"regulatory"},{"property":"generalAvailability","value":"2024-10-01T00:00:00Z"}],"description":"One row per customer contacted by a campaign, with engagement and conversion.","managedBy":"meshkit","view":"marketing.campaign_contacts for readers not approved for sensitive data","masked":["email (sha256)","first_name (sha256)","phone_number (sha256)","conversion_value_eur (null)"],"definition":"8fe03c3349fffaf5"}', -1) || ',"viewDigest":"' || pg_catalog.md5(pg_catalog.pg_get_viewdef('"marketing_safe"."campaign_contacts"'::pg_catalog.regclass)) || '"}'); END$meshkit$;

COMMENT ON COLUMN "marketing_safe"."campaign_contacts"."campaign_id" IS 'Campaign that contacted the customer.';

COMMENT ON COLUMN "marketing_safe"."campaign_contacts"."customer_id" IS 'Customer identifier from the customer master.';

COMMENT ON COLUMN "marketing_safe"."campaign_contacts"."email" IS 'Email address the message was sent to (email and push campaigns). Masked (confidential): the hex SHA-256 digest of the value (equal values, equal digests); roles approved for it read marketing.campaign_contacts.';

COMMENT ON COLUMN "marketing_safe"."campaign_contacts"."first_name" IS 'First name used in the message salutation. Masked (confidential): the hex SHA-256 digest of the value (equal values, equal digests); roles approved for it read marketing.campaign_contacts.';

COMMENT ON COLUMN "marketing_safe"."campaign_contacts"."phone_number" IS 'Mobile number in E.164 format (SMS campaigns only). Masked (confidential): the hex SHA-256 digest of the value (equal values, equal digests); roles approved for it read marketing.campaign_contacts.';

COMMENT ON COLUMN "marketing_safe"."campaign_contacts"."country_code" IS 'ISO 3166-1 alpha-2 country of the customer.';

COMMENT ON COLUMN "marketing_safe"."campaign_contacts"."consent_status" IS 'Marketing consent at send time; only opted-in customers are contacted.';

COMMENT ON COLUMN "marketing_safe"."campaign_contacts"."sent_at" IS 'When the message was handed to the delivery provider (UTC).';

COMMENT ON COLUMN "marketing_safe"."campaign_contacts"."opened_at" IS 'First open of the message, if any (UTC).';

COMMENT ON COLUMN "marketing_safe"."campaign_contacts"."clicked_at" IS 'First click in the message, if any (UTC).';

COMMENT ON COLUMN "marketing_safe"."campaign_contacts"."converted" IS 'True when an order is attributed to this contact (last touch, 14 days).';

COMMENT ON COLUMN "marketing_safe"."campaign_contacts"."conversion_value_eur" IS 'Net order value attributed to the contact; 0 when not converted. Masked (confidential): always NULL; roles approved for it read marketing.campaign_contacts.';

CREATE VIEW "marketing_safe"."campaigns" AS SELECT "campaign_id", "campaign_name", "channel", "objective", "campaign_status", "target_segment", "start_date", "end_date", NULL::numeric(12,2) AS "budget_eur", "created_at", "updated_at" FROM "marketing"."campaigns";

ALTER VIEW "marketing_safe"."campaigns" OWNER TO "marketing_owner";

REVOKE ALL ON TABLE "marketing_safe"."campaigns" FROM PUBLIC;

DO $meshkit$BEGIN EXECUTE pg_catalog.format('COMMENT ON VIEW %s IS %L', '"marketing_safe"."campaigns"', pg_catalog.left('{"product":"customer_campaigns","domain":"marketing","owner":"lena.fischer@acme-retail.example","contract":"776c618b-3130-4fcd-8699-e5aa488bdc4c","contractVersion":"1.3.0","object":"campaigns","sla":[{"property":"timeOfAvailability","value":"07:00+00:00","element":"campaigns.updated_at","driver":"analytics"},{"property":"generalAvailability","value":"2024-10-01T00:00:00Z"}],"description":"One row per campaign, whatever its channel.","managedBy":"meshkit","view":"marketing.campaigns for readers not approved for sensitive data","masked":["budget_eur (null)"],"definition":"fdf9c4e0570cf2db"}', -1) || ',"viewDigest":"' || pg_catalog.md5(pg_catalog.pg_get_viewdef('"marketing_safe"."campaigns"'::pg_catalog.regclass)) || '"}'); END$meshkit$;

COMMENT ON COLUMN "marketing_safe"."campaigns"."campaign_id" IS 'Campaign identifier from the campaign planning tool.';

COMMENT ON COLUMN "marketing_safe"."campaigns"."campaign_name" IS 'Human readable campaign name.';

COMMENT ON COLUMN "marketing_safe"."campaigns"."channel" IS 'Delivery channel of the campaign.';

COMMENT ON COLUMN "marketing_safe"."campaigns"."objective" IS 'Business objective the campaign was planned for.';

COMMENT ON COLUMN "marketing_safe"."campaigns"."campaign_status" IS 'Lifecycle status of the campaign.';

COMMENT ON COLUMN "marketing_safe"."campaigns"."target_segment" IS 'Audience segment the campaign was sent to.';

COMMENT ON COLUMN "marketing_safe"."campaigns"."start_date" IS 'First day the campaign is live.';

COMMENT ON COLUMN "marketing_safe"."campaigns"."end_date" IS 'Last day the campaign is live; empty for always-on campaigns.';

COMMENT ON COLUMN "marketing_safe"."campaigns"."budget_eur" IS 'Approved media and production budget in EUR. Masked (confidential): always NULL; roles approved for it read marketing.campaigns.';

COMMENT ON COLUMN "marketing_safe"."campaigns"."created_at" IS 'When the campaign was created in the planning tool (UTC).';

COMMENT ON COLUMN "marketing_safe"."campaigns"."updated_at" IS 'Last change to the campaign record (UTC).';

CREATE VIEW "supply_chain_safe"."inventory_positions" AS SELECT "snapshot_date", "warehouse_code", "sku", "product_name", "product_category", "on_hand_qty", "reserved_qty", "available_qty", "in_transit_qty", "reorder_point", NULL::numeric(10,4) AS "unit_cost_eur", NULL::numeric(14,2) AS "stock_value_eur", "days_of_cover", "snapshot_taken_at" FROM "supply_chain"."inventory_positions";

ALTER VIEW "supply_chain_safe"."inventory_positions" OWNER TO "supply_chain_owner";

REVOKE ALL ON TABLE "supply_chain_safe"."inventory_positions" FROM PUBLIC;

DO $meshkit$BEGIN EXECUTE pg_catalog.format('COMMENT ON VIEW %s IS %L', '"supply_chain_safe"."inventory_positions"', pg_catalog.left('{"product":"inventory_snapshot","domain":"supply_chain","owner":"tomas.novak@acme-retail.example","contract":"91625232-c6ac-4510-9082-39cfaedc6580","contractVersion":"1.4.0","object":"inventory_positions","sla":[{"property":"latency","value":"6 h","element":"inventory_positions.snapshot_taken_at"},{"property":"frequency","value":"1 d","element":"inventory_positions.snapshot_date"},{"property":"timeOfAvailability","value":"05:00+00:00","element":"inventory_positions.snapshot_date","driver":"operational"},{"property":"retention","value":"3 y","element":"inventory_positions.snapshot_date"},{"property":"generalAvailability","value":"2024-04-02T00:00:00Z"},{"property":"timeToRepair","value":"8 h","driver":"operational"}],"description":"End-of-day stock of one SKU in one warehouse.","managedBy":"meshkit","view":"supply_chain.inventory_positions for readers not approved for sensitive data","masked":["unit_cost_eur (null)","stock_value_eur (null)"],"definition":"7fd5eae82627e0b4"}', -1) || ',"viewDigest":"' || pg_catalog.md5(pg_catalog.pg_get_viewdef('"supply_chain_safe"."inventory_positions"'::pg_catalog.regclass)) || '"}'); END$meshkit$;

COMMENT ON COLUMN "supply_chain_safe"."inventory_positions"."snapshot_date" IS 'Business date of the snapshot.';

COMMENT ON COLUMN "supply_chain_safe"."inventory_positions"."warehouse_code" IS 'Warehouse holding the stock.';

COMMENT ON COLUMN "supply_chain_safe"."inventory_positions"."sku" IS 'Stock keeping unit.';

COMMENT ON COLUMN "supply_chain_safe"."inventory_positions"."product_name" IS 'Product description from the item master.';

COMMENT ON COLUMN "supply_chain_safe"."inventory_positions"."product_category" IS 'Top-level merchandise category.';

COMMENT ON COLUMN "supply_chain_safe"."inventory_positions"."on_hand_qty" IS 'Units physically in the warehouse.';

COMMENT ON COLUMN "supply_chain_safe"."inventory_positions"."reserved_qty" IS 'Units allocated to open orders.';

COMMENT ON COLUMN "supply_chain_safe"."inventory_positions"."available_qty" IS 'on_hand_qty minus reserved_qty.';

COMMENT ON COLUMN "supply_chain_safe"."inventory_positions"."in_transit_qty" IS 'Units shipped to this warehouse and not yet received.';

COMMENT ON COLUMN "supply_chain_safe"."inventory_positions"."reorder_point" IS 'Available quantity at which replenishment is triggered.';

COMMENT ON COLUMN "supply_chain_safe"."inventory_positions"."unit_cost_eur" IS 'Moving average cost per unit in EUR. Masked (confidential): always NULL; roles approved for it read supply_chain.inventory_positions.';

COMMENT ON COLUMN "supply_chain_safe"."inventory_positions"."stock_value_eur" IS 'on_hand_qty times unit_cost_eur. Masked (confidential): always NULL; roles approved for it read supply_chain.inventory_positions.';

COMMENT ON COLUMN "supply_chain_safe"."inventory_positions"."days_of_cover" IS 'Days the available stock lasts at the 28-day average demand; empty without demand.';

COMMENT ON COLUMN "supply_chain_safe"."inventory_positions"."snapshot_taken_at" IS 'When the snapshot was extracted from the ERP (UTC).';

CREATE VIEW "supply_chain_safe"."warehouses" AS SELECT "warehouse_code", "warehouse_name", "warehouse_type", "country_code", "city", "timezone", "capacity_pallets", "is_active", "opened_on", "updated_at" FROM "supply_chain"."warehouses";

ALTER VIEW "supply_chain_safe"."warehouses" OWNER TO "supply_chain_owner";

REVOKE ALL ON TABLE "supply_chain_safe"."warehouses" FROM PUBLIC;

DO $meshkit$BEGIN EXECUTE pg_catalog.format('COMMENT ON VIEW %s IS %L', '"supply_chain_safe"."warehouses"', pg_catalog.left('{"product":"inventory_snapshot","domain":"supply_chain","owner":"tomas.novak@acme-retail.example","contract":"91625232-c6ac-4510-9082-39cfaedc6580","contractVersion":"1.4.0","object":"warehouses","sla":[{"property":"generalAvailability","value":"2024-04-02T00:00:00Z"},{"property":"timeToRepair","value":"8 h","driver":"operational"}],"description":"Distribution centres and stores with a stock room.","managedBy":"meshkit","view":"supply_chain.warehouses for readers not approved for sensitive data","masked":[],"definition":"6df7b388bb6ade5f"}', -1) || ',"viewDigest":"' || pg_catalog.md5(pg_catalog.pg_get_viewdef('"supply_chain_safe"."warehouses"'::pg_catalog.regclass)) || '"}'); END$meshkit$;

COMMENT ON COLUMN "supply_chain_safe"."warehouses"."warehouse_code" IS 'Warehouse identifier (WH-<city>-<number>).';

COMMENT ON COLUMN "supply_chain_safe"."warehouses"."warehouse_name" IS 'Display name of the warehouse.';

COMMENT ON COLUMN "supply_chain_safe"."warehouses"."warehouse_type" IS 'Distribution centre or store stock room.';

COMMENT ON COLUMN "supply_chain_safe"."warehouses"."country_code" IS 'ISO 3166-1 alpha-2 country.';

COMMENT ON COLUMN "supply_chain_safe"."warehouses"."city" IS 'City of the warehouse.';

COMMENT ON COLUMN "supply_chain_safe"."warehouses"."timezone" IS 'IANA time zone the snapshot cut-off is computed in.';

COMMENT ON COLUMN "supply_chain_safe"."warehouses"."capacity_pallets" IS 'Storage capacity in pallet places.';

COMMENT ON COLUMN "supply_chain_safe"."warehouses"."is_active" IS 'False once the warehouse is closed; closed warehouses keep their history.';

COMMENT ON COLUMN "supply_chain_safe"."warehouses"."opened_on" IS 'Date the warehouse started operating.';

COMMENT ON COLUMN "supply_chain_safe"."warehouses"."updated_at" IS 'Last change to the warehouse record (UTC).';

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "customer"."customer_consents" TO "customer_pipeline_writer";

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "customer"."customer_profiles" TO "customer_pipeline_writer";

GRANT SELECT ON TABLE "customer_safe"."customer_consents" TO "customer_profile_reader";

GRANT SELECT ON TABLE "customer_safe"."customer_consents" TO "marketing_segmentation";

GRANT SELECT ON TABLE "customer_safe"."customer_profiles" TO "customer_profile_reader";

GRANT SELECT ON TABLE "customer_safe"."customer_profiles" TO "marketing_segmentation";

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "finance"."ledger_entries" TO "finance_pipeline_writer";

GRANT SELECT ON TABLE "finance_safe"."ledger_entries" TO "external_auditor";

GRANT SELECT ON TABLE "finance_safe"."ledger_entries" TO "finance_controller";

GRANT SELECT ON TABLE "finance_safe"."quarterly_account_balances" TO "finance_controller";

GRANT SELECT ON TABLE "finance_safe"."quarterly_account_balances" TO "management_reporting";

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "marketing"."campaign_contacts" TO "marketing_pipeline_writer";

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "marketing"."campaigns" TO "marketing_pipeline_writer";

GRANT SELECT ON TABLE "marketing_safe"."campaign_contacts" TO "customer_domain_reader";

GRANT SELECT ON TABLE "marketing_safe"."campaign_contacts" TO "marketing_analyst";

GRANT SELECT ON TABLE "marketing_safe"."campaigns" TO "customer_domain_reader";

GRANT SELECT ON TABLE "marketing_safe"."campaigns" TO "marketing_analyst";

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "supply_chain"."inventory_positions" TO "inventory_pipeline_writer";

GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "supply_chain"."warehouses" TO "inventory_pipeline_writer";

GRANT SELECT ON TABLE "supply_chain_safe"."inventory_positions" TO "finance_controlling";

GRANT SELECT ON TABLE "supply_chain_safe"."inventory_positions" TO "replenishment_planner";

GRANT SELECT ON TABLE "supply_chain_safe"."warehouses" TO "finance_controlling";

GRANT SELECT ON TABLE "supply_chain_safe"."warehouses" TO "replenishment_planner";

GRANT USAGE ON SCHEMA "customer" TO "customer_pipeline_writer";

GRANT USAGE ON SCHEMA "customer_safe" TO "customer_profile_reader";

GRANT USAGE ON SCHEMA "customer_safe" TO "marketing_segmentation";

GRANT USAGE ON SCHEMA "finance" TO "finance_pipeline_writer";

GRANT USAGE ON SCHEMA "finance_safe" TO "external_auditor";

GRANT USAGE ON SCHEMA "finance_safe" TO "finance_controller";

GRANT USAGE ON SCHEMA "finance_safe" TO "management_reporting";

GRANT USAGE ON SCHEMA "marketing" TO "marketing_pipeline_writer";

GRANT USAGE ON SCHEMA "marketing_safe" TO "customer_domain_reader";

GRANT USAGE ON SCHEMA "marketing_safe" TO "marketing_analyst";

GRANT USAGE ON SCHEMA "supply_chain" TO "inventory_pipeline_writer";

GRANT USAGE ON SCHEMA "supply_chain_safe" TO "finance_controlling";

GRANT USAGE ON SCHEMA "supply_chain_safe" TO "replenishment_planner";
