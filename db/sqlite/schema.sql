CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "migration_id" TEXT NOT NULL CONSTRAINT "pk___ef_migrations_history" PRIMARY KEY,
    "product_version" TEXT NOT NULL
);

BEGIN TRANSACTION;
CREATE TABLE "customers" (
    "id" TEXT NOT NULL CONSTRAINT "pk_customers" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "email_encrypted" TEXT NOT NULL,
    "phone_encrypted" TEXT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "email_index" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "addresses_encrypted" TEXT NOT NULL
);

CREATE TABLE "idempotency_records" (
    "caller" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "response_status" INTEGER NULL,
    "response_content_type" TEXT NULL,
    "response_location" TEXT NULL,
    "response_e_tag" TEXT NULL,
    "response_body" BLOB NULL,
    "created_at" INTEGER NOT NULL,
    "locked_until" INTEGER NOT NULL,
    "expires_at" INTEGER NOT NULL,
    CONSTRAINT "pk_idempotency_records" PRIMARY KEY ("caller", "key")
);

CREATE TABLE "order_number_counter" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_order_number_counter" PRIMARY KEY,
    "last_value" INTEGER NOT NULL
);

CREATE TABLE "products" (
    "id" TEXT NOT NULL CONSTRAINT "pk_products" PRIMARY KEY,
    "sku" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NULL,
    "status" TEXT NOT NULL,
    "stock_on_hand" INTEGER NOT NULL,
    "stock_reserved" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "unit_price_amount" INTEGER NOT NULL,
    "unit_price_currency" TEXT NOT NULL,
    CONSTRAINT "ck_products_stock" CHECK (stock_reserved >= 0 AND stock_reserved <= stock_on_hand),
    CONSTRAINT "ck_products_unit_price" CHECK (unit_price_amount >= 0)
);

CREATE TABLE "orders" (
    "id" TEXT NOT NULL CONSTRAINT "pk_orders" PRIMARY KEY,
    "number" INTEGER NOT NULL,
    "customer_id" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "payment_status" TEXT NOT NULL,
    "fulfilment_status" TEXT NOT NULL,
    "payment_reference" TEXT NULL,
    "event_count" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "amount_paid_amount" INTEGER NOT NULL,
    "amount_paid_currency" TEXT NOT NULL,
    "amount_refunded_amount" INTEGER NOT NULL,
    "amount_refunded_currency" TEXT NOT NULL,
    "shipping_fee_amount" INTEGER NOT NULL,
    "shipping_fee_currency" TEXT NOT NULL,
    "subtotal_amount" INTEGER NOT NULL,
    "subtotal_currency" TEXT NOT NULL,
    "total_amount" INTEGER NOT NULL,
    "total_currency" TEXT NOT NULL,
    CONSTRAINT "fk_orders_customers_customer_id" FOREIGN KEY ("customer_id") REFERENCES "customers" ("id") ON DELETE RESTRICT
);

CREATE TABLE "stock_movements" (
    "id" TEXT NOT NULL CONSTRAINT "pk_stock_movements" PRIMARY KEY,
    "product_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "reason" TEXT NULL,
    "order_id" TEXT NULL,
    "occurred_at" INTEGER NOT NULL,
    CONSTRAINT "fk_stock_movements_products_product_id" FOREIGN KEY ("product_id") REFERENCES "products" ("id") ON DELETE RESTRICT
);

CREATE TABLE "order_events" (
    "id" TEXT NOT NULL CONSTRAINT "pk_order_events" PRIMARY KEY,
    "order_id" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "data" TEXT NOT NULL,
    "occurred_at" INTEGER NOT NULL,
    CONSTRAINT "fk_order_events_orders_order_id" FOREIGN KEY ("order_id") REFERENCES "orders" ("id") ON DELETE CASCADE
);

CREATE TABLE "order_lines" (
    "id" TEXT NOT NULL CONSTRAINT "pk_order_lines" PRIMARY KEY,
    "product_id" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "product_name" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "shipped_quantity" INTEGER NOT NULL,
    "order_id" TEXT NULL,
    "unit_price_amount" INTEGER NOT NULL,
    "unit_price_currency" TEXT NOT NULL,
    CONSTRAINT "ck_order_lines_shipped" CHECK (shipped_quantity >= 0 AND shipped_quantity <= quantity AND quantity > 0),
    CONSTRAINT "fk_order_lines_orders_order_id" FOREIGN KEY ("order_id") REFERENCES "orders" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_order_lines_products_product_id" FOREIGN KEY ("product_id") REFERENCES "products" ("id") ON DELETE RESTRICT
);

