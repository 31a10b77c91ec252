#!/bin/bash
# Entrypoint of the postgres stand-in (localhost/octet-base/postgres:15). It follows the official
# postgres image's contract, as far as docker-compose.yml uses it:
#
#   POSTGRES_PASSWORD          password of the superuser (required at first start, unless
#                              POSTGRES_HOST_AUTH_METHOD=trust)
#   POSTGRES_USER              superuser name (default postgres)
#   POSTGRES_DB                database created at first start (default: $POSTGRES_USER)
#   POSTGRES_INITDB_ARGS       extra initdb arguments, e.g. "--encoding=UTF8 --locale=C.UTF-8"
#   POSTGRES_INITDB_WALDIR     initdb --waldir
#   POSTGRES_HOST_AUTH_METHOD  auth method for remote connections (default scram-sha-256)
#   PGDATA                     data folder (default /var/lib/postgresql/data; may be a subfolder
#                              of a mounted volume, e.g. when the volume root holds lost+found)
#   /docker-entrypoint-initdb.d/*.sql, *.sql.gz, *.sh
#                              run once, in name order, when the data folder is first created:
#                              .sql through psql against $POSTGRES_DB; .sh executed if executable,
#                              else sourced
#
#   command: postgres -c key=value ...   passed through; "-c ..." alone means "postgres -c ...";
#                                        any other command (bash, psql, ...) runs as it is.
#
# Started as root, it prepares the folders and re-runs itself as the postgres user (the server
# never runs as root). Local connections inside the container are trusted (as in the official
# image); connections from other hosts need the password (scram-sha-256).
set -Eeo pipefail

log() { echo "$(date '+%F %T') entrypoint: $*" >&2; }

# "docker run image -c x=y" means "postgres -c x=y".
if [[ "${1:0:1}" == '-' ]]; then
    set -- postgres "$@"
fi

# Anything but the server (a shell, psql, pg_dump) runs unchanged.
if [[ "$1" != postgres ]]; then
    exec "$@"
fi

: "${POSTGRES_USER:=postgres}"
: "${POSTGRES_DB:=$POSTGRES_USER}"
: "${POSTGRES_HOST_AUTH_METHOD:=scram-sha-256}"
: "${PGDATA:=/var/lib/postgresql/data}"
export POSTGRES_USER POSTGRES_DB POSTGRES_HOST_AUTH_METHOD PGDATA

# ---- as root: make the folders the server needs and hand them to postgres ------------------------
if [[ $(id -u) == 0 ]]; then
    # PGDATA may be a subfolder of the volume (the volume root may hold lost+found): make it.
    mkdir -p "$PGDATA"
    chmod 00700 "$PGDATA" || :
    # Only the data folder itself is chowned when it is not postgres's yet (a large existing
    # cluster is not walked); a fresh, empty one gets postgres as its owner.
    if [[ "$(stat -c %U "$PGDATA")" != postgres ]]; then
        chown -R postgres:postgres "$PGDATA"
    fi
    mkdir -p /var/run/postgresql
    chown postgres:postgres /var/run/postgresql
    chmod 03775 /var/run/postgresql
    if [[ -n "${POSTGRES_INITDB_WALDIR:-}" ]]; then
        mkdir -p "$POSTGRES_INITDB_WALDIR"
        chown postgres:postgres "$POSTGRES_INITDB_WALDIR"
        chmod 700 "$POSTGRES_INITDB_WALDIR"
    fi
    # setpriv (util-linux) drops to postgres in place, like gosu: same pid, no PAM, no new session.
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$BASH_SOURCE" "$@"
fi

# ---- from here on: the postgres user ------------------------------------------------------------

# Arbitrary --user ids (no passwd entry) need one for initdb; the official image uses nss_wrapper.
# This stand-in does not: it needs the postgres user (or root) and says so.
if ! getent passwd "$(id -u)" >/dev/null; then
    log "uid $(id -u) has no passwd entry; run as root or as postgres (999)"; exit 1
fi

# Runs the init files once, like the official image's docker_process_init_files.
process_init_files() {
    local f
    for f in /docker-entrypoint-initdb.d/*; do
        case "$f" in
            *.sh)
                if [[ -x "$f" ]]; then
                    log "running $f"; "$f"
                else
                    log "sourcing $f"; . "$f"
                fi ;;
            *.sql)    log "running $f"; psql_init -f "$f" ;;
            *.sql.gz) log "running $f"; gunzip -c "$f" | psql_init ;;
            *.sql.xz) log "running $f"; xzcat "$f" | psql_init ;;
            *)        [[ -e "$f" ]] && log "ignoring $f" ;;
        esac
    done
}

# psql against the temporary (socket-only) server, as POSTGRES_USER, into POSTGRES_DB.
psql_init() {
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc --dbname "$POSTGRES_DB" "$@"
}

if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
    # ---- first start: create the cluster ----------------------------------------------------------
    if [[ -z "${POSTGRES_PASSWORD:-}" && "$POSTGRES_HOST_AUTH_METHOD" != trust ]]; then
        log "the database is uninitialised and POSTGRES_PASSWORD is not set"
        log "set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust, which allows anyone in)"
        exit 1
    fi
    log "initialising $PGDATA for $POSTGRES_USER ${POSTGRES_INITDB_ARGS:+(initdb $POSTGRES_INITDB_ARGS)}"
    waldir=()
    [[ -n "${POSTGRES_INITDB_WALDIR:-}" ]] && waldir=(--waldir "$POSTGRES_INITDB_WALDIR")
    # The password goes through a file descriptor, never the command line. POSTGRES_INITDB_ARGS is
    # split on spaces on purpose, as the official image does. Local connections: trust.
    # shellcheck disable=SC2086
    initdb --username="$POSTGRES_USER" --pwfile=<(printf '%s\n' "${POSTGRES_PASSWORD:-}") \
        "${waldir[@]}" $POSTGRES_INITDB_ARGS

    # Remote connections: password (scram-sha-256) unless told otherwise.
    printf '\n# Added by the container entrypoint: any other host, with a password.\nhost all all all %s\n' \
        "$POSTGRES_HOST_AUTH_METHOD" >>"$PGDATA/pg_hba.conf"

    # A temporary server on the Unix socket only, so that nothing outside sees (or health checks
    # report) a half-initialised server. The compose command's "-c port=..." is not applied here.
    PGUSER="$POSTGRES_USER" pg_ctl -D "$PGDATA" -o "-c listen_addresses='' -p 5432" -w start >/dev/null
    export PGHOST=/var/run/postgresql PGPORT=5432

    if [[ "$POSTGRES_DB" != postgres ]]; then
        log "creating database $POSTGRES_DB"
        POSTGRES_DB=postgres psql_init --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
    fi
    process_init_files

    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    unset PGHOST PGPORT
    log "initialisation complete; starting the server"
else
    log "$PGDATA holds a cluster (PostgreSQL $(cat "$PGDATA/PG_VERSION")); init skipped"
fi

# The server replaces this shell, so it gets the container's signals (SIGINT: fast shutdown).
exec "$@"
