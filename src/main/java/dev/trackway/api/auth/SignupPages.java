package dev.trackway.api.auth;

/** The HTML of the sign-up form and of its result page ({@link SignupResource}). */
final class SignupPages {
  private SignupPages() {}

  private static final String HEAD =
      """
      <!doctype html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Sign up - Trackway</title>
      <style>
      body { font-family: system-ui, sans-serif; background: #f6f7f9; margin: 0; padding: 48px 16px; }
      main { max-width: 360px; margin: 0 auto; background: #fff; border: 1px solid #d8dce2;
             border-radius: 8px; padding: 24px; }
      h1 { font-size: 20px; margin: 0 0 8px; }
      label { display: block; font-size: 14px; margin: 14px 0 4px; }
      input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: 8px;
             border: 1px solid #b8bec8; border-radius: 4px; font-size: 14px; }
      button { margin-top: 18px; padding: 8px 18px; border: 0; border-radius: 4px;
             background: #2272b4; color: #fff; font-size: 15px; cursor: pointer; }
      .hint { font-size: 12px; color: #5f6670; }
      </style>
      </head>
      <body>
      <main>
      """;

  private static final String TAIL = "</main>\n</body>\n</html>\n";

  /** The form, posting to {@code action} with the CSRF {@code token}. */
  static String form(String action, String token) {
    return HEAD
        + "<h1>Create a user</h1>\n"
        + "<p class=\"hint\">The new user signs in with HTTP basic credentials; admins grant"
        + " them access.</p>\n"
        + "<form method=\"post\" action=\""
        + attr(action)
        + "\">\n"
        + "<input type=\"hidden\" name=\"csrf_token\" value=\""
        + attr(token)
        + "\">\n"
        + "<label for=\"username\">Username</label>\n"
        + "<input type=\"text\" id=\"username\" name=\"username\" required"
        + " autocomplete=\"off\">\n"
        + "<label for=\"password\">Password</label>\n"
        + "<input type=\"password\" id=\"password\" name=\"password\" required minlength=\"12\""
        + " autocomplete=\"new-password\">\n"
        + "<p class=\"hint\">At least 12 characters.</p>\n"
        + "<button type=\"submit\">Sign up</button>\n"
        + "</form>\n"
        + TAIL;
  }

  /**
   * MLflow's answer to a post: the message in an alert, then the browser goes to {@code next}
   * (shown as text and a link too, for a browser without scripts).
   */
  static String alert(String message, String next) {
    return HEAD
        + "<p id=\"message\">"
        + attr(message)
        + "</p>\n"
        + "<p><a href=\""
        + attr(next)
        + "\">Continue</a></p>\n"
        + "<script>\nalert("
        + js(message)
        + ");\nwindow.location.href = "
        + js(next)
        + ";\n</script>\n"
        + TAIL;
  }

  /** Text for an HTML element or a quoted attribute. */
  static String attr(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** A JavaScript string literal safe inside a script element. */
  static String js(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16).append('"');
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
