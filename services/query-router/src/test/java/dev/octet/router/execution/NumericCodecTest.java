package dev.octet.router.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** NUMERIC in binary form, PostgreSQL's division scale, and float text output. */
class NumericCodecTest {

    @Test
    void binaryNumericsRoundTrip() {
        for (String value : new String[] {"0", "0.00", "1", "-1", "12345.6789", "0.0001", "-0.5", "10000",
                "99999999999999999999.123456789", "1e-20", "123.4500"}) {
            BigDecimal decimal = new BigDecimal(value);
            assertThat(NumericCodec.decode(NumericCodec.encode(decimal))).as(value).isEqualTo(
                    decimal.setScale(Math.max(decimal.scale(), 0)));
        }
    }

    @Test
    void averagesTakePostgresScale() {
        assertThat(NumericCodec.divide(new BigDecimal("3"), new BigDecimal("2")).toPlainString())
                .isEqualTo("1.5000000000000000");
        assertThat(NumericCodec.divide(new BigDecimal("16.75"), new BigDecimal("4")).toPlainString())
                .isEqualTo("4.1875000000000000");
        assertThat(NumericCodec.divide(new BigDecimal("1000000"), new BigDecimal("3")).toPlainString())
                .isEqualTo("333333.333333333333");
        assertThat(NumericCodec.divide(new BigDecimal("2"), new BigDecimal("3")).toPlainString())
                .isEqualTo("0.66666666666666666667");
    }

    @Test
    void floatsPrintAsPostgresPrintsThem() {
        assertThat(FloatText.format(52.5, false)).isEqualTo("52.5");
        assertThat(FloatText.format(1e16, false)).isEqualTo("1e+16");
        assertThat(FloatText.format(0.0001, false)).isEqualTo("0.0001");
        assertThat(FloatText.format(0.00001, false)).isEqualTo("1e-05");
        assertThat(FloatText.format(123456789012345.0, false)).isEqualTo("123456789012345");
        assertThat(FloatText.format(Double.NaN, false)).isEqualTo("NaN");
    }
}
