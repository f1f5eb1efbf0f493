CREATE SCHEMA "customer";

CREATE SCHEMA "finance";

CREATE SCHEMA "marketing";

CREATE SCHEMA "supply_chain";

CREATE TABLE "customer"."customer_profiles" ("customer_id" VARCHAR NOT NULL, "full_name" VARCHAR NOT NULL, "email" VARCHAR NOT NULL, "phone_number" VARCHAR, "date_of_birth" DATE, "street_address" VARCHAR NOT NULL, "postal_code" VARCHAR NOT NULL, "city" VARCHAR NOT NULL, "country_code" VARCHAR NOT NULL, "customer_since" DATE NOT NULL, "loyalty_tier" VARCHAR NOT NULL, "preferred_channel" VARCHAR NOT NULL, "order_count" INTEGER NOT NULL, "lifetime_value_eur" DECIMAL(12,2) NOT NULL, "last_campaign_id" VARCHAR, "campaign_conversions_90d" INTEGER NOT NULL, "updated_at" TIMESTAMP NOT NULL);

COMMENT ON TABLE "customer"."customer_profiles" IS '{"product":"customer_360","domain":"customer","owner":"sofia.rossi@acme-retail.example","contract":"532d783c-fba8-4fb6-9955-558a0a5672a2","contractVersion":"2.1.0","object":"customer_profiles","sla":[{"property":"latency","value":"24 h","element":"customer_profiles.updated_at"},{"property":"frequency","value":"1 d","element":"customer_profiles.updated_at"},{"property":"retention","value":"10 y","element":"customer_profiles.updated_at","driver":"regulatory"},{"property":"generalAvailability","value":"2024-01-15T00:00:00Z"},{"property":"endOfSupport","value":"2027-12-31T23:59:59Z"}],"description":"Golden record, one row per customer.","managedBy":"meshkit"}';

COMMENT ON COLUMN "customer"."customer_profiles"."customer_id" IS 'Customer identifier from the customer master. [classification: internal; primary key]';

COMMENT ON COLUMN "customer"."customer_profiles"."full_name" IS 'First and last name as given by the customer. [classification: restricted]';

COMMENT ON COLUMN "customer"."customer_profiles"."email" IS 'Primary email address, lower case. [classification: restricted; unique]';

COMMENT ON COLUMN "customer"."customer_profiles"."phone_number" IS 'Mobile number in E.164 format, if the customer gave one. [classification: restricted]';

COMMENT ON COLUMN "customer"."customer_profiles"."date_of_birth" IS 'Date of birth; customers must be adults. [classification: restricted]';

COMMENT ON COLUMN "customer"."customer_profiles"."street_address" IS 'Street and house number of the billing address. [classification: restricted]';

COMMENT ON COLUMN "customer"."customer_profiles"."postal_code" IS 'Postal code of the billing address. [classification: confidential]';

COMMENT ON COLUMN "customer"."customer_profiles"."city" IS 'City of the billing address. [classification: confidential]';

COMMENT ON COLUMN "customer"."customer_profiles"."country_code" IS 'ISO 3166-1 alpha-2 country of the billing address. [classification: public]';

COMMENT ON COLUMN "customer"."customer_profiles"."customer_since" IS 'Date of the first order or account creation, whichever came first. [classification: internal]';

COMMENT ON COLUMN "customer"."customer_profiles"."loyalty_tier" IS 'Loyalty programme tier. [classification: internal]';

COMMENT ON COLUMN "customer"."customer_profiles"."preferred_channel" IS 'Channel the customer prefers to be contacted on. [classification: internal]';

COMMENT ON COLUMN "customer"."customer_profiles"."order_count" IS 'Number of orders since customer_since. [classification: internal]';

COMMENT ON COLUMN "customer"."customer_profiles"."lifetime_value_eur" IS 'Net revenue of all orders in EUR, returns deducted. [classification: confidential]';

COMMENT ON COLUMN "customer"."customer_profiles"."last_campaign_id" IS 'Last campaign that contacted the customer (marketing''s customer_campaigns). [classification: internal]';

COMMENT ON COLUMN "customer"."customer_profiles"."campaign_conversions_90d" IS 'Conversions attributed to campaigns in the last 90 days. [classification: internal]';

