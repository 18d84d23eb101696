#!/usr/bin/env bash
# Run once by the postgres image when it creates the database (/docker-entrypoint-initdb.d). The service connects as
# ordo_app, which owns nothing: tables are created by the migrate service as the owner (ordo), and ordo_app gets row
# access to them through default privileges. A table's owner can disable its triggers, and the audit trail's
# append-only triggers must hold against the service (docs/security.md, "Database roles").
set -euo pipefail
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_password="$ORDO_APP_DB_PASSWORD" -v owner="$POSTGRES_USER" -v database="$POSTGRES_DB" <<'SQL'
CREATE ROLE ordo_app LOGIN PASSWORD :'app_password';
GRANT CONNECT ON DATABASE :"database" TO ordo_app;
GRANT USAGE ON SCHEMA public TO ordo_app;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ordo_app;
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ordo_app;
SQL
