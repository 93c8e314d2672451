package dev.trackway.store.jdbc.search;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers shared by the search tests. */
final class SearchTestSupport {
  private SearchTestSupport() {}

  private static final Pattern PY_SET = Pattern.compile("\\{([^{}]*)\\}");
  private static final Pattern PY_SET_ITEM = Pattern.compile("'[^']*'");

  /**
   * Makes MLflow messages comparable: Python prints sets in a random order, so the items of every
   * {@code {...}} are sorted.
   */
  static String normalizeMessage(String message) {
    if (message == null) {
      return null;
    }
    Matcher m = PY_SET.matcher(message);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      List<String> items = new ArrayList<>();
      Matcher im = PY_SET_ITEM.matcher(m.group(1));
      while (im.find()) {
        items.add(im.group());
      }
      items.sort(null);
      m.appendReplacement(sb, Matcher.quoteReplacement("{" + String.join(", ", items) + "}"));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** The same canonical text the expected data uses: {@code type|key|comparator|value}. */
  static String canonical(Comparison c) {
    return c.type().mlflowName() + "|" + c.key() + "|" + c.comparator() + "|" + canonicalValue(c);
  }

  private static String canonicalValue(Comparison c) {
    Value v = c.value();
    if (v instanceof Value.None) {
      return "None";
    }
    if (v instanceof Value.Str s) {
      return "S:" + s.value();
    }
    if (v instanceof Value.StrList l) {
      return "L:" + String.join("|", l.values());
    }
    Value.Num n = (Value.Num) v;
    if (c.type() == EntityType.METRIC) {
      return "M:" + n.text();
    }
    if (n.integer()) {
      return "I:" + new java.math.BigInteger(n.text());
    }
    return "F:" + pyFloatRepr(Double.parseDouble(n.text()));
  }

  /** Python's repr of a float for the values used in the tests. */
  static String pyFloatRepr(double d) {
    String s = Double.toString(d);
    if (s.contains("E")) {
      // 1.0E20 -> 1e+20
      String[] parts = s.split("E");
      String mantissa =
          parts[0].endsWith(".0") ? parts[0].substring(0, parts[0].length() - 2) : parts[0];
      int exp = Integer.parseInt(parts[1]);
      if (exp >= -4 && exp < 16) {
        return new java.math.BigDecimal(s).toPlainString();
      }
      return mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
    }
    return s;
  }
}
