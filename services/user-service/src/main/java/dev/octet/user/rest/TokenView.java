package dev.octet.user.rest;

import java.util.UUID;

/** The answer to a successful log-in. */
public record TokenView(String accessToken, String tokenType, long expiresIn, UUID userId) {
}
