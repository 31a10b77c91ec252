-- What the test consumer writes: one row per applied event. No unique key on purpose: only the
-- consumer's processed_event record keeps a copy of an event from adding a second row.
create table ledger (
    event_id varchar(255) not null,
    account  varchar(100) not null,
    amount   integer not null
);