COMMENT ON COLUMN "customer"."customer_profiles"."updated_at" IS 'Last time any attribute of the profile changed (UTC). [classification: internal]';

CREATE TABLE "customer"."customer_consents" ("customer_id" VARCHAR NOT NULL, "consent_purpose" VARCHAR NOT NULL, "consent_status" VARCHAR NOT NULL, "legal_basis" VARCHAR NOT NULL, "captured_channel" VARCHAR NOT NULL, "captured_at" TIMESTAMP NOT NULL, "withdrawn_at" TIMESTAMP, "source_system" VARCHAR NOT NULL);

COMMENT ON TABLE "customer"."customer_consents" IS '{"product":"customer_360","domain":"customer","owner":"sofia.rossi@acme-retail.example","contract":"532d783c-fba8-4fb6-9955-558a0a5672a2","contractVersion":"2.1.0","object":"customer_consents","sla":[{"property":"latency","value":"1 h","element":"customer_consents.captured_at","driver":"regulatory"},{"property":"generalAvailability","value":"2024-01-15T00:00:00Z"},{"property":"endOfSupport","value":"2027-12-31T23:59:59Z"}],"description":"Current state of every consent a customer has given or withdrawn.","managedBy":"meshkit"}';

COMMENT ON COLUMN "customer"."customer_consents"."customer_id" IS 'Customer the consent belongs to. [classification: internal; primary key (1 of 2)]';

COMMENT ON COLUMN "customer"."customer_consents"."consent_purpose" IS 'What the customer consented to. [classification: internal; primary key (2 of 2)]';

COMMENT ON COLUMN "customer"."customer_consents"."consent_status" IS 'Current state of the consent. [classification: internal]';

COMMENT ON COLUMN "customer"."customer_consents"."legal_basis" IS 'GDPR article 6 legal basis the processing relies on. [classification: internal]';

COMMENT ON COLUMN "customer"."customer_consents"."captured_channel" IS 'Where the consent was captured. [classification: internal]';

COMMENT ON COLUMN "customer"."customer_consents"."captured_at" IS 'When the consent was given (UTC). [classification: internal]';

COMMENT ON COLUMN "customer"."customer_consents"."withdrawn_at" IS 'When the consent was withdrawn (UTC); empty while granted. [classification: internal]';

COMMENT ON COLUMN "customer"."customer_consents"."source_system" IS 'System of record for the consent. [classification: internal]';

CREATE TABLE "finance"."ledger_entries" ("entry_id" VARCHAR NOT NULL, "posting_date" DATE NOT NULL, "fiscal_year" INTEGER NOT NULL, "fiscal_quarter" INTEGER NOT NULL, "account_code" VARCHAR NOT NULL, "account_name" VARCHAR NOT NULL, "cost_center" VARCHAR NOT NULL, "debit_eur" DECIMAL(14,2) NOT NULL, "credit_eur" DECIMAL(14,2) NOT NULL, "currency_code" VARCHAR NOT NULL, "amount_original" DECIMAL(14,2) NOT NULL, "counterparty_name" VARCHAR, "counterparty_iban" VARCHAR, "document_reference" VARCHAR NOT NULL, "posted_by" VARCHAR NOT NULL, "posted_at" TIMESTAMP NOT NULL);

COMMENT ON TABLE "finance"."ledger_entries" IS '{"product":"quarterly_ledger","domain":"finance","owner":"marta.silva@acme-retail.example","contract":"293233bb-3c84-4c9a-8ad6-00569072581d","contractVersion":"1.1.0","object":"ledger_entries","sla":[{"property":"latency","value":"1 d","element":"ledger_entries.posted_at"},{"property":"frequency","value":"1 d","element":"ledger_entries.posted_at"},{"property":"retention","value":"10 y","element":"ledger_entries.posting_date","driver":"regulatory"},{"property":"generalAvailability","value":"2024-07-01T00:00:00Z"}],"description":"One row per posted ledger line; each line is either a debit or a credit.","managedBy":"meshkit"}';

COMMENT ON COLUMN "finance"."ledger_entries"."entry_id" IS 'Journal entry line identifier (JE-<year>-<number>). [classification: internal; primary key]';

COMMENT ON COLUMN "finance"."ledger_entries"."posting_date" IS 'Date the entry was posted to the ledger. [classification: internal]';

