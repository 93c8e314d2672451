package dev.trackway.config;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ini file read the way Python's {@code configparser.ConfigParser} reads MLflow's {@code
 * basic_auth.ini}: {@code [section]} headers, {@code key = value} or {@code key: value} (keys
 * case-insensitive, values stripped), whole-line {@code #} and {@code ;} comments (no inline
 * comments), indented continuation lines, {@code [DEFAULT]} values seen in every section, and basic
 * interpolation ({@code %(key)s}, {@code %%}).
 */
public final class IniFile {
  private static final Pattern SECTION = Pattern.compile("^\\[([^]]+)]\\s*$");
  private static final Pattern OPTION = Pattern.compile("^([^=:]+?)\\s*[=:]\\s*(.*)$");
  private static final Pattern INTERPOLATION = Pattern.compile("%\\(([^)]+)\\)s");

  private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();

  private IniFile() {}

  /**
   * Parses the text.
   *
   * @throws IllegalArgumentException for a line configparser refuses, with its line number
   */
  public static IniFile parse(String text) {
    IniFile ini = new IniFile();
    Map<String, String> current = null;
    String lastKey = null;
    String[] lines = text.split("\r?\n|\r", -1);
    for (int i = 0; i < lines.length; i++) {
      String raw = lines[i];
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        lastKey = null;
        continue;
      }
      boolean indented = Character.isWhitespace(raw.charAt(0));
      if (indented && current != null && lastKey != null) {
        current.put(lastKey, current.get(lastKey) + "\n" + line);
        continue;
      }
      Matcher section = SECTION.matcher(line);
      if (section.matches()) {
        String name = section.group(1);
        current = ini.sections.computeIfAbsent(name, k -> new LinkedHashMap<>());
        lastKey = null;
        continue;
      }
      if (current == null) {
        throw new IllegalArgumentException(
            "File contains no section headers (line " + (i + 1) + ")");
      }
      Matcher option = OPTION.matcher(line);
      if (!option.matches()) {
        throw new IllegalArgumentException("Cannot parse line " + (i + 1) + ": " + line);
      }
      lastKey = option.group(1).strip().toLowerCase(Locale.ROOT);
      current.put(lastKey, option.group(2).strip());
    }
    return ini;
  }

  public boolean hasSection(String section) {
    return sections.containsKey(section);
  }

  /** The value, interpolated, or null when the section or key is absent. */
  public String get(String section, String key) {
    String raw = raw(section, key.toLowerCase(Locale.ROOT));
    return raw == null ? null : interpolate(section, raw, 0);
  }

  private String raw(String section, String key) {
    Map<String, String> s = sections.get(section);
    if (s != null && s.containsKey(key)) {
      return s.get(key);
    }
    Map<String, String> defaults = sections.get("DEFAULT");
    return defaults == null ? null : defaults.get(key);
  }

  private String interpolate(String section, String value, int depth) {
    if (depth > 10) {
      throw new IllegalArgumentException("Interpolation too deep in [" + section + "]");
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c != '%') {
        out.append(c);
        i++;
        continue;
      }
      if (value.startsWith("%%", i)) {
        out.append('%');
        i += 2;
        continue;
      }
      Matcher m = INTERPOLATION.matcher(value).region(i, value.length());
      if (!m.lookingAt()) {
        throw new IllegalArgumentException(
            "'%' must be followed by '%' or '(', found: " + value.substring(i));
      }
      String ref = raw(section, m.group(1).toLowerCase(Locale.ROOT));
      if (ref == null) {
        throw new IllegalArgumentException(
            "Bad value substitution: option '" + m.group(1) + "' is not set");
      }
      out.append(interpolate(section, ref, depth + 1));
      i = m.end();
    }
    return out.toString();
  }
}
