/** The Quarkus wiring of service identity: where a service finds its certificate, key and trust anchors. */
package dev.octet.platform.identity.config;
