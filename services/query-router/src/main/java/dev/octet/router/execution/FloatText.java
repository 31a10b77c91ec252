package dev.octet.router.execution;

import java.math.BigDecimal;

/**
 * float4/float8 text output as PostgreSQL writes it with extra_float_digits >= 1 (the default):
 * the shortest digits that read back exactly, plain notation for exponents -4..14 (-4..6 for
 * float4), else d.ddde+XX.
 */
final class FloatText {

    private FloatText() {
    }

    static String format(double value, boolean single) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0) {
            return (1 / value < 0) ? "-0" : "0";
        }
        String shortest = single ? Float.toString((float) value) : Double.toString(value);
        BigDecimal decimal = new BigDecimal(shortest).stripTrailingZeros();
        int exponent = decimal.precision() - decimal.scale() - 1;
        int plainLimit = single ? 6 : 14;
        if (exponent >= -4 && exponent <= plainLimit) {
            return decimal.toPlainString();
        }
        String digits = decimal.unscaledValue().abs().toString();
        StringBuilder text = new StringBuilder();
        if (decimal.signum() < 0) {
            text.append('-');
        }
        text.append(digits.charAt(0));
        if (digits.length() > 1) {
            text.append('.').append(digits, 1, digits.length());
        }
        text.append('e').append(exponent < 0 ? '-' : '+');
        int magnitude = Math.abs(exponent);
        if (magnitude < 10) {
            text.append('0');
        }
        return text.append(magnitude).toString();
    }
}