COMMENT ON COLUMN "finance"."ledger_entries"."fiscal_year" IS 'Fiscal year (calendar year at acme-retail). [classification: internal]';

COMMENT ON COLUMN "finance"."ledger_entries"."fiscal_quarter" IS 'Fiscal quarter, 1 to 4. [classification: internal]';

COMMENT ON COLUMN "finance"."ledger_entries"."account_code" IS 'Four-digit account of the chart of accounts. [classification: internal]';

COMMENT ON COLUMN "finance"."ledger_entries"."account_name" IS 'Account name from the chart of accounts. [classification: internal]';

COMMENT ON COLUMN "finance"."ledger_entries"."cost_center" IS 'Cost centre the entry is booked on. [classification: internal]';

COMMENT ON COLUMN "finance"."ledger_entries"."debit_eur" IS 'Debit amount in EUR; 0 on credit lines. [classification: confidential]';

COMMENT ON COLUMN "finance"."ledger_entries"."credit_eur" IS 'Credit amount in EUR; 0 on debit lines. [classification: confidential]';

COMMENT ON COLUMN "finance"."ledger_entries"."currency_code" IS 'ISO 4217 currency of the original transaction. [classification: internal]';

COMMENT ON COLUMN "finance"."ledger_entries"."amount_original" IS 'Signed amount in the transaction currency (debit positive, credit negative). [classification: confidential]';

COMMENT ON COLUMN "finance"."ledger_entries"."counterparty_name" IS 'Supplier or customer name; a person''s name for sole traders. [classification: restricted]';

COMMENT ON COLUMN "finance"."ledger_entries"."counterparty_iban" IS 'IBAN paid to or received from; only on bank-clearing lines. [classification: restricted]';

COMMENT ON COLUMN "finance"."ledger_entries"."document_reference" IS 'Source document (invoice, payment run, accrual) in the ERP. [classification: internal]';

COMMENT ON COLUMN "finance"."ledger_entries"."posted_by" IS 'ERP user id of the accountant who posted the entry. [classification: internal]';

COMMENT ON COLUMN "finance"."ledger_entries"."posted_at" IS 'When the entry was posted (UTC). [classification: internal]';

CREATE TABLE "finance"."quarterly_account_balances" ("fiscal_year" INTEGER NOT NULL, "fiscal_quarter" INTEGER NOT NULL, "account_code" VARCHAR NOT NULL, "account_name" VARCHAR NOT NULL, "account_type" VARCHAR NOT NULL, "opening_balance_eur" DECIMAL(16,2) NOT NULL, "total_debit_eur" DECIMAL(16,2) NOT NULL, "total_credit_eur" DECIMAL(16,2) NOT NULL, "closing_balance_eur" DECIMAL(16,2) NOT NULL, "entry_count" INTEGER NOT NULL, "is_closed" BOOLEAN NOT NULL, "closed_at" TIMESTAMP, "computed_at" TIMESTAMP NOT NULL);

COMMENT ON TABLE "finance"."quarterly_account_balances" IS '{"product":"quarterly_ledger","domain":"finance","owner":"marta.silva@acme-retail.example","contract":"bc78b4e5-5fb7-465b-8989-2acd1d3852f7","contractVersion":"1.1.0","object":"quarterly_account_balances","sla":[{"property":"latency","value":"1 d","element":"quarterly_account_balances.computed_at"},{"property":"frequency","value":"1 d","element":"quarterly_account_balances.computed_at"},{"property":"retention","value":"10 y","element":"quarterly_account_balances.computed_at","driver":"regulatory"},{"property":"timeOfAvailability","value":"06:00+00:00","element":"quarterly_account_balances.computed_at","driver":"operational"},{"property":"generalAvailability","value":"2024-07-01T00:00:00Z"}],"description":"One row per account and fiscal quarter.","managedBy":"meshkit"}';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."fiscal_year" IS 'Fiscal year (calendar year at acme-retail). [classification: internal; primary key (1 of 3)]';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."fiscal_quarter" IS 'Fiscal quarter, 1 to 4. [classification: internal; primary key (2 of 3)]';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."account_code" IS 'Four-digit account of the chart of accounts. [classification: internal; primary key (3 of 3)]';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."account_name" IS 'Account name from the chart of accounts. [classification: internal]';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."account_type" IS 'Balance sheet or income statement class of the account. [classification: internal]';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."opening_balance_eur" IS 'Balance at the start of the quarter (debit positive). [classification: confidential]';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."total_debit_eur" IS 'Sum of debits posted in the quarter. [classification: confidential]';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."total_credit_eur" IS 'Sum of credits posted in the quarter. [classification: confidential]';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."closing_balance_eur" IS 'opening_balance_eur + total_debit_eur - total_credit_eur. [classification: confidential]';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."entry_count" IS 'Number of ledger lines posted on the account in the quarter. [classification: internal]';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."is_closed" IS 'True once the quarter is closed and the figures are final. [classification: internal]';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."closed_at" IS 'When the quarter was closed (UTC); empty while open. [classification: internal]';

