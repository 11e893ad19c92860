-- Rights of the role the app and worker processes connect as (docs/operations.md).
-- Run as the owner role after every `main.js migrate`:
--   psql "$OWNER_DATABASE_URL" -v app_role=btp_app -f deploy/app-role.sql
-- It is safe to run again: GRANT and REVOKE are idempotent.

GRANT USAGE ON SCHEMA public TO :"app_role";

-- Every table: read and write rows; no DDL (the role owns nothing and may create nothing).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO :"app_role";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO :"app_role";

-- The audit trail: add and read, nothing else (the table's triggers refuse changes as well).
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM :"app_role";

-- serve and worker read the migrator's record to refuse a schema behind their build.
GRANT USAGE ON SCHEMA drizzle TO :"app_role";
GRANT SELECT ON drizzle.__drizzle_migrations TO :"app_role";
