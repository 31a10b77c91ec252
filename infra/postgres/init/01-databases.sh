#!/bin/bash
# Run once, when the server's data directory is created (docker-entrypoint-initdb.d; docker-compose.yml
# mounts this folder, k8s a ConfigMap of it): a role and a database per service, as the devstack makes
# them (infra/devstack DatabaseRoles). Each role owns its database and nothing else, is no superuser,
# and no other role may connect to its database. The passwords come from the environment.
# Sourced or executed by the image's entrypoint; psql reaches the init server on its Unix socket.

octet_database() {
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres --no-psqlrc \
        --set database="$1" --set role="$2" --set password="$3" <<'SQL'
CREATE ROLE :"role" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'password';
CREATE DATABASE :"database" OWNER :"role";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
SQL
}

octet_database users user_service "${USER_SERVICE_DB_PASSWORD:?USER_SERVICE_DB_PASSWORD is not set}"
octet_database products product_service "${PRODUCT_SERVICE_DB_PASSWORD:?PRODUCT_SERVICE_DB_PASSWORD is not set}"
octet_database orders order_service "${ORDER_SERVICE_DB_PASSWORD:?ORDER_SERVICE_DB_PASSWORD is not set}"
octet_database metadata metadata_service "${METADATA_SERVICE_DB_PASSWORD:?METADATA_SERVICE_DB_PASSWORD is not set}"