CREATE TABLE "refunds" (
    "id" TEXT NOT NULL CONSTRAINT "pk_refunds" PRIMARY KEY,
    "reason" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "order_id" TEXT NULL,
    "amount_amount" INTEGER NOT NULL,
    "amount_currency" TEXT NOT NULL,
    CONSTRAINT "ck_refunds_amount" CHECK (amount_amount > 0),
    CONSTRAINT "fk_refunds_orders_order_id" FOREIGN KEY ("order_id") REFERENCES "orders" ("id") ON DELETE CASCADE
);

CREATE TABLE "shipments" (
    "id" TEXT NOT NULL CONSTRAINT "pk_shipments" PRIMARY KEY,
    "carrier" TEXT NOT NULL,
    "tracking_number" TEXT NOT NULL,
    "shipped_at" INTEGER NOT NULL,
    "delivered_at" INTEGER NULL,
    "order_id" TEXT NULL,
    CONSTRAINT "fk_shipments_orders_order_id" FOREIGN KEY ("order_id") REFERENCES "orders" ("id") ON DELETE CASCADE
);

CREATE TABLE "shipment_lines" (
    "order_line_id" TEXT NOT NULL,
    "shipment_id" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    CONSTRAINT "pk_shipment_lines" PRIMARY KEY ("shipment_id", "order_line_id"),
    CONSTRAINT "ck_shipment_lines_quantity" CHECK (quantity > 0),
    CONSTRAINT "fk_shipment_lines_order_lines_order_line_id" FOREIGN KEY ("order_line_id") REFERENCES "order_lines" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_shipment_lines_shipments_shipment_id" FOREIGN KEY ("shipment_id") REFERENCES "shipments" ("id") ON DELETE CASCADE
);

INSERT INTO "order_number_counter" ("id", "last_value")
VALUES (1, 0);
SELECT changes();


CREATE INDEX "ix_customers_created_at_id" ON "customers" ("created_at", "id");

CREATE UNIQUE INDEX "ix_customers_email_index" ON "customers" ("email_index");

CREATE INDEX "ix_idempotency_records_expires_at" ON "idempotency_records" ("expires_at");

CREATE UNIQUE INDEX "ix_order_events_order_id_sequence" ON "order_events" ("order_id", "sequence");

CREATE INDEX "ix_order_lines_order_id" ON "order_lines" ("order_id");

CREATE INDEX "ix_order_lines_product_id" ON "order_lines" ("product_id");

CREATE INDEX "ix_orders_created_at_id" ON "orders" ("created_at", "id");

CREATE INDEX "ix_orders_customer_id_created_at_id" ON "orders" ("customer_id", "created_at", "id");

CREATE UNIQUE INDEX "ix_orders_number" ON "orders" ("number");

CREATE INDEX "ix_orders_status_created_at_id" ON "orders" ("status", "created_at", "id");

CREATE UNIQUE INDEX "ix_products_sku" ON "products" ("sku");

CREATE INDEX "ix_products_status_id" ON "products" ("status", "id");

CREATE INDEX "ix_refunds_order_id" ON "refunds" ("order_id");

CREATE INDEX "ix_shipment_lines_order_line_id" ON "shipment_lines" ("order_line_id");

CREATE INDEX "ix_shipments_order_id" ON "shipments" ("order_id");

CREATE INDEX "ix_stock_movements_order_id" ON "stock_movements" ("order_id");

CREATE INDEX "ix_stock_movements_product_id_id" ON "stock_movements" ("product_id", "id");

INSERT INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261127081411_Initial', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "data_protection_keys" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_data_protection_keys" PRIMARY KEY AUTOINCREMENT,
    "friendly_name" TEXT NULL,
    "xml" TEXT NULL
);

