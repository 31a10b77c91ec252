package dev.octet.user.model;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A user as clients see it: never the password hash. */
public record UserView(UUID id, String email, String name, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    public static UserView of(UserAccount user) {
        return new UserView(user.id, user.email, user.name, user.createdAt, user.updatedAt);
    }
}
