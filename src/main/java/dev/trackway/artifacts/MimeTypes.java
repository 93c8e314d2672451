package dev.trackway.artifacts;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Content-Type of a downloaded artifact, decided the way MLflow's server decides it ({@code
 * _guess_mime_type}): text-like extensions and the names MLmodel and mlproject (MLflow's lower-case
 * project file name) are {@code text/plain}; otherwise the type Python's {@code mimetypes} module
 * knows for the extension (its built-in table, without the host's /etc/mime.types, so the answer
 * does not depend on the machine), after stripping a compression suffix ({@code .gz}, {@code .bz2},
 * ...); {@code application/octet-stream} when unknown.
 */
public final class MimeTypes {
  private MimeTypes() {}

  public static final String OCTET_STREAM = "application/octet-stream";

  private static final Set<String> TEXT =
      Set.of(
          "txt",
          "log",
          "err",
          "cfg",
          "conf",
          "cnf",
          "cf",
          "ini",
          "properties",
          "prop",
          "hocon",
          "toml",
          "yaml",
          "yml",
          "xml",
          "json",
          "js",
          "py",
          "py3",
          "csv",
          "tsv",
          "md",
          "rst",
          "ipynb",
          "MLmodel",
          "mlproject");

  private static final Map<String, String> SUFFIXES =
      Map.of(
          ".svgz",
          ".svg.gz",
          ".tgz",
          ".tar.gz",
          ".taz",
          ".tar.gz",
          ".tz",
          ".tar.gz",
          ".tbz2",
          ".tar.bz2",
          ".txz",
          ".tar.xz");

  private static final Set<String> ENCODINGS = Set.of(".gz", ".Z", ".bz2", ".xz", ".br");

  private static final Map<String, String> TYPES = new HashMap<>();