COMMENT ON COLUMN "finance"."quarterly_account_balances"."computed_at" IS 'When the balances were last recomputed (UTC). [classification: internal]';

CREATE TABLE "marketing"."campaigns" ("campaign_id" VARCHAR NOT NULL, "campaign_name" VARCHAR NOT NULL, "channel" VARCHAR NOT NULL, "objective" VARCHAR NOT NULL, "campaign_status" VARCHAR NOT NULL, "target_segment" VARCHAR NOT NULL, "start_date" DATE NOT NULL, "end_date" DATE, "budget_eur" DECIMAL(12,2) NOT NULL, "created_at" TIMESTAMP NOT NULL, "updated_at" TIMESTAMP NOT NULL);

COMMENT ON TABLE "marketing"."campaigns" IS '{"product":"customer_campaigns","domain":"marketing","owner":"lena.fischer@acme-retail.example","contract":"776c618b-3130-4fcd-8699-e5aa488bdc4c","contractVersion":"1.3.0","object":"campaigns","sla":[{"property":"timeOfAvailability","value":"07:00+00:00","element":"campaigns.updated_at","driver":"analytics"},{"property":"generalAvailability","value":"2024-10-01T00:00:00Z"}],"description":"One row per campaign, whatever its channel.","managedBy":"meshkit"}';

COMMENT ON COLUMN "marketing"."campaigns"."campaign_id" IS 'Campaign identifier from the campaign planning tool. [classification: internal; primary key]';

COMMENT ON COLUMN "marketing"."campaigns"."campaign_name" IS 'Human readable campaign name. [classification: internal]';

COMMENT ON COLUMN "marketing"."campaigns"."channel" IS 'Delivery channel of the campaign. [classification: internal]';

COMMENT ON COLUMN "marketing"."campaigns"."objective" IS 'Business objective the campaign was planned for. [classification: internal]';

COMMENT ON COLUMN "marketing"."campaigns"."campaign_status" IS 'Lifecycle status of the campaign. [classification: internal]';

COMMENT ON COLUMN "marketing"."campaigns"."target_segment" IS 'Audience segment the campaign was sent to. [classification: internal]';

COMMENT ON COLUMN "marketing"."campaigns"."start_date" IS 'First day the campaign is live. [classification: internal]';

COMMENT ON COLUMN "marketing"."campaigns"."end_date" IS 'Last day the campaign is live; empty for always-on campaigns. [classification: internal]';

COMMENT ON COLUMN "marketing"."campaigns"."budget_eur" IS 'Approved media and production budget in EUR. [classification: confidential]';

COMMENT ON COLUMN "marketing"."campaigns"."created_at" IS 'When the campaign was created in the planning tool (UTC). [classification: internal]';

COMMENT ON COLUMN "marketing"."campaigns"."updated_at" IS 'Last change to the campaign record (UTC). [classification: internal]';

CREATE TABLE "marketing"."campaign_contacts" ("campaign_id" VARCHAR NOT NULL, "customer_id" VARCHAR NOT NULL, "email" VARCHAR, "first_name" VARCHAR NOT NULL, "phone_number" VARCHAR, "country_code" VARCHAR NOT NULL, "consent_status" VARCHAR NOT NULL, "sent_at" TIMESTAMP NOT NULL, "opened_at" TIMESTAMP, "clicked_at" TIMESTAMP, "converted" BOOLEAN NOT NULL, "conversion_value_eur" DECIMAL(10,2) NOT NULL);

