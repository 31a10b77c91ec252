create table user_account (
    id            uuid primary key,
    email         varchar(254) not null,
    name          varchar(100) not null,
    password_hash varchar(100) not null,
    created_at    timestamp with time zone not null,
    updated_at    timestamp with time zone not null,
    version       integer not null default 0
);
-- Emails are stored lower-cased; the index makes "one account per email" hold under concurrency.
create unique index user_account_email on user_account (email);

-- The key pair that signs tokens; the first replica to start makes it, the others load it.
create table signing_key (
    id          varchar(64) primary key,
    private_key text not null,
    public_key  text not null,
    created_at  timestamp with time zone not null
);
