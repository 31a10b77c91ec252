-- Every key starts with customer_id, so each statement about one customer's orders names it: a
-- sharded deployment (the query router) sends such statements to one shard.
create table orders (
    customer_id      uuid not null,
    id               uuid not null,
    status           varchar(16) not null,
    total            numeric(14, 2),
    rejection_reason varchar(500),
    created_at       timestamp with time zone not null,
    updated_at       timestamp with time zone not null,
    version          integer not null default 0,
    primary key (customer_id, id)
);
create index orders_by_customer on orders (customer_id, created_at desc);

create table order_line (
    customer_id uuid not null,
    order_id    uuid not null,
    line_no     integer not null,
    product_id  uuid not null,
    quantity    integer not null check (quantity > 0),
    unit_price  numeric(12, 2),
    primary key (customer_id, order_id, line_no)
);
