package dev.octet.user.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which passwords bcrypt hashes whole: counted in UTF-8 bytes, not characters. */
class BcryptPasswordTest {

    private final BcryptPassword.Check check = new BcryptPassword.Check();

    @ParameterizedTest
    @CsvSource({
            "a, 8, true",       // 8 bytes: the shortest
            "a, 7, false",      // too short
            "a, 72, true",      // bcrypt's whole input
            "a, 73, false",     // the 73rd byte would be ignored
            "é, 36, true",      // 36 characters, 72 bytes
            "é, 37, false",     // 37 characters, 74 bytes: short in characters, too long in bytes
            "😀, 18, true",     // 18 characters (code points), 72 bytes
            "😀, 19, false",
    })
    void aPasswordIsAcceptedOnlyIfBcryptUsesAllOfIt(String unit, int times, boolean valid) {
        assertThat(check.isValid(unit.repeat(times), null)).isEqualTo(valid);
    }
}
