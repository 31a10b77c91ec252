/**
 * Version 1 of the file system's internal API: the records a chunk server and the metadata service
 * exchange over HTTP (the write protocol, read plans, the namespace, heartbeats and block reports).
 *
 * <p>Both services compile against these classes, so a record cannot drift between them. A change
 * that an older peer could not read goes into a new package ({@code v2}) beside this one.
 */
package dev.octet.filesystem.api.v1;
