CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "migration_id" TEXT NOT NULL CONSTRAINT "pk___ef_migrations_history" PRIMARY KEY,
    "product_version" TEXT NOT NULL
);

BEGIN TRANSACTION;
INSERT INTO "__EFMigrationsHistory" ("migration_id", "product_version")
VALUES ('20261127073324_Initial', '10.0.15');

COMMIT;
