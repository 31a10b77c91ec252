#!/bin/bash
# Run once, when a shard's data directory is created (docker-entrypoint-initdb.d): the role the query
# router logs in as owns the database orders (POSTGRES_DB) and nothing else, is no superuser, and is the
# only role but the superuser that may connect to it. As the devstack makes it (infra/devstack
# DatabaseRoles). The password comes from the environment.

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres --no-psqlrc \
    --set role=query_router --set password="${QUERY_ROUTER_DB_PASSWORD:?QUERY_ROUTER_DB_PASSWORD is not set}" <<'SQL'
CREATE ROLE :"role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'password';
ALTER DATABASE orders OWNER TO :"role";
REVOKE ALL ON DATABASE orders FROM PUBLIC;
SQL
