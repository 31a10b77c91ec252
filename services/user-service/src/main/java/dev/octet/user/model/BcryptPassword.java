package dev.octet.user.model;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;

/**
 * A password bcrypt can hash whole: 8 characters or more, and at most 72 bytes in UTF-8. bcrypt ignores
 * every byte past the 72nd, so a longer password would be accepted while only its beginning counts
 * (and two passwords that share it would both open the account). Null is left to other constraints.
 */
@Target({FIELD, PARAMETER, RECORD_COMPONENT})
@Retention(RUNTIME)
@Constraint(validatedBy = BcryptPassword.Check.class)
public @interface BcryptPassword {

    int MIN_CHARACTERS = 8;
    int MAX_BYTES = 72;

    String message() default "must be 8 characters or more and at most 72 bytes in UTF-8 (bcrypt ignores the rest)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The check itself. */
    class Check implements ConstraintValidator<BcryptPassword, String> {

        @Override
        public boolean isValid(String password, ConstraintValidatorContext context) {
            return password == null || password.codePointCount(0, password.length()) >= MIN_CHARACTERS
                    && password.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES;
        }
    }
}
