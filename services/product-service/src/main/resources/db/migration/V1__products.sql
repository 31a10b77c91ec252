create extension if not exists pg_trgm;

create table product (
    id          uuid primary key,
    sku         varchar(64) not null,
    name        varchar(200) not null,
    description varchar(2000),
    category    varchar(100) not null,
    price       numeric(12, 2) not null check (price >= 0),
    -- Units free to reserve. The check is the last line of defence against overselling.
    stock       integer not null check (stock >= 0),
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null,
    version     integer not null default 0
);
create unique index product_sku on product (sku);
create index product_category on product (category, name);
create index product_name_search on product using gin (name gin_trgm_ops);

-- Stock held for an order: what cancelling the order gives back.
create table stock_reservation (
    order_id    uuid not null,
    product_id  uuid not null references product (id),
    quantity    integer not null check (quantity > 0),
    unit_price  numeric(12, 2) not null,
    status      varchar(16) not null,
    created_at  timestamp with time zone not null,
    primary key (order_id, product_id)
);
create index stock_reservation_product on stock_reservation (product_id) where status = 'RESERVED';
