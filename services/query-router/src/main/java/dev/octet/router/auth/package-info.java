/**
 * Password authentication both ways: SCRAM-SHA-256 (RFC 5802/7677) and md5, as a server for the router's
 * clients and as a client of the shards.
 */
package dev.octet.router.auth;
