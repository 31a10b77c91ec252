package dev.octet.user.model;

import java.util.UUID;

/** The answer to a successful log-in. */
public record TokenView(String accessToken, String tokenType, long expiresIn, UUID userId) {
}
