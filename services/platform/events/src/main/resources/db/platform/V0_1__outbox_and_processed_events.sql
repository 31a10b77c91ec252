-- Events waiting to be published, written in the same transaction as the change they announce.
create table outbox (
    id          uuid primary key,
    position    bigserial not null unique,
    topic       varchar(249) not null,
    event_key   varchar(255) not null,
    type        varchar(255) not null,
    source      varchar(255) not null,
    subject     varchar(255),
    data        text not null,
    traceparent varchar(64),
    created_at  timestamp with time zone not null default now()
);

-- Ids of events a consumer has already applied, so a redelivery changes nothing.
create table processed_event (
    consumer     varchar(100) not null,
    event_id     varchar(255) not null,
    processed_at timestamp with time zone not null default now(),
    primary key (consumer, event_id)
);
