package dev.trackway.compat;

import com.fasterxml.jackson.core.io.schubfach.DoubleToDecimal;
import java.math.BigDecimal;

/**
 * Python's {@code repr(float)}: the shortest digits that round-trip (JDK 17's Double.toString is
 * not always shortest, so the digits come from Jackson's Schubfach implementation), laid out the
 * way CPython does: plain decimal with at least one fractional digit when the decimal exponent is
 * in [-4, 16), otherwise {@code d.ddde+XX}. {@code json.dumps} writes floats the same way, except
 * that it spells the non-finite ones NaN, Infinity and -Infinity.
 */
public final class PyFloat {
  private PyFloat() {}

  /** {@code repr(v)}: {@code 2.5}, {@code 1.0}, {@code 1e-05}, {@code 1e+16}, {@code nan}. */
  public static String repr(double v) {
    return format(v, "nan", "inf");
  }

  /** The float as {@code json.dumps} writes it. */
  public static String json(double v) {
    return format(v, "NaN", "Infinity");
  }

  /** The float, with these spellings of NaN and (minus) infinity. */
  private static String format(double v, String nan, String infinity) {
    if (Double.isNaN(v)) {
      return nan;
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? infinity : "-" + infinity;
    }
    return finite(v);
  }

  private static String finite(double v) {
    if (v == 0) {
      return (1 / v < 0) ? "-0.0" : "0.0";
    }
    BigDecimal d = new BigDecimal(DoubleToDecimal.toString(Math.abs(v))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    // value = 0.<digits> * 10^decpt
    int decpt = digits.length() - d.scale();
    StringBuilder sb = new StringBuilder(24);
    if (v < 0) {
      sb.append('-');
    }
    if (decpt > -4 && decpt <= 16) {
      if (decpt <= 0) {
        sb.append("0.");
        sb.append("0".repeat(-decpt));
        sb.append(digits);
      } else if (decpt >= digits.length()) {
        sb.append(digits);
        sb.append("0".repeat(decpt - digits.length()));
        sb.append(".0");
      } else {
        sb.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
      }
    } else {
      int exp = decpt - 1;
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      int abs = Math.abs(exp);
      if (abs < 10) {
        sb.append('0');
      }
      sb.append(abs);
    }
    return sb.toString();
  }
}
