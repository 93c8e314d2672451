package dev.trackway.store.jdbc.search;

import dev.trackway.compat.PyRepr;
import dev.trackway.compat.Shlex;
import dev.trackway.error.MlflowException;
import dev.trackway.store.jdbc.search.FilterLexer.Kind;
import dev.trackway.store.jdbc.search.FilterLexer.Token;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The entity-independent syntax of MLflow search filters and order_by clauses: tokens are grouped
 * into operands (identifiers, literals, parenthesised lists), operands into comparisons, and a
 * filter must be a single statement made only of comparisons joined by {@code AND}.
 *
 * <p>Behaviour follows MLflow's sqlparse-based parser: {@code AND} is case-insensitive and leading,
 * trailing, repeated or even missing {@code AND}s between comparisons are tolerated; {@code OR},
 * {@code NOT}, parentheses around clauses, comments and any other leftover token are "invalid
 * clauses"; {@code ;} separates statements and more than one statement is an error. {@code
 * IN}/{@code NOT IN} need a parenthesised list; {@code IS NULL}/{@code IS NOT NULL} take no value
 * (the {@code NOT NULL} must be written with exactly one space, as in MLflow).
 */
final class FilterSyntax {

  /** How invalid clauses are listed in the error message (runs quote them, experiments don't). */
  enum InvalidClauseStyle {
    QUOTED,
    PLAIN
  }

  private enum NodeKind {
    TOKEN,
    IDENTIFIER,
    PARENTHESIS,
    FUNCTION,
    OPERATION,
    COMPARISON
  }

  /** A grouped piece of the token stream; its text is the raw source between start and end. */
  private record Node(NodeKind kind, Token token, int start, int end, RawComparison comparison) {
    static Node of(Token t) {
      return new Node(NodeKind.TOKEN, t, t.start(), t.end(), null);
    }

    boolean isWhitespace() {
      return kind == NodeKind.TOKEN && token.isWhitespace();
    }

    boolean isTokenKind(Kind k) {
      return kind == NodeKind.TOKEN && token.kind() == k;
    }

    boolean isKeyword(String upper) {
      return kind == NodeKind.TOKEN && token.isKeyword(upper);
    }
  }

  private FilterSyntax() {}

  // ---------------------------------------------------------------------------------------------
  // Filters

