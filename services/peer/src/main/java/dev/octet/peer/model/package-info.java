/** The values the protocols speak of: 256-bit keys (node ids and blob keys), addresses, contacts. */
package dev.octet.peer.model;
