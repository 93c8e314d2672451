import json, re, sys

def norm(t):
    """Python prints sets in random order: sort their items so regenerating is stable."""
    if t is None:
        return None
    return re.sub(r"\{([^{}]*)\}", lambda m: "{" + ", ".join(sorted(re.findall(r"'[^']*'", m.group(1)))) + "}", t)

def jstr(s):
    if s is None:
        return "null"
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '\\': out.append('\\\\')
        elif ch == '"': out.append('\\"')
        elif ch == '\n': out.append('\\n')
        elif ch == '\r': out.append('\\r')
        elif ch == '\t': out.append('\\t')
        elif o < 0x20 or o > 0x7e: out.append('\\u%04x' % o)
        else: out.append(ch)
    out.append('"')
    return ''.join(out)

def jlist(items, f=jstr):
    if items is None:
        return "null"
    return "List.of(" + ", ".join(f(x) for x in items) + ")"

HEADER = """package dev.trackway.store.jdbc.search;

import java.util.List;

/**
 * GENERATED test data: %s
 *
 * <p>Expected results were produced by running MLflow 3.18.0 itself (its SqlAlchemyStore on
 * SQLite and on MariaDB 10.11 with a case-insensitive utf8mb4_general_ci collation, and its
 * SearchUtils parser) on the inputs below. Error messages may contain Python sets, whose order is
 * random in Python; they are written sorted and tests compare them order-insensitively.
 * Regenerate with parity/regenerate.sh (do not edit by hand).
 */
"""

def parity(sqlite_json, mysql_json, out):
    a = json.load(open(sqlite_json)); b = json.load(open(mysql_json))
    lines = [HEADER % "search_runs / search_experiments parity cases.", "final class MlflowParityData {", "  private MlflowParityData() {}", ""]
    lines.append("  /** Rows inserted before the searches (valid on SQLite and MySQL). */")
    lines.append("  static final List<String> INSERTS =")
    lines.append("      List.of(")
    lines.append(",\n".join("          " + jstr(s) for s in a["inserts"]) + ");")
    lines.append("")
    lines.append("  /** A search_runs case: expected run ids per vendor, or MLflow's error message. */")
    lines.append("  record RunCase(List<Integer> experimentIds, String filter, String view, List<String> orderBy, List<String> sqlite, List<String> mysql, String error) {")
    lines.append("    @Override public String toString() { return \"exp=\" + experimentIds + \" filter=\" + filter + \" view=\" + view + \" order_by=\" + orderBy; }")
    lines.append("  }")
    lines.append("")
    lines.append("  /** A search_experiments case. */")
    lines.append("  record ExperimentCase(String filter, String view, List<String> orderBy, List<Integer> sqlite, List<Integer> mysql, String error) {")
    lines.append("    @Override public String toString() { return \"filter=\" + filter + \" view=\" + view + \" order_by=\" + orderBy; }")
    lines.append("  }")
    lines.append("")
    def case_args(x, y):
        if "ids" in x:
            ys = y.get("ids")
            if ys is None:
                # MLflow fails on MySQL for infinite values (-1e400); we give SQLite's answer.
                ys = x["ids"]
            return x["ids"], ys, None
        assert norm(x.get("error")) == norm(y.get("error")), (x, y)
        return None, None, norm(x["error"])
    rl = []
    for x, y in zip(a["runs"], b["runs"]):
        s, m, e = case_args(x, y)
        rl.append("          new RunCase(%s, %s, %s, %s, %s, %s, %s)" % (jlist(x["experimentIds"], str), jstr(x["filter"]), jstr(x["view"]), jlist(x["orderBy"]), jlist(s), jlist(m), jstr(e)))
    lines.append("  static final List<RunCase> RUN_CASES =")
    lines.append("      List.of(")
    lines.append(",\n".join(rl) + ");")
    lines.append("")
    el = []
    for x, y in zip(a["experiments"], b["experiments"]):
        s, m, e = case_args(x, y)
        el.append("          new ExperimentCase(%s, %s, %s, %s, %s, %s)" % (jstr(x["filter"]), jstr(x["view"]), jlist(x["orderBy"]), jlist(s, str), jlist(m, str), jstr(e)))
    lines.append("  static final List<ExperimentCase> EXPERIMENT_CASES =")
    lines.append("      List.of(")
    lines.append(",\n".join(el) + ");")
    lines.append("}")
    open(out, "w").write("\n".join(lines) + "\n")

def grammar(filter_out, orderby_out, random_out, out):
    def read(path):
        seen = set(); rows = []
        for line in open(path, encoding="utf-8").read().split("\n"):
            if not line: continue
            inp, res = line.rsplit("\t", 1) if line.count("\t") >= 1 else (line, "")
            # inputs may contain tabs: result is after the LAST tab-prefixed OK/ERR/EXC marker
            idx = max(line.rfind("\tOK "), line.rfind("\tERR "), line.rfind("\tEXC "), line.rfind("\tOK"))
            if idx < 0 or "\\n" in line:
                continue  # values with newlines do not survive the line format (tested by hand)
            inp, res = line[:idx], line[idx + 1:]
            if inp in seen or res.startswith("EXC"): continue
            seen.add(inp)
            rows.append((inp, norm(res)))
        return rows
    lines = [HEADER % "MLflow's parse results for filter and order_by strings.", "final class MlflowGrammarData {", "  private MlflowGrammarData() {}", ""]
    lines.append("  /**")
    lines.append("   * {input, expected}: input prefixed {@code E:} is an experiment search. Expected is {@code OK}")
    lines.append("   * followed by {@code type|key|comparator|value} clauses joined by {@code  ;; } (value {@code S:} string,")
    lines.append("   * {@code M:} metric text, {@code I:}/{@code F:} int/float attribute, {@code L:} list, {@code None}), or")
    lines.append("   * {@code ERR} followed by MLflow's message.")
    lines.append("   */")
    for name, path in (("FILTERS", filter_out), ("ORDER_BYS", orderby_out), ("RANDOM_FILTERS", random_out)):
        rows = read(path)
        if name == "RANDOM_FILTERS":
            lines.append("  /** Randomly generated filters (same format as FILTERS). */")
        lines.append("  static final List<String[]> %s =" % name)
        lines.append("      List.of(")
        lines.append(",\n".join("          new String[] {%s, %s}" % (jstr(i), jstr(r)) for i, r in rows) + ");")
        lines.append("")
    lines.append("}")
    open(out, "w").write("\n".join(lines) + "\n")

if __name__ == "__main__":
    # usage: gen_java.py WORK_DIR OUTPUT_DIR (WORK_DIR holds the outputs of gen_parity.py / pyprobe.py)
    w, d = sys.argv[1].rstrip("/") + "/", sys.argv[2].rstrip("/") + "/"
    parity(w + "parity_sqlite.json", w + "parity_mysql.json", d + "MlflowParityData.java")
    grammar(w + "filters.out", w + "order_bys.out", w + "random_filters.out", d + "MlflowGrammarData.java")
