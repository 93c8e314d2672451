package dev.trackway.compat.trace;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code google.protobuf.Timestamp} and {@code Duration} in their JSON forms, as Python's protobuf
 * writes and reads them: {@code 2026-11-29T14:20:24.300Z} (0, 3, 6 or 9 fraction digits) and {@code
 * 3.605s}. MLflow keeps milliseconds, so values are converted from and to milliseconds.
 */
public final class ProtoTime {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2})(\\.(\\d{1,9}))?(Z|[+-]\\d{2}:\\d{2})");
  private static final Pattern DURATION = Pattern.compile("(-)?(\\d+)(\\.(\\d{0,9}))?s");

  private ProtoTime() {}

  /** A timestamp in milliseconds as Timestamp JSON. */
  public static String timestamp(long epochMs) {
    long seconds = Math.floorDiv(epochMs, 1000);
    int millis = (int) Math.floorMod(epochMs, 1000);
    String base = SECONDS.format(Instant.ofEpochSecond(seconds));
    return millis == 0 ? base + "Z" : base + String.format(".%03dZ", millis);
  }

  /** A duration in milliseconds as Duration JSON. */
  public static String duration(long ms) {
    String sign = ms < 0 ? "-" : "";
    long abs = Math.abs(ms);
    long seconds = abs / 1000;
    int millis = (int) (abs % 1000);
    return millis == 0 ? sign + seconds + "s" : sign + seconds + String.format(".%03ds", millis);
  }

  /** Timestamp JSON to milliseconds (truncated); IllegalArgumentException if malformed. */
  public static long parseTimestamp(String s) {
    Matcher m = TIMESTAMP.matcher(s.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("Failed to parse timestamp: " + s);
    }
    try {
      OffsetDateTime t =
          OffsetDateTime.parse(
              m.group(1) + (m.group(4).equals("Z") ? "Z" : m.group(4)),
              DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      long ms = t.toEpochSecond() * 1000;
      if (m.group(3) != null) {
        String frac = (m.group(3) + "000").substring(0, 3);
        ms += Integer.parseInt(frac);
      }
      return ms;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("Failed to parse timestamp: " + s);
    }
  }

  /** Duration JSON to milliseconds (truncated toward zero); IllegalArgumentException if bad. */
  public static long parseDuration(String s) {
    Matcher m = DURATION.matcher(s.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("Failed to parse duration: " + s);
    }
    BigDecimal seconds =
        new BigDecimal(m.group(2) + (m.group(4) == null ? "" : "." + m.group(4) + "0"));
    long ms = seconds.movePointRight(3).longValue();
    return m.group(1) != null ? -ms : ms;
  }
}
