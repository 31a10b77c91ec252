/** The command that makes an authority and issues identities from it: {@code ./octet identity}. */
package dev.octet.platform.identity.tool;