  static {
    String[] table = {
      "3g2", "audio/3gpp2",
      "3gp", "audio/3gpp",
      "3gpp", "audio/3gpp",
      "3gpp2", "audio/3gpp2",
      "a", "application/octet-stream",
      "aac", "audio/aac",
      "adts", "audio/aac",
      "ai", "application/postscript",
      "aif", "audio/x-aiff",
      "aifc", "audio/x-aiff",
      "aiff", "audio/x-aiff",
      "ass", "audio/aac",
      "au", "audio/basic",
      "avi", "video/x-msvideo",
      "avif", "image/avif",
      "bat", "text/plain",
      "bcpio", "application/x-bcpio",
      "bin", "application/octet-stream",
      "bmp", "image/bmp",
      "c", "text/plain",
      "cdf", "application/x-netcdf",
      "cpio", "application/x-cpio",
      "csh", "application/x-csh",
      "css", "text/css",
      "csv", "text/csv",
      "dll", "application/octet-stream",
      "doc", "application/msword",
      "dot", "application/msword",
      "dvi", "application/x-dvi",
      "eml", "message/rfc822",
      "eps", "application/postscript",
      "etx", "text/x-setext",
      "exe", "application/octet-stream",
      "gif", "image/gif",
      "gtar", "application/x-gtar",
      "h", "text/plain",
      "h5", "application/x-hdf5",
      "hdf", "application/x-hdf",
      "heic", "image/heic",
      "heif", "image/heif",
      "htm", "text/html",
      "html", "text/html",
      "ico", "image/vnd.microsoft.icon",
      "ief", "image/ief",
      "jpe", "image/jpeg",
      "jpeg", "image/jpeg",
      "jpg", "image/jpeg",
      "js", "application/javascript",
      "json", "application/json",
      "ksh", "text/plain",
      "latex", "application/x-latex",
      "loas", "audio/aac",
      "m1v", "video/mpeg",
      "m3u", "application/vnd.apple.mpegurl",
      "m3u8", "application/vnd.apple.mpegurl",
      "man", "application/x-troff-man",
      "me", "application/x-troff-me",
      "mht", "message/rfc822",
      "mhtml", "message/rfc822",
      "mif", "application/x-mif",
      "mjs", "application/javascript",
      "mov", "video/quicktime",
      "movie", "video/x-sgi-movie",
      "mp2", "audio/mpeg",
      "mp3", "audio/mpeg",
      "mp4", "video/mp4",
      "mpa", "video/mpeg",
      "mpe", "video/mpeg",
      "mpeg", "video/mpeg",
      "mpg", "video/mpeg",
      "ms", "application/x-troff-ms",
      "n3", "text/n3",
      "nc", "application/x-netcdf",
      "nq", "application/n-quads",
      "nt", "application/n-triples",
      "nws", "message/rfc822",
      "o", "application/octet-stream",
      "obj", "application/octet-stream",
      "oda", "application/oda",
      "opus", "audio/opus",
      "p12", "application/x-pkcs12",
      "p7c", "application/pkcs7-mime",
      "pbm", "image/x-portable-bitmap",
      "pdf", "application/pdf",
      "pfx", "application/x-pkcs12",
      "pgm", "image/x-portable-graymap",
      "pl", "text/plain",
      "png", "image/png",
      "pnm", "image/x-portable-anymap",
      "pot", "application/vnd.ms-powerpoint",
      "ppa", "application/vnd.ms-powerpoint",
      "ppm", "image/x-portable-pixmap",
      "pps", "application/vnd.ms-powerpoint",
      "ppt", "application/vnd.ms-powerpoint",
      "ps", "application/postscript",
      "pwz", "application/vnd.ms-powerpoint",
      "py", "text/x-python",
      "pyc", "application/x-python-code",
      "pyo", "application/x-python-code",
      "qt", "video/quicktime",
      "ra", "audio/x-pn-realaudio",
      "ram", "application/x-pn-realaudio",
      "ras", "image/x-cmu-raster",
      "rdf", "application/xml",
      "rgb", "image/x-rgb",
      "roff", "application/x-troff",
      "rtx", "text/richtext",
      "sgm", "text/x-sgml",
      "sgml", "text/x-sgml",
      "sh", "application/x-sh",
      "shar", "application/x-shar",
      "snd", "audio/basic",
      "so", "application/octet-stream",
      "src", "application/x-wais-source",
      "srt", "text/plain",
      "sv4cpio", "application/x-sv4cpio",
      "sv4crc", "application/x-sv4crc",
      "svg", "image/svg+xml",
      "swf", "application/x-shockwave-flash",
      "t", "application/x-troff",
      "tar", "application/x-tar",
      "tcl", "application/x-tcl",
      "tex", "application/x-tex",
      "texi", "application/x-texinfo",
      "texinfo", "application/x-texinfo",
      "tif", "image/tiff",
      "tiff", "image/tiff",
      "tr", "application/x-troff",
      "trig", "application/trig",
      "tsv", "text/tab-separated-values",
      "txt", "text/plain",
      "ustar", "application/x-ustar",
      "vcf", "text/x-vcard",
      "vtt", "text/vtt",
      "wasm", "application/wasm",
      "wav", "audio/x-wav",
      "webm", "video/webm",
      "webmanifest", "application/manifest+json",
      "wiz", "application/msword",
      "wsdl", "application/xml",
      "xbm", "image/x-xbitmap",
      "xlb", "application/vnd.ms-excel",
      "xls", "application/vnd.ms-excel",
      "xml", "text/xml",
      "xpdl", "application/xml",
      "xpm", "image/x-xpixmap",
      "xsl", "application/xml",
      "xwd", "image/x-xwindowdump",
      "zip", "application/zip",
    };
    for (int i = 0; i < table.length; i += 2) {
      TYPES.put("." + table[i], table[i + 1]);
    }
  }

  /** MLflow's {@code _guess_mime_type} for a file path or name. */
  public static String forDownload(String path) {
    String name = ArtifactPaths.basename(path);
    String ext = extension(name);
    String key = ext.isEmpty() ? name : ext.substring(1);
    if (TEXT.contains(key)) {
      return "text/plain";
    }
    String t = guess(name);
    return t == null ? OCTET_STREAM : t;
  }

  /** Python's {@code mimetypes.guess_type(name)[0]} on the built-in table, or null. */
  public static String guess(String name) {
    String base = name;
    String ext = extension(base);
    while (SUFFIXES.containsKey(ext) || SUFFIXES.containsKey(ext.toLowerCase())) {
      String mapped =
          SUFFIXES.containsKey(ext) ? SUFFIXES.get(ext) : SUFFIXES.get(ext.toLowerCase());
      base = base.substring(0, base.length() - ext.length()) + mapped;
      ext = extension(base);
    }
    if (ENCODINGS.contains(ext) || ENCODINGS.contains(ext.toLowerCase())) {
      base = base.substring(0, base.length() - ext.length());
      ext = extension(base);
    }
    String t = TYPES.get(ext);
    return t != null ? t : TYPES.get(ext.toLowerCase());
  }

  /** Python's {@code os.path.splitext(name)[1]}: leading dots do not start an extension. */
  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    if (dot <= 0) {
      return "";
    }
    int i = 0;
    while (i < name.length() && name.charAt(i) == '.') {
      i++;
    }
    return dot < i ? "" : name.substring(dot);
  }
}