CREATE TABLE "oauth_applications" (
    "id" TEXT NOT NULL CONSTRAINT "pk_oauth_applications" PRIMARY KEY,
    "application_type" TEXT NULL,
    "client_id" TEXT NULL,
    "client_secret" TEXT NULL,
    "client_type" TEXT NULL,
    "concurrency_token" TEXT NULL,
    "consent_type" TEXT NULL,
    "display_name" TEXT NULL,
    "display_names" TEXT NULL,
    "json_web_key_set" TEXT NULL,
    "permissions" TEXT NULL,
    "post_logout_redirect_uris" TEXT NULL,
    "properties" TEXT NULL,
    "redirect_uris" TEXT NULL,
    "requirements" TEXT NULL,
    "settings" TEXT NULL
);

CREATE TABLE "oauth_scopes" (
    "id" TEXT NOT NULL CONSTRAINT "pk_oauth_scopes" PRIMARY KEY,
    "concurrency_token" TEXT NULL,
    "description" TEXT NULL,
    "descriptions" TEXT NULL,
    "display_name" TEXT NULL,
    "display_names" TEXT NULL,
    "name" TEXT NULL,
    "properties" TEXT NULL,
    "resources" TEXT NULL
);

CREATE TABLE "roles" (
    "id" TEXT NOT NULL CONSTRAINT "pk_roles" PRIMARY KEY,
    "description" TEXT NULL,
    "is_built_in" INTEGER NOT NULL,
    "name" TEXT NULL,
    "normalized_name" TEXT NULL,
    "concurrency_stamp" TEXT NULL
);

CREATE TABLE "token_keys" (
    "id" TEXT NOT NULL CONSTRAINT "pk_token_keys" PRIMARY KEY,
    "use" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "protected_material" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "activates_at" INTEGER NOT NULL
);

CREATE TABLE "users" (
    "id" TEXT NOT NULL CONSTRAINT "pk_users" PRIMARY KEY,
    "customer_id" TEXT NULL,
    "is_disabled" INTEGER NOT NULL,
    "created_at" INTEGER NOT NULL,
    "session_version" INTEGER NOT NULL,
    "user_name" TEXT NULL,
    "normalized_user_name" TEXT NULL,
    "email" TEXT NULL,
    "normalized_email" TEXT NULL,
    "email_confirmed" INTEGER NOT NULL,
    "password_hash" TEXT NULL,
    "security_stamp" TEXT NULL,
    "concurrency_stamp" TEXT NULL,
    "phone_number" TEXT NULL,
    "phone_number_confirmed" INTEGER NOT NULL,
    "two_factor_enabled" INTEGER NOT NULL,
    "lockout_end" INTEGER NULL,
    "lockout_enabled" INTEGER NOT NULL,
    "access_failed_count" INTEGER NOT NULL
);

CREATE TABLE "oauth_authorizations" (
    "id" TEXT NOT NULL CONSTRAINT "pk_oauth_authorizations" PRIMARY KEY,
    "application_id" TEXT NULL,
    "concurrency_token" TEXT NULL,
    "creation_date" TEXT NULL,
    "properties" TEXT NULL,
    "scopes" TEXT NULL,
    "status" TEXT NULL,
    "subject" TEXT NULL,
    "type" TEXT NULL,
    CONSTRAINT "fk_oauth_authorizations_oauth_applications_application_id" FOREIGN KEY ("application_id") REFERENCES "oauth_applications" ("id")
);

CREATE TABLE "role_claims" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_role_claims" PRIMARY KEY AUTOINCREMENT,
    "role_id" TEXT NOT NULL,
    "claim_type" TEXT NULL,
    "claim_value" TEXT NULL,
    CONSTRAINT "fk_role_claims_roles_role_id" FOREIGN KEY ("role_id") REFERENCES "roles" ("id") ON DELETE CASCADE
);

CREATE TABLE "user_claims" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_user_claims" PRIMARY KEY AUTOINCREMENT,
    "user_id" TEXT NOT NULL,
    "claim_type" TEXT NULL,
    "claim_value" TEXT NULL,
    CONSTRAINT "fk_user_claims_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "user_logins" (
    "login_provider" TEXT NOT NULL,
    "provider_key" TEXT NOT NULL,
    "provider_display_name" TEXT NULL,
    "user_id" TEXT NOT NULL,
    CONSTRAINT "pk_user_logins" PRIMARY KEY ("login_provider", "provider_key"),
    CONSTRAINT "fk_user_logins_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "user_roles" (
    "user_id" TEXT NOT NULL,
    "role_id" TEXT NOT NULL,
    CONSTRAINT "pk_user_roles" PRIMARY KEY ("user_id", "role_id"),
    CONSTRAINT "fk_user_roles_roles_role_id" FOREIGN KEY ("role_id") REFERENCES "roles" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_user_roles_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "user_tokens" (
    "user_id" TEXT NOT NULL,
    "login_provider" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NULL,
    CONSTRAINT "pk_user_tokens" PRIMARY KEY ("user_id", "login_provider", "name"),
    CONSTRAINT "fk_user_tokens_users_user_id" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);

