/** The chunk server: checksummed chunk replicas in S3, and the client-facing front door of the file system. */
package dev.octet.chunk;
