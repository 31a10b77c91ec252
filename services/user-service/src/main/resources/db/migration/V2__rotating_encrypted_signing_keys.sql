-- Token signing keys, several at a time: the one that signs, the next one (published before it signs,
-- so that every verifier knows it in time), and earlier ones, kept while tokens they signed can still be
-- valid. The private half is encrypted with the key-encryption key from configuration.
--
-- The one key of V1 was stored in plain text: it is dropped, not carried over. Tokens it signed stop
-- verifying (at most one token lifetime of them); their holders log in again.
drop table signing_key;

create table signing_key (
    kid                   varchar(64) primary key,  -- the RFC 7638 thumbprint of the public key
    generation            integer not null unique,  -- 1, 2, ...: two replicas cannot both add the next one
    public_key            text not null,            -- Base64 X.509 DER
    encrypted_private_key text not null,            -- Base64 of the 12-byte IV and AES-256-GCM ciphertext, kid as associated data
    created_at            timestamp with time zone not null,
    signs_from            timestamp with time zone not null
);