CREATE TABLE "oauth_tokens" (
    "id" TEXT NOT NULL CONSTRAINT "pk_oauth_tokens" PRIMARY KEY,
    "application_id" TEXT NULL,
    "authorization_id" TEXT NULL,
    "concurrency_token" TEXT NULL,
    "creation_date" TEXT NULL,
    "expiration_date" TEXT NULL,
    "payload" TEXT NULL,
    "properties" TEXT NULL,
    "redemption_date" TEXT NULL,
    "reference_id" TEXT NULL,
    "status" TEXT NULL,
    "subject" TEXT NULL,
    "type" TEXT NULL,
    CONSTRAINT "fk_oauth_tokens_oauth_applications_application_id" FOREIGN KEY ("application_id") REFERENCES "oauth_applications" ("id"),
    CONSTRAINT "fk_oauth_tokens_oauth_authorizations_authorization_id" FOREIGN KEY ("authorization_id") REFERENCES "oauth_authorizations" ("id")
);

CREATE UNIQUE INDEX "ix_oauth_applications_client_id" ON "oauth_applications" ("client_id");

CREATE INDEX "ix_oauth_authorizations_application_id_status_subject_type" ON "oauth_authorizations" ("application_id", "status", "subject", "type");

CREATE UNIQUE INDEX "ix_oauth_scopes_name" ON "oauth_scopes" ("name");

CREATE INDEX "ix_oauth_tokens_application_id_status_subject_type" ON "oauth_tokens" ("application_id", "status", "subject", "type");

CREATE INDEX "ix_oauth_tokens_authorization_id" ON "oauth_tokens" ("authorization_id");

CREATE UNIQUE INDEX "ix_oauth_tokens_reference_id" ON "oauth_tokens" ("reference_id");

CREATE INDEX "ix_role_claims_role_id" ON "role_claims" ("role_id");

CREATE UNIQUE INDEX "RoleNameIndex" ON "roles" ("normalized_name");

CREATE INDEX "ix_user_claims_user_id" ON "user_claims" ("user_id");

CREATE INDEX "ix_user_logins_user_id" ON "user_logins" ("user_id");

CREATE INDEX "ix_user_roles_role_id" ON "user_roles" ("role_id");

CREATE INDEX "EmailIndex" ON "users" ("normalized_email");

CREATE UNIQUE INDEX "UserNameIndex" ON "users" ("normalized_user_name");

CREATE INDEX "ix_users_created_at_id" ON "users" ("created_at", "id");

CREATE UNIQUE INDEX "ix_users_customer_id" ON "users" ("customer_id");

INSERT INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261127095525_Identity', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "orders" ADD "payment_due_at" INTEGER NOT NULL DEFAULT 0;

UPDATE orders SET payment_due_at = created_at + 36864000000;

CREATE INDEX "ix_orders_status_payment_due_at" ON "orders" ("status", "payment_due_at");

INSERT INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261129110831_HardeningMoney', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
DROP INDEX "ix_customers_email_index";

ALTER TABLE "users" ADD "last_totp_time_step" INTEGER NULL;

CREATE INDEX "ix_customers_email_index" ON "customers" ("email_index");

INSERT INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261129120046_HardeningAccounts', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE INDEX ix_orders_total_amount_id ON orders (total_amount, id);

INSERT INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261129144711_OrderTotalKeysetIndex', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
DELETE FROM idempotency_records WHERE state <> 'completed';

