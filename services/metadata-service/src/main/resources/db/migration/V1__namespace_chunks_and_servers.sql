-- The namespace, GFS-style: a table from full path names to entries. A directory's children are the
-- rows whose parent is its path; "C" collation orders names bytewise, so paging is stable.
create table entry (
    path        text collate "C" primary key,
    parent      text collate "C",
    name        text collate "C" not null,
    kind        varchar(16) not null check (kind in ('DIRECTORY', 'FILE')),
    version_id  uuid,
    created_at  timestamp with time zone not null,
    modified_at timestamp with time zone not null
);
create index entry_children on entry (parent, name);
insert into entry (path, parent, name, kind, created_at, modified_at) values ('/', null, '', 'DIRECTORY', now(), now());

-- One version of a file's content: written by one upload under a lease, visible once committed.
create table file_version (
    id               uuid primary key,
    path             text collate "C" not null,
    generation       bigint not null,
    state            varchar(16) not null
                     check (state in ('UPLOADING', 'COMMITTED', 'SUPERSEDED', 'DELETED', 'ABORTED')),
    expected_size    bigint not null,
    bytes_received   bigint not null default 0,
    size             bigint,
    chunk_size       bigint not null,
    etag             varchar(80),
    holder           varchar(255),
    if_match         varchar(80),
    if_none_match    boolean not null default false,
    lease_expires_at timestamp with time zone,
    created_at       timestamp with time zone not null,
    committed_at     timestamp with time zone,
    retired_at       timestamp with time zone
);
create index file_version_uploading on file_version (lease_expires_at) where state = 'UPLOADING';
create index file_version_retired on file_version (retired_at) where state in ('SUPERSEDED', 'DELETED', 'ABORTED');

alter table entry add constraint entry_version foreign key (version_id) references file_version (id);

-- The single-writer lease of a path and its generation number, bumped for every new writer.
create table file_lease (
    path       text collate "C" primary key,
    generation bigint not null,
    version_id uuid references file_version (id) on delete set null
);

create table chunk_server (
    id                varchar(64) primary key,
    url               varchar(512) not null,
    state             varchar(16) not null check (state in ('ALIVE', 'DEAD')),
    capacity_bytes    bigint not null,
    used_bytes        bigint not null,
    chunk_count       bigint not null,
    registered_at     timestamp with time zone not null,
    last_heartbeat_at timestamp with time zone not null
);

-- A chunk of a version: allocated before any byte is written, so a chunk server never holds a chunk
-- id the metadata service has not heard of (anything else it holds is an orphan and is deleted).
create table chunk (
    id          uuid primary key,
    version_id  uuid not null references file_version (id) on delete cascade,
    chunk_index integer not null,
    state       varchar(16) not null check (state in ('ALLOCATED', 'WRITTEN')),
    size        bigint,
    digest      varchar(64),
    targets     varchar(1024) not null,
    created_at  timestamp with time zone not null,
    unique (version_id, chunk_index)
);

create table replica (
    chunk_id   uuid not null references chunk (id) on delete cascade,
    server_id  varchar(64) not null references chunk_server (id),
    created_at timestamp with time zone not null,
    primary key (chunk_id, server_id)
);
create index replica_server on replica (server_id);

-- A copy ordered from a source replica to a target server; it expires if never confirmed.
create table replication_task (
    chunk_id   uuid not null references chunk (id) on delete cascade,
    target_id  varchar(64) not null references chunk_server (id),
    source_id  varchar(64) not null references chunk_server (id),
    sent_at    timestamp with time zone,
    expires_at timestamp with time zone not null,
    primary key (chunk_id, target_id)
);

-- Replicas a server must delete, until it confirms. No foreign key to chunk: the chunk may be gone.
create table chunk_deletion (
    server_id varchar(64) not null references chunk_server (id),
    chunk_id  uuid not null,
    queued_at timestamp with time zone not null,
    sent_at   timestamp with time zone,
    primary key (server_id, chunk_id)
);
