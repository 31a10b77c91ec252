/** SWIM membership with the Lifeguard refinements: failure detection, suspicion, dissemination, anti-entropy. */
package dev.octet.peer.membership;