CREATE TABLE "ef_temp_idempotency_records" (
    "caller" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "expires_at" INTEGER NOT NULL,
    "request_hash" TEXT NOT NULL,
    "response_body" BLOB NULL,
    "response_content_type" TEXT NULL,
    "response_e_tag" TEXT NULL,
    "response_location" TEXT NULL,
    "response_status" INTEGER NULL,
    CONSTRAINT "pk_idempotency_records" PRIMARY KEY ("caller", "key")
);

INSERT INTO "ef_temp_idempotency_records" ("caller", "key", "created_at", "expires_at", "request_hash", "response_body", "response_content_type", "response_e_tag", "response_location", "response_status")
SELECT "caller", "key", "created_at", "expires_at", "request_hash", "response_body", "response_content_type", "response_e_tag", "response_location", "response_status"
FROM "idempotency_records";

COMMIT;

PRAGMA foreign_keys = 0;

BEGIN TRANSACTION;
DROP TABLE "idempotency_records";

ALTER TABLE "ef_temp_idempotency_records" RENAME TO "idempotency_records";

COMMIT;

PRAGMA foreign_keys = 1;

BEGIN TRANSACTION;
CREATE INDEX "ix_idempotency_records_expires_at" ON "idempotency_records" ("expires_at");

COMMIT;

INSERT INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261207005110_IdempotencyClaimInTransaction', '10.0.15');

BEGIN TRANSACTION;
CREATE INDEX "ix_orders_updated_at_id" ON "orders" ("updated_at", "id");

INSERT INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261207032431_OrderUpdatedAtKeysetIndex', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "orders" ADD "billing_address_encrypted" TEXT NULL;

ALTER TABLE "orders" ADD "shipping_address_encrypted" TEXT NULL;

INSERT INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261207035427_OrderAddresses', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
ALTER TABLE "products" ADD "metadata" TEXT NOT NULL DEFAULT ('{}');

ALTER TABLE "orders" ADD "metadata" TEXT NOT NULL DEFAULT ('{}');

ALTER TABLE "customers" ADD "metadata" TEXT NOT NULL DEFAULT ('{}');

INSERT INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261207042837_Metadata', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "job_runs" (
    "job_name" TEXT NOT NULL,
    "scheduled_at" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "instance_id" TEXT NOT NULL,
    "started_at" INTEGER NOT NULL,
    "finished_at" INTEGER NULL,
    "lease_expires_at" INTEGER NOT NULL,
    "error" TEXT NULL,
    "result" TEXT NULL,
    CONSTRAINT "pk_job_runs" PRIMARY KEY ("job_name", "scheduled_at")
);

CREATE INDEX "ix_order_events_occurred_at" ON "order_events" ("occurred_at");

INSERT INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261207115257_ScheduledJobs', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "outbox_messages" (
    "position" INTEGER NOT NULL CONSTRAINT "pk_outbox_messages" PRIMARY KEY AUTOINCREMENT,
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "partition_key" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "occurred_at" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL,
    "next_attempt_at" INTEGER NOT NULL,
    "delivered_at" INTEGER NULL,
    "last_error" TEXT NULL
);

CREATE INDEX "ix_outbox_messages_delivered_at" ON "outbox_messages" ("delivered_at");

CREATE UNIQUE INDEX "ix_outbox_messages_id" ON "outbox_messages" ("id");

CREATE INDEX "ix_outbox_messages_pending" ON "outbox_messages" ("partition_key", "position") WHERE delivered_at IS NULL;

INSERT INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261207130937_Outbox', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "audit_chain_head" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_audit_chain_head" PRIMARY KEY,
    "sequence" INTEGER NOT NULL,
    "hash" TEXT NOT NULL
);

CREATE TABLE "audit_entries" (
    "id" TEXT NOT NULL CONSTRAINT "pk_audit_entries" PRIMARY KEY,
    "sequence" INTEGER NOT NULL,
    "occurred_at" INTEGER NOT NULL,
    "actor" TEXT NOT NULL,
    "ip_address" TEXT NULL,
    "user_agent" TEXT NULL,
    "action" TEXT NOT NULL,
    "resource_type" TEXT NOT NULL,
    "resource_id" TEXT NULL,
    "outcome" TEXT NOT NULL,
    "changes" TEXT NULL,
    "trace_id" TEXT NULL,
    "previous_hash" TEXT NOT NULL,
    "hash" TEXT NOT NULL
);

