package dev.octet.gateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AddressRangeTest {

    @Test
    void aBlockContainsExactlyTheAddressesUnderItsPrefix() {
        AddressRange block = AddressRange.parse("10.244.0.0/14");

        assertThat(block.contains("10.244.0.1")).isTrue();
        assertThat(block.contains("10.247.255.255")).isTrue();
        assertThat(block.contains("10.248.0.0")).isFalse();
        assertThat(block.contains("11.244.0.1")).isFalse();
    }

    @Test
    void aSingleAddressIsItsOwnRangeInEitherFamily() {
        assertThat(AddressRange.parse("127.0.0.1").contains("127.0.0.1")).isTrue();
        assertThat(AddressRange.parse("127.0.0.1").contains("127.0.0.2")).isFalse();
        assertThat(AddressRange.parse("fd00::/8").contains("fd12:3456::1")).isTrue();
        assertThat(AddressRange.parse("fd00::/8").contains("[fe80::1]")).isFalse();
        assertThat(AddressRange.parse("0.0.0.0/0").contains("::1")).as("another family").isFalse();
    }

    @Test
    void namesAndNonsenseAreRefusedNotLookedUp() {
        assertThatThrownBy(() -> AddressRange.parse("gateway")).hasMessageContaining("Not an IP address");
        assertThatThrownBy(() -> AddressRange.parse("10.0.0.0/33")).hasMessageContaining("out of range");
    }
}
