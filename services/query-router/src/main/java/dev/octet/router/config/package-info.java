/**
 * The router's configuration, {@code octet.router.*} keys that environment variables override.
 */
package dev.octet.router.config;
