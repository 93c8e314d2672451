package dev.trackway.store.jdbc.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a search filter or order_by string into tokens the way MLflow's SQL tokenizer (sqlparse)
 * does for the constructs MLflow's search grammar uses. Token boundaries decide what MLflow
 * accepts: e.g. {@code 1abc} is one word (not a number), {@code -1} is a number, {@code "x"} is a
 * quoted name (accepted as a string value), {@code `x`} a backquoted name, {@code NOT LIKE} one
 * comparison operator, {@code NOT NULL} one keyword.
 *
 * <p>The rules are tried in order at each position; the first that matches wins (the same
 * first-match semantics as sqlparse's lexer). Characters no rule matches become {@link Kind#ERROR}
 * tokens, which the parser reports as invalid clauses.
 */
final class FilterLexer {

  enum Kind {
    WHITESPACE,
    COMMENT,
    /** {@code `name`} (also {@code ´name´}, {@code [name]}). */
    QUOTED_NAME,
    /** {@code "text"}: a quoted name to SQL, accepted by MLflow as a string value. */
    SYMBOL,
    /** {@code 'text'}. */
    STRING,
    /** A word that is not an SQL keyword (or a keyword directly followed by a period). */
    NAME,
    KEYWORD,
    /** {@code ASC}/{@code DESC} (optionally with {@code NULLS FIRST/LAST}). */
    ORDER_KEYWORD,
    INTEGER,
    FLOAT,
    /** Hexadecimal numbers: numeric to SQL, but not a number MLflow accepts as a value. */
    OTHER_NUMBER,
    /** {@code = != <> < <= > >= ==} ..., {@code [NOT] LIKE/ILIKE/RLIKE}, {@code REGEXP}. */
    COMPARISON,
    /** {@code ; : ( ) [ ] , .} */
    PUNCTUATION,
    /** Arithmetic and JSON operators, {@code *}. */
    OPERATOR,
    /** Bind placeholders ({@code ?}, {@code :x}, {@code %s}, {@code $x}) and {@code \command}. */
    PLACEHOLDER,
    ERROR
  }

  record Token(Kind kind, String text, int start) {
    int end() {
      return start + text.length();
    }

    boolean isWhitespace() {
      return kind == Kind.WHITESPACE;
    }

    /** Keyword test on the normalised (upper-cased) value, like sqlparse's {@code match}. */
    boolean isKeyword(String upper) {
      return kind == Kind.KEYWORD && text.toUpperCase(Locale.ROOT).equals(upper);
    }

    boolean isPunctuation(String p) {
      return kind == Kind.PUNCTUATION && text.equals(p);
    }
  }

  private record Rule(Pattern pattern, Kind kind) {}

  private static final int FLAGS =
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;

  /** Letters sqlparse treats as the start of a name: {@code [A-ZÀ-Ü]} case-insensitively. */
  private static final String LETTER = "[A-Z\\u00C0-\\u00DC]";

  private static Rule rule(String regex, Kind kind) {
    return new Rule(Pattern.compile(regex, FLAGS), kind);
  }

  /** Marker kind: the word is looked up in {@link #KEYWORDS}. */
  private static final Kind WORD = null;

  private static final List<Rule> RULES =
      List.of(
          rule("(--|# ).*?(\\r\\n|\\r|\\n|$)", Kind.COMMENT),
          rule("(\\r\\n|\\r|\\n)", Kind.WHITESPACE),
          rule("\\s+?", Kind.WHITESPACE),
          rule(":=", Kind.OPERATOR),
          rule("::", Kind.PUNCTUATION),
          rule("\\*", Kind.OPERATOR),
          rule("`(``|[^`])*`", Kind.QUOTED_NAME),
          rule("\u00B4(\u00B4\u00B4|[^\u00B4])*\u00B4", Kind.QUOTED_NAME),
          rule("\\?", Kind.PLACEHOLDER),
          rule("%(\\(\\w+\\))?s", Kind.PLACEHOLDER),
          rule("(?<!\\w)[$:?]\\w+", Kind.PLACEHOLDER),
          rule("\\\\\\w+", Kind.PLACEHOLDER),
          rule("(CASE|IN|VALUES|USING|FROM|AS)\\b", Kind.KEYWORD),
          rule("(@|##|#)" + LETTER + "\\w+", Kind.NAME),
          // A word directly followed by a period is a name even if it is a keyword.
          rule(LETTER + "\\w*(?=\\s*\\.(?!\\d))", Kind.NAME),
          // A word directly followed by a parenthesis is a function name.
          rule(LETTER + "\\w*(?=\\()", Kind.NAME),
          rule("-?0x[\\dA-F]+", Kind.OTHER_NUMBER),
          rule("-?\\d+(\\.\\d+)?E-?\\d+", Kind.FLOAT),
          rule(
              "(?![_A-Z\\u00C0-\\u00DC])-?(\\d+(\\.\\d*)|\\.\\d+)(?![_A-Z\\u00C0-\\u00DC])",
              Kind.FLOAT),
          rule("(?![_A-Z\\u00C0-\\u00DC])-?\\d+(?![_A-Z\\u00C0-\\u00DC])", Kind.INTEGER),
          rule("'(''|\\\\'|[^'])*'", Kind.STRING),
          rule("\"(\"\"|\\\\\"|[^\"])*\"", Kind.SYMBOL),
          rule("(\"\"|\".*?[^\\\\]\")", Kind.SYMBOL),
          rule("(?<![\\w\\])])(\\[[^\\]\\[]+\\])", Kind.QUOTED_NAME),
          rule("NOT\\s+NULL\\b", Kind.KEYWORD),
          rule("(ASC|DESC)(\\s+NULLS\\s+(FIRST|LAST))?\\b", Kind.ORDER_KEYWORD),
          rule("NULLS\\s+(FIRST|LAST)\\b", Kind.ORDER_KEYWORD),
          rule("(NOT\\s+)?(LIKE|ILIKE|RLIKE)\\b", Kind.COMPARISON),
          rule("(NOT\\s+)?(REGEXP)(\\s+(BINARY))?\\b", Kind.COMPARISON),
          rule("\\w[$#\\w]*", WORD),
          rule("[;:()\\[\\],.]", Kind.PUNCTUATION),
          rule("(->>?|#>>?|@>|<@|\\?\\|?|\\?&|-|#-)", Kind.OPERATOR),
          rule("[<>=~!]+", Kind.COMPARISON),
          rule("[+/@#%^&|-]+", Kind.OPERATOR));

  /**
   * SQL keywords that matter to the search grammar: a keyword is never a bare identifier or value
   * (e.g. {@code status = true} is an invalid clause, not an unquoted value). A compact list of
   * common SQL words; none of MLflow's searchable attribute names is among them.
   */
  static final Set<String> KEYWORDS =
      Set.of(
          "ALL",
          "ALTER",
          "AND",
          "ANY",
          "AS",
          "BETWEEN",
          "BY",
          "CASE",
          "CAST",
          "CREATE",
          "CROSS",
          "DELETE",
          "DISTINCT",
          "DIV",
          "DROP",
          "ELSE",
          "END",
          "ESCAPE",
          "EXCEPT",
          "EXISTS",
          "FALSE",
          "FOR",
          "FROM",
          "FULL",
          "GROUP",
          "HAVING",
          "IF",
          "IN",
          "INNER",
          "INSERT",
          "INTERSECT",
          "INTO",
          "IS",
          "JOIN",
          "KEY",
          "LEFT",
          "LIMIT",
          "MOD",
          "NOT",
          "NULL",
          "OFFSET",
          "ON",
          "OR",
          "ORDER",
          "OUTER",
          "RIGHT",
          "SELECT",
          "SET",
          "SOME",
          "TABLE",
          "THEN",
          "TRUE",
          "UNION",
          "UNKNOWN",
          "UPDATE",
          "USING",
          "VALUES",
          "WHEN",
          "WHERE",
          "WITH",
          "XOR");

  private FilterLexer() {}

  /**
   * Keywords sqlparse lexes with a dedicated rule; unlike other keywords they cannot follow a
   * period in an identifier ({@code params.from} is not an identifier in MLflow).
   */
  static boolean isSpecialKeyword(String word) {
    return SPECIAL_KEYWORD.matcher(word).matches();
  }

  private static final Pattern SPECIAL_KEYWORD =
      Pattern.compile("CASE|IN|VALUES|USING|FROM|AS", Pattern.CASE_INSENSITIVE);

  static List<Token> tokenize(String text) {
    List<Token> tokens = new ArrayList<>();
    int pos = 0;
    int length = text.length();
    List<Matcher> matchers = new ArrayList<>(RULES.size());
    for (Rule r : RULES) {
      Matcher m = r.pattern().matcher(text);
      m.useTransparentBounds(true);
      m.useAnchoringBounds(false);
      matchers.add(m);
    }
    outer:
    while (pos < length) {
      // Multi-line comments need their closer somewhere later in the text.
      if (text.startsWith("/*", pos)) {
        int close = text.indexOf("*/", pos + 2);
        if (close >= 0) {
          tokens.add(new Token(Kind.COMMENT, text.substring(pos, close + 2), pos));
          pos = close + 2;
          continue;
        }
      }
      for (int i = 0; i < RULES.size(); i++) {
        Matcher m = matchers.get(i);
        m.region(pos, length);
        if (m.lookingAt() && m.end() > pos) {
          String t = m.group();
          Kind kind = RULES.get(i).kind();
          if (kind == WORD) {
            kind = KEYWORDS.contains(t.toUpperCase(Locale.ROOT)) ? Kind.KEYWORD : Kind.NAME;
          }
          tokens.add(new Token(kind, t, pos));
          pos = m.end();
          continue outer;
        }
      }
      int cp = text.codePointAt(pos);
      String ch = new String(Character.toChars(cp));
      tokens.add(new Token(Kind.ERROR, ch, pos));
      pos += ch.length();
    }
    return tokens;
  }
}