INSERT INTO "audit_chain_head" ("id", "hash", "sequence")
VALUES (1, '0000000000000000000000000000000000000000000000000000000000000000', 0);
SELECT changes();


CREATE INDEX "ix_audit_entries_action_sequence" ON "audit_entries" ("action", "sequence");

CREATE INDEX "ix_audit_entries_actor_sequence" ON "audit_entries" ("actor", "sequence");

CREATE INDEX "ix_audit_entries_occurred_at" ON "audit_entries" ("occurred_at");

CREATE INDEX "ix_audit_entries_resource_type_resource_id_sequence" ON "audit_entries" ("resource_type", "resource_id", "sequence");

CREATE UNIQUE INDEX "ix_audit_entries_sequence" ON "audit_entries" ("sequence");

CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only: UPDATE refused'); END;

CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only: DELETE refused'); END;

INSERT INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261207132546_AuditLog', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
DROP INDEX "ix_outbox_messages_pending";

ALTER TABLE "outbox_messages" ADD "locked_until" INTEGER NULL;

ALTER TABLE "outbox_messages" ADD "parked_at" INTEGER NULL;

CREATE INDEX "ix_outbox_messages_pending" ON "outbox_messages" ("partition_key", "position") WHERE delivered_at IS NULL AND parked_at IS NULL;

INSERT INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261207143510_OutboxLeasesAndParking', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE INDEX "ix_job_runs_running" ON "job_runs" ("job_name", "scheduled_at") WHERE status = 'running';

INSERT INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261207152644_JobRunsRunningIndex', '10.0.15');

COMMIT;

BEGIN TRANSACTION;
CREATE TABLE "webhook_subscriptions" (
    "id" TEXT NOT NULL CONSTRAINT "pk_webhook_subscriptions" PRIMARY KEY,
    "url" TEXT NOT NULL,
    "event_types" TEXT NOT NULL,
    "description" TEXT NULL,
    "enabled" INTEGER NOT NULL,
    "disabled_at" INTEGER NULL,
    "disabled_reason" TEXT NULL,
    "consecutive_failures" INTEGER NOT NULL,
    "secret_sealed" TEXT NOT NULL,
    "previous_secret_sealed" TEXT NULL,
    "previous_secret_expires_at" INTEGER NULL,
    "created_at" INTEGER NOT NULL,
    "updated_at" INTEGER NOT NULL,
    "version" INTEGER NOT NULL
);

CREATE TABLE "webhook_deliveries" (
    "id" TEXT NOT NULL CONSTRAINT "pk_webhook_deliveries" PRIMARY KEY,
    "subscription_id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "cycle_attempts" INTEGER NOT NULL,
    "next_attempt_at" INTEGER NOT NULL,
    "lease_token" TEXT NULL,
    "lease_expires_at" INTEGER NULL,
    "created_at" INTEGER NOT NULL,
    "completed_at" INTEGER NULL,
    CONSTRAINT "fk_webhook_deliveries_webhook_subscriptions_subscription_id" FOREIGN KEY ("subscription_id") REFERENCES "webhook_subscriptions" ("id") ON DELETE CASCADE
);

CREATE TABLE "webhook_attempts" (
    "id" TEXT NOT NULL CONSTRAINT "pk_webhook_attempts" PRIMARY KEY,
    "delivery_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "attempted_at" INTEGER NOT NULL,
    "status_code" INTEGER NULL,
    "failure" TEXT NULL,
    "succeeded" INTEGER NOT NULL,
    "latency_ms" INTEGER NOT NULL,
    CONSTRAINT "fk_webhook_attempts_webhook_deliveries_delivery_id" FOREIGN KEY ("delivery_id") REFERENCES "webhook_deliveries" ("id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "ix_webhook_attempts_delivery_id_number" ON "webhook_attempts" ("delivery_id", "number");

CREATE INDEX "ix_webhook_deliveries_completed_at" ON "webhook_deliveries" ("completed_at");

CREATE INDEX "ix_webhook_deliveries_due" ON "webhook_deliveries" ("next_attempt_at") WHERE status = 'pending';

CREATE UNIQUE INDEX "ix_webhook_deliveries_subscription_id_event_id" ON "webhook_deliveries" ("subscription_id", "event_id");

INSERT INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261207160101_Webhooks', '10.0.15');

COMMIT;
