/**
 * The PostgreSQL v3 wire protocol as the router speaks it: our Netty frame decoder, the frontend and
 * backend message records, their builders, ErrorResponse fields and SQLSTATE codes. Depends on nothing else
 * of the router.
 */
package dev.octet.router.protocol;
