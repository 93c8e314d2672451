package dev.trackway.artifacts;

import dev.trackway.error.ErrorCode;
import dev.trackway.error.MlflowException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one place where artifact paths from requests (and from stored artifact URIs) are decoded,
 * validated and normalized. Every repository operation goes through {@link #normalize}; request
 * paths first go through {@link #validate}, MLflow's {@code validate_path_is_safe}.
 *
 * <p>A path is refused with INVALID_PARAMETER_VALUE "Invalid path" (MLflow's wording) when, after
 * percent-decoding until it no longer changes (at most 10 rounds, like MLflow), it
 *
 * <ul>
 *   <li>contains {@code #}, a backslash, NUL or any other control character;
 *   <li>is absolute: starts with {@code /} (POSIX, also {@code //server/share}) or with a Windows
 *       drive ({@code C:/}, {@code C:\});
 *   <li>has a segment made only of dots other than {@code .}: {@code ..}, {@code ...}, {@code ....}
 *       (MLflow refuses {@code ..} only; the longer ones are refused too because some stores and
 *       tools treat them specially and no artifact needs them);
 *   <li>is a {@code file:} URI whose path breaks one of these rules ({@code file:///etc/passwd}).
 * </ul>
 *
 * Differences from MLflow 3.18 (deliberate, all stricter): MLflow on Linux accepts backslashes and
 * turns control characters into the literal text {@code %xx}; Trackway refuses both.
 */
public final class ArtifactPaths {
  public static final String INVALID_PATH = "Invalid path";
  private static final int MAX_DECODE_ROUNDS = 10;

  private ArtifactPaths() {}

  public static MlflowException invalidPath() {
    return new MlflowException(ErrorCode.INVALID_PARAMETER_VALUE, INVALID_PATH);
  }

  /**
   * MLflow's {@code validate_path_is_safe}: the decoded path, checked; not yet normalized (so a
   * listing can echo {@code relative_path} as MLflow does). Null stays null.
   */
  public static String validate(String raw) {
    if (raw == null) {
      return null;
    }
    String path = decodeFully(raw);
    if (path.indexOf('#') >= 0) {
      throw invalidPath();
    }
    if (path.regionMatches(true, 0, "file:", 0, 5)) {
      path = percentDecode(fileUriPath(path));
    }
    check(path);
    return path;
  }

  /** {@link #validate} then {@link #normalize}: "" is the root. */
  public static String safeRelative(String raw) {
    String v = validate(raw);
    return v == null ? "" : normalize(v);
  }

  /**
   * A checked relative path in normal form: segments joined by one {@code /}, without empty and
   * {@code .} segments; "" for the root. Nothing is decoded here: this is the last check before a
   * path touches storage, so every repository calls it on every path it is given.
   */
  public static String normalize(String path) {
    if (path == null) {
      return "";
    }
    check(path);
    List<String> out = new ArrayList<>();
    for (String seg : path.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      out.add(seg);
    }
    return String.join("/", out);
  }

  private static void check(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\' || c == '#') {
        throw invalidPath();
      }
    }
    if (path.startsWith("/")) {
      throw invalidPath();
    }
    if (path.length() >= 2
        && isAsciiLetter(path.charAt(0))
        && path.charAt(1) == ':'
        && (path.length() == 2 || path.charAt(2) == '/')) {
      throw invalidPath();
    }
    for (String seg : path.split("/", -1)) {
      if (seg.length() >= 2 && seg.chars().allMatch(ch -> ch == '.')) {
        throw invalidPath();
      }
    }
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** The path part of a {@code file:} URI ({@code file:///a} -> /a, {@code file://h/a} -> /a). */
  private static String fileUriPath(String uri) {
    String rest = uri.substring(5);
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      rest = slash < 0 ? "" : rest.substring(slash);
    }
    int q = rest.indexOf('?');
    return q < 0 ? rest : rest.substring(0, q);
  }

  /** Percent-decodes until the text stops changing; more than 10 rounds is refused. */
  static String decodeFully(String s) {
    String cur = s;
    for (int i = 0; i < MAX_DECODE_ROUNDS; i++) {
      String next = percentDecode(cur);
      if (next.equals(cur)) {
        return cur;
      }
      cur = next;
    }
    throw invalidPath();
  }

  /**
   * One round of percent-decoding like Python's {@code urllib.parse.unquote}: valid {@code %XX}
   * escapes become bytes, read as UTF-8 with invalid sequences replaced; anything else is kept.
   */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '%'
          && i + 2 < s.length()
          && hex(s.charAt(i + 1)) >= 0
          && hex(s.charAt(i + 2)) >= 0) {
        bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
        i += 3;
        continue;
      }
      if (bytes.size() > 0) {
        out.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
        bytes.reset();
      }
      out.append(c);
      i++;
    }
    if (bytes.size() > 0) {
      out.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  /** POSIX join of relative paths (either may be empty). */
  public static String join(String a, String b) {
    if (a == null || a.isEmpty()) {
      return b == null ? "" : b;
    }
    if (b == null || b.isEmpty()) {
      return a;
    }
    return a.endsWith("/") ? a + b : a + "/" + b;
  }

  /** The last segment of a path ("" for "" or a path ending in /). */
  public static String basename(String p) {
    int slash = p.lastIndexOf('/');
    return slash < 0 ? p : p.substring(slash + 1);
  }

  /** The file name (last segment) of a path to write, which must have one. */
  public static String requireFileName(String path) {
    String name = basename(path);
    if (name.isEmpty()) {
      throw MlflowException.invalidParameterValue(
          "Artifact path must include a filename (cannot end with '/').");
    }
    return name;
  }

  /** Everything before the last segment, without the slash ("" when there is none). */
  public static String parent(String p) {
    int slash = p.lastIndexOf('/');
    return slash < 0 ? "" : p.substring(0, slash);
  }

  /** Python's str ordering: by code point (String.compareTo orders by UTF-16 unit). */
  public static int comparePaths(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** The URI scheme in lower case, or null for a plain path (a Windows drive is a path too). */
  public static String scheme(String uri) {
    int colon = uri.indexOf(':');
    if (colon <= 1) {
      return null;
    }
    for (int i = 0; i < colon; i++) {
      char c = uri.charAt(i);
      boolean ok = Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.';
      if (!ok || c > 127) {
        return null;
      }
    }
    return uri.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  /** The local file system path of a {@code file:} URI, percent-decoded. */
  public static Path localPath(String fileUri) {
    String rest = fileUri.substring(5);
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      rest = slash < 0 ? "/" : rest.substring(slash);
    }
    return Path.of(percentDecode(rest));
  }
}
