-- Run once, when the server's data directory is created: a database per service, as the devstack
-- makes them (infra/devstack StackDefinition.DATABASES). The server's own user (POSTGRES_USER) owns them.
CREATE DATABASE users;
CREATE DATABASE products;
CREATE DATABASE orders;
CREATE DATABASE metadata;