COMMENT ON TABLE "marketing"."campaign_contacts" IS '{"product":"customer_campaigns","domain":"marketing","owner":"lena.fischer@acme-retail.example","contract":"776c618b-3130-4fcd-8699-e5aa488bdc4c","contractVersion":"1.3.0","object":"campaign_contacts","sla":[{"property":"latency","value":"4 h","element":"campaign_contacts.sent_at"},{"property":"frequency","value":"1 h","element":"campaign_contacts.sent_at"},{"property":"retention","value":"7 y","element":"campaign_contacts.sent_at","driver":"regulatory"},{"property":"generalAvailability","value":"2024-10-01T00:00:00Z"}],"description":"One row per customer contacted by a campaign, with engagement and conversion.","managedBy":"meshkit"}';

COMMENT ON COLUMN "marketing"."campaign_contacts"."campaign_id" IS 'Campaign that contacted the customer. [classification: internal; primary key (1 of 2)]';

COMMENT ON COLUMN "marketing"."campaign_contacts"."customer_id" IS 'Customer identifier from the customer master. [classification: internal; primary key (2 of 2)]';

COMMENT ON COLUMN "marketing"."campaign_contacts"."email" IS 'Email address the message was sent to (email and push campaigns). [classification: confidential]';

COMMENT ON COLUMN "marketing"."campaign_contacts"."first_name" IS 'First name used in the message salutation. [classification: confidential]';

COMMENT ON COLUMN "marketing"."campaign_contacts"."phone_number" IS 'Mobile number in E.164 format (SMS campaigns only). [classification: confidential]';

COMMENT ON COLUMN "marketing"."campaign_contacts"."country_code" IS 'ISO 3166-1 alpha-2 country of the customer. [classification: public]';

COMMENT ON COLUMN "marketing"."campaign_contacts"."consent_status" IS 'Marketing consent at send time; only opted-in customers are contacted. [classification: internal]';

COMMENT ON COLUMN "marketing"."campaign_contacts"."sent_at" IS 'When the message was handed to the delivery provider (UTC). [classification: internal]';

COMMENT ON COLUMN "marketing"."campaign_contacts"."opened_at" IS 'First open of the message, if any (UTC). [classification: internal]';

COMMENT ON COLUMN "marketing"."campaign_contacts"."clicked_at" IS 'First click in the message, if any (UTC). [classification: internal]';

COMMENT ON COLUMN "marketing"."campaign_contacts"."converted" IS 'True when an order is attributed to this contact (last touch, 14 days). [classification: internal]';

COMMENT ON COLUMN "marketing"."campaign_contacts"."conversion_value_eur" IS 'Net order value attributed to the contact; 0 when not converted. [classification: confidential]';

CREATE TABLE "supply_chain"."inventory_positions" ("snapshot_date" DATE NOT NULL, "warehouse_code" VARCHAR NOT NULL, "sku" VARCHAR NOT NULL, "product_name" VARCHAR NOT NULL, "product_category" VARCHAR NOT NULL, "on_hand_qty" INTEGER NOT NULL, "reserved_qty" INTEGER NOT NULL, "available_qty" INTEGER NOT NULL, "in_transit_qty" INTEGER NOT NULL, "reorder_point" INTEGER NOT NULL, "unit_cost_eur" DECIMAL(10,4) NOT NULL, "stock_value_eur" DECIMAL(14,2) NOT NULL, "days_of_cover" DECIMAL(8,1), "snapshot_taken_at" TIMESTAMP NOT NULL);