  /**
   * Parses a filter string into syntactic comparisons. An empty or null filter gives an empty list.
   * Throws INVALID_PARAMETER_VALUE for multiple statements and for invalid clauses.
   */
  static List<RawComparison> parseFilter(String filter, InvalidClauseStyle style) {
    if (filter == null || filter.isEmpty()) {
      return List.of();
    }
    List<Token> tokens = FilterLexer.tokenize(filter);
    List<List<Token>> statements = splitStatements(tokens);
    if (statements.size() > 1) {
      throw MlflowException.invalidParameterValue(
          "Search filter contained multiple expression "
              + PyRepr.str(filter)
              + ". Provide AND-ed expression list.");
    }
    if (statements.isEmpty()) {
      return List.of();
    }
    List<Node> nodes = joinComparisons(group(filter, statements.get(0)), filter);
    List<String> invalid = new ArrayList<>();
    List<RawComparison> comparisons = new ArrayList<>();
    for (Node n : nodes) {
      if (n.kind() == NodeKind.COMPARISON) {
        comparisons.add(n.comparison());
      } else if (!n.isWhitespace() && !n.isKeyword("AND")) {
        invalid.add(filter.substring(n.start(), n.end()));
      }
    }
    if (!invalid.isEmpty()) {
      String list =
          style == InvalidClauseStyle.QUOTED
              ? invalid.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", "))
              : String.join(", ", invalid);
      throw MlflowException.invalidParameterValue("Invalid clause(s) in filter string: " + list);
    }
    return comparisons;
  }

  /**
   * Splits at {@code ;} (which ends a statement and belongs to it); a trailing statement made only
   * of whitespace is dropped, like sqlparse does.
   */
  private static List<List<Token>> splitStatements(List<Token> tokens) {
    List<List<Token>> statements = new ArrayList<>();
    List<Token> current = new ArrayList<>();
    for (Token t : tokens) {
      current.add(t);
      if (t.isPunctuation(";")) {
        statements.add(current);
        current = new ArrayList<>();
      }
    }
    if (current.stream().anyMatch(t -> !t.isWhitespace())) {
      statements.add(current);
    } else if (statements.isEmpty() && !current.isEmpty()) {
      // A filter made only of whitespace is one (empty) statement.
      statements.add(current);
    }
    return statements;
  }

  /** Groups parentheses, functions, dotted identifiers and arithmetic operations. */
  private static List<Node> group(String src, List<Token> tokens) {
    // 1. Matching parentheses (unmatched ones stay plain tokens).
    int[] match = new int[tokens.size()];
    Arrays.fill(match, -1);
    Deque<Integer> stack = new ArrayDeque<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.isPunctuation("(")) {
        stack.push(i);
      } else if (t.isPunctuation(")") && !stack.isEmpty()) {
        int open = stack.pop();
        match[open] = i;
      }
    }
    List<Node> level1 = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token t = tokens.get(i);
      if (t.isPunctuation("(") && match[i] >= 0) {
        Token close = tokens.get(match[i]);
        level1.add(new Node(NodeKind.PARENTHESIS, null, t.start(), close.end(), null));
        i = match[i];
      } else {
        level1.add(Node.of(t));
      }
    }
    // 2. Functions (a name directly followed by a parenthesis) and dotted identifiers.
    List<Node> level2 = new ArrayList<>();
    for (int i = 0; i < level1.size(); i++) {
      Node n = level1.get(i);
      if (n.isTokenKind(Kind.NAME)
          && i + 1 < level1.size()
          && level1.get(i + 1).kind() == NodeKind.PARENTHESIS
          && level1.get(i + 1).start() == n.end()) {
        level2.add(new Node(NodeKind.FUNCTION, null, n.start(), level1.get(i + 1).end(), null));
        i++;
        continue;
      }
      if (isIdentifierStart(n)) {
        int end = n.end();
        int j = i + 1;
        boolean plainWord = n.isTokenKind(Kind.NAME);
        while (true) {
          int k = j;
          if (plainWord) {
            while (k < level1.size() && level1.get(k).isWhitespace()) {
              k++;
            }
          }
          if (k < level1.size()
              && level1.get(k).kind() == NodeKind.TOKEN
              && level1.get(k).token().isPunctuation(".")) {
            end = level1.get(k).end();
            j = k + 1;
            int p = j;
            while (p < level1.size() && level1.get(p).isWhitespace()) {
              p++;
            }
            // A keyword is a key only right after the period ("metrics.select", but in
            // "tags. IS NULL" the key is empty).
            if (p < level1.size()
                && isIdentifierPart(level1.get(p))
                && (p == j || !level1.get(p).isTokenKind(Kind.KEYWORD))) {
              Node part = level1.get(p);
              end = part.end();
              j = p + 1;
              plainWord = part.isTokenKind(Kind.NAME) || part.isTokenKind(Kind.KEYWORD);
              continue;
            }
            plainWord = false;
            continue;
          }
          break;
        }
        level2.add(new Node(NodeKind.IDENTIFIER, null, n.start(), end, null));
        i = j - 1;
        continue;
      }
      level2.add(n);
    }
    // 3. Arithmetic operations (only to report them whole in messages).
    List<Node> level3 = new ArrayList<>();
    for (int i = 0; i < level2.size(); i++) {
      Node n = level2.get(i);
      if (isOperationOperand(n)) {
        int end = n.end();
        int j = i + 1;
        while (true) {
          int k = skipWhitespace(level2, j);
          if (k < level2.size() && level2.get(k).isTokenKind(Kind.OPERATOR)) {
            int m = skipWhitespace(level2, k + 1);
            if (m < level2.size() && isOperationOperand(level2.get(m))) {
              end = level2.get(m).end();
              j = m + 1;
              continue;
            }
          }
          break;
        }
        if (j > i + 1) {
          level3.add(new Node(NodeKind.OPERATION, null, n.start(), end, null));
          i = j - 1;
          continue;
        }
      }
      level3.add(n);
    }
    return level3;
  }

  private static int skipWhitespace(List<Node> nodes, int i) {
    while (i < nodes.size() && nodes.get(i).isWhitespace()) {
      i++;
    }
    return i;
  }

  private static boolean isIdentifierStart(Node n) {
    return n.isTokenKind(Kind.NAME)
        || n.isTokenKind(Kind.QUOTED_NAME)
        || n.isTokenKind(Kind.SYMBOL);
  }

  private static boolean isIdentifierPart(Node n) {
    return n.isTokenKind(Kind.NAME)
        || (n.isTokenKind(Kind.KEYWORD) && !FilterLexer.isSpecialKeyword(n.token().text()))
        || n.isTokenKind(Kind.QUOTED_NAME)
        || n.isTokenKind(Kind.SYMBOL)
        || n.isTokenKind(Kind.STRING)
        || (n.isTokenKind(Kind.OPERATOR) && n.token().text().equals("*"));
  }

  private static boolean isOperationOperand(Node n) {
    return switch (n.kind()) {
      case IDENTIFIER, PARENTHESIS, FUNCTION -> true;
      case TOKEN ->
          n.isTokenKind(Kind.INTEGER) || n.isTokenKind(Kind.FLOAT) || n.isTokenKind(Kind.STRING);
      default -> false;
    };
  }

  private static boolean isComparisonOperand(Node n) {
    return isOperationOperand(n)
        || n.kind() == NodeKind.OPERATION
        || n.isTokenKind(Kind.PLACEHOLDER)
        || n.isKeyword("NULL");
  }

  private static Operand toOperand(Node n, String src) {
    String text = src.substring(n.start(), n.end());
    return switch (n.kind()) {
      case IDENTIFIER -> new Operand.Identifier(text);
      case PARENTHESIS -> new Operand.Parenthesis(text);
      case TOKEN ->
          switch (n.token().kind()) {
            case STRING -> new Operand.StringLiteral(text);
            case INTEGER -> new Operand.NumberLiteral(text, true);
            case FLOAT -> new Operand.NumberLiteral(text, false);
            default -> new Operand.Other(text);
          };
      default -> new Operand.Other(text);
    };
  }

  /**
   * Forms comparisons: {@code operand op operand}, {@code identifier [NOT] IN (...)}, {@code
   * identifier IS NULL}, {@code identifier IS NOT NULL}.
   */
  private static List<Node> joinComparisons(List<Node> nodes, String src) {
    List<Node> out = new ArrayList<>();
    int i = 0;
    while (i < nodes.size()) {
      Node first = nodes.get(i);
      if (first.isWhitespace()) {
        out.add(first);
        i++;
        continue;
      }
      int j = skipWhitespace(nodes, i + 1);
      int k = skipWhitespace(nodes, j + 1);
      Node second = j < nodes.size() ? nodes.get(j) : null;
      Node third = k < nodes.size() ? nodes.get(k) : null;
      if (isComparisonOperand(first)
          && second != null
          && second.isTokenKind(Kind.COMPARISON)
          && third != null
          && isComparisonOperand(third)) {
        out.add(comparison(first, second.token().text(), third, src));
        i = k + 1;
        continue;
      }
      if (first.kind() == NodeKind.IDENTIFIER && second != null && third != null) {
        if (second.isKeyword("IN") && third.kind() == NodeKind.PARENTHESIS) {
          out.add(comparison(first, second.token().text(), third, src));
          i = k + 1;
          continue;
        }
        if (second.isKeyword("IS") && third.isKeyword("NULL")) {
          out.add(comparison(first, "IS NULL", null, src, third.end()));
          i = k + 1;
          continue;
        }
        if (second.isKeyword("IS")
            && third.isTokenKind(Kind.KEYWORD)
            && third.token().text().toUpperCase(Locale.ROOT).equals("NOT NULL")) {
          out.add(comparison(first, "IS NOT NULL", null, src, third.end()));
          i = k + 1;
          continue;
        }
        int m = skipWhitespace(nodes, k + 1);
        Node fourth = m < nodes.size() ? nodes.get(m) : null;
        if (second.isKeyword("NOT")
            && third.isKeyword("IN")
            && fourth != null
            && fourth.kind() == NodeKind.PARENTHESIS) {
          out.add(comparison(first, "NOT IN", fourth, src));
          i = m + 1;
          continue;
        }
      }
      out.add(first);
      i++;
    }
    return out;
  }

  private static Node comparison(Node left, String op, Node right, String src) {
    return comparison(left, op, right, src, right.end());
  }

  private static Node comparison(Node left, String op, Node right, String src, int end) {
    RawComparison c =
        new RawComparison(toOperand(left, src), op, right == null ? null : toOperand(right, src));
    return new Node(NodeKind.COMPARISON, null, left.start(), end, c);
  }

  // ---------------------------------------------------------------------------------------------
  // order_by

  /** An order_by clause reduced to its identifier text and direction. */
  record OrderByToken(String identifier, boolean ascending) {}

  /**
   * Checks that an order_by clause is a single identifier optionally followed by {@code ASC} or
   * {@code DESC} (case-insensitive), and splits it the way MLflow does (shell-like, with backquotes
   * treated as double quotes, so {@code metrics.`a b` DESC} gives {@code metrics.a b}; without a
   * direction the identifier is kept as written). Messages are MLflow's: "Invalid order_by clause
   * '...'. Could not be parsed." and "Invalid ordering key in order_by clause '...'."
   */
  static OrderByToken parseOrderBy(String orderBy) {
    String clause = orderBy == null ? "" : orderBy;
    if (!isSingleIdentifier(clause)) {
      throw couldNotParseOrderBy(clause);
    }
    List<String> parts;
    try {
      parts = Shlex.split(clause.replace('`', '"'));
    } catch (IllegalArgumentException e) {
      throw couldNotParseOrderBy(clause);
    }
    if (parts.size() > 2 || parts.isEmpty()) {
      throw couldNotParseOrderBy(clause);
    }
    boolean ascending = true;
    // As in MLflow, the shell-split text is only used when a direction follows; a lone
    // identifier is kept as written (quotes are stripped later, per key).
    String identifier = clause;
    if (parts.size() == 2) {
      identifier = parts.get(0);
      String order = parts.get(1).toLowerCase(Locale.ROOT);
      if (!order.equals("asc") && !order.equals("desc")) {
        throw MlflowException.invalidParameterValue(
            "Invalid ordering key in order_by clause '" + clause + "'.");
      }
      ascending = order.equals("asc");
    }
    return new OrderByToken(identifier.strip(), ascending);
  }

  private static MlflowException couldNotParseOrderBy(String clause) {
    return MlflowException.invalidParameterValue(
        "Invalid order_by clause '" + clause + "'. Could not be parsed.");
  }

  /**
   * True when the clause is one identifier token for SQL: an identifier starting at the first
   * character, optionally followed by whitespace and one alias word (a name, a quoted name, or
   * exactly ASC/DESC), and nothing else (no surrounding whitespace).
   */
  private static boolean isSingleIdentifier(String clause) {
    if (clause.isEmpty()) {
      return false;
    }
    List<Token> tokens = FilterLexer.tokenize(clause);
    List<Node> nodes = group(clause, tokens);
    if (nodes.isEmpty() || nodes.get(0).kind() != NodeKind.IDENTIFIER) {
      return false;
    }
    if (nodes.size() == 1) {
      return true;
    }
    int i = 1;
    if (!nodes.get(i).isWhitespace()) {
      return false;
    }
    i = skipWhitespace(nodes, i);
    if (i != nodes.size() - 1) {
      return false;
    }
    Node alias = nodes.get(i);
    if (alias.kind() == NodeKind.IDENTIFIER) {
      return true;
    }
    if (alias.isTokenKind(Kind.ORDER_KEYWORD)) {
      String t = alias.token().text().toUpperCase(Locale.ROOT);
      return t.equals("ASC") || t.equals("DESC");
    }
    return false;
  }
}
