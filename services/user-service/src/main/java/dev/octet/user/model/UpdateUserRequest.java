package dev.octet.user.model;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A partial update: each field left out keeps its value. */
public record UpdateUserRequest(
        @Size(min = 1, max = 100) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
        @BcryptPassword String password) {

    @AssertTrue(message = "give at least one of name and password")
    public boolean isChangingSomething() {
        return name != null || password != null;
    }
}