COMMENT ON TABLE "supply_chain"."inventory_positions" IS '{"product":"inventory_snapshot","domain":"supply_chain","owner":"tomas.novak@acme-retail.example","contract":"91625232-c6ac-4510-9082-39cfaedc6580","contractVersion":"1.4.0","object":"inventory_positions","sla":[{"property":"latency","value":"6 h","element":"inventory_positions.snapshot_taken_at"},{"property":"frequency","value":"1 d","element":"inventory_positions.snapshot_date"},{"property":"timeOfAvailability","value":"05:00+00:00","element":"inventory_positions.snapshot_date","driver":"operational"},{"property":"retention","value":"3 y","element":"inventory_positions.snapshot_date"},{"property":"generalAvailability","value":"2024-04-02T00:00:00Z"},{"property":"timeToRepair","value":"8 h","driver":"operational"}],"description":"End-of-day stock of one SKU in one warehouse.","managedBy":"meshkit"}';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."snapshot_date" IS 'Business date of the snapshot. [classification: internal; primary key (1 of 3)]';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."warehouse_code" IS 'Warehouse holding the stock. [classification: internal; primary key (2 of 3)]';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."sku" IS 'Stock keeping unit. [classification: internal; primary key (3 of 3)]';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."product_name" IS 'Product description from the item master. [classification: public]';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."product_category" IS 'Top-level merchandise category. [classification: public]';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."on_hand_qty" IS 'Units physically in the warehouse. [classification: internal]';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."reserved_qty" IS 'Units allocated to open orders. [classification: internal]';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."available_qty" IS 'on_hand_qty minus reserved_qty. [classification: internal]';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."in_transit_qty" IS 'Units shipped to this warehouse and not yet received. [classification: internal]';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."reorder_point" IS 'Available quantity at which replenishment is triggered. [classification: internal]';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."unit_cost_eur" IS 'Moving average cost per unit in EUR. [classification: confidential]';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."stock_value_eur" IS 'on_hand_qty times unit_cost_eur. [classification: confidential]';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."days_of_cover" IS 'Days the available stock lasts at the 28-day average demand; empty without demand. [classification: internal]';

COMMENT ON COLUMN "supply_chain"."inventory_positions"."snapshot_taken_at" IS 'When the snapshot was extracted from the ERP (UTC). [classification: internal]';

CREATE TABLE "supply_chain"."warehouses" ("warehouse_code" VARCHAR NOT NULL, "warehouse_name" VARCHAR NOT NULL, "warehouse_type" VARCHAR NOT NULL, "country_code" VARCHAR NOT NULL, "city" VARCHAR NOT NULL, "timezone" VARCHAR NOT NULL, "capacity_pallets" INTEGER NOT NULL, "is_active" BOOLEAN NOT NULL, "opened_on" DATE NOT NULL, "updated_at" TIMESTAMP NOT NULL);

COMMENT ON TABLE "supply_chain"."warehouses" IS '{"product":"inventory_snapshot","domain":"supply_chain","owner":"tomas.novak@acme-retail.example","contract":"91625232-c6ac-4510-9082-39cfaedc6580","contractVersion":"1.4.0","object":"warehouses","sla":[{"property":"generalAvailability","value":"2024-04-02T00:00:00Z"},{"property":"timeToRepair","value":"8 h","driver":"operational"}],"description":"Distribution centres and stores with a stock room.","managedBy":"meshkit"}';

COMMENT ON COLUMN "supply_chain"."warehouses"."warehouse_code" IS 'Warehouse identifier (WH-<city>-<number>). [classification: internal; primary key]';

COMMENT ON COLUMN "supply_chain"."warehouses"."warehouse_name" IS 'Display name of the warehouse. [classification: public]';

COMMENT ON COLUMN "supply_chain"."warehouses"."warehouse_type" IS 'Distribution centre or store stock room. [classification: public]';

COMMENT ON COLUMN "supply_chain"."warehouses"."country_code" IS 'ISO 3166-1 alpha-2 country. [classification: public]';

COMMENT ON COLUMN "supply_chain"."warehouses"."city" IS 'City of the warehouse. [classification: public]';

COMMENT ON COLUMN "supply_chain"."warehouses"."timezone" IS 'IANA time zone the snapshot cut-off is computed in. [classification: public]';

COMMENT ON COLUMN "supply_chain"."warehouses"."capacity_pallets" IS 'Storage capacity in pallet places. [classification: internal]';

COMMENT ON COLUMN "supply_chain"."warehouses"."is_active" IS 'False once the warehouse is closed; closed warehouses keep their history. [classification: internal]';

COMMENT ON COLUMN "supply_chain"."warehouses"."opened_on" IS 'Date the warehouse started operating. [classification: internal]';

COMMENT ON COLUMN "supply_chain"."warehouses"."updated_at" IS 'Last change to the warehouse record (UTC). [classification: internal]';
