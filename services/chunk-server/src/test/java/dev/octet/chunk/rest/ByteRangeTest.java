package dev.octet.chunk.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.octet.platform.web.ProblemException;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void readsTheThreeFormsOfASingleRange() {
        assertThat(ByteRange.parse("bytes=10-19", 100)).isEqualTo(new ByteRange(10, 19));
        assertThat(ByteRange.parse("bytes=90-", 100)).isEqualTo(new ByteRange(90, 99));
        assertThat(ByteRange.parse("bytes=-5", 100)).isEqualTo(new ByteRange(95, 99));
    }

    @Test
    void clampsARangeThatRunsPastTheEnd() {
        assertThat(ByteRange.parse("bytes=50-500", 100)).isEqualTo(new ByteRange(50, 99));
        assertThat(ByteRange.parse("bytes=-500", 100)).isEqualTo(new ByteRange(0, 99));
    }

    @Test
    void malformedRangesAreBadRequests() {
        for (String header : new String[] {"bytes=abc", "bytes=-", "items=1-2", "bytes=5-2", "bytes=1-2,4-5", "bytes 1-2"}) {
            assertThatThrownBy(() -> ByteRange.parse(header, 100)).as(header).isInstanceOf(ProblemException.class)
                    .extracting(e -> ((ProblemException) e).toProblem().status()).isEqualTo(400);
        }
    }

    @Test
    void rangesOutsideTheFileAreNotSatisfiable() {
        assertThatThrownBy(() -> ByteRange.parse("bytes=100-", 100)).isInstanceOf(ByteRange.NotSatisfiable.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=-0", 100)).isInstanceOf(ByteRange.NotSatisfiable.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=0-", 0)).isInstanceOf(ByteRange.NotSatisfiable.class);
    }
}
