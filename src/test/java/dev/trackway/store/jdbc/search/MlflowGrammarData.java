package dev.trackway.store.jdbc.search;

import java.util.List;

/**
 * GENERATED test data: MLflow's parse results for filter and order_by strings.
 *
 * <p>Expected results were produced by running MLflow 3.18.0 itself (its SqlAlchemyStore on SQLite
 * and on MariaDB 10.11 with a case-insensitive utf8mb4_general_ci collation, and its SearchUtils
 * parser) on the inputs below. Error messages may contain Python sets, whose order is random in
 * Python; they are written sorted and tests compare them order-insensitively. Regenerate with
 * parity/regenerate.sh (do not edit by hand).
 */
final class MlflowGrammarData {
  private MlflowGrammarData() {}

  /**
   * {input, expected}: input prefixed {@code E:} is an experiment search. Expected is {@code OK}
   * followed by {@code type|key|comparator|value} clauses joined by {@code ;; } (value {@code S:}
   * string, {@code M:} metric text, {@code I:}/{@code F:} int/float attribute, {@code L:} list,
   * {@code None}), or {@code ERR} followed by MLflow's message.
   */
  static final List<String[]> FILTERS =
      List.of(
          new String[] {"metrics.acc > 0.9", "OK metric|acc|>|M:0.9"},
          new String[] {"status = 'FINISHED'", "OK attribute|status|=|S:FINISHED"},
          new String[] {"attributes.status = \"FINISHED\"", "OK attribute|status|=|S:FINISHED"},
          new String[] {"tags.`a b` = 'x'", "OK tag|a b|=|S:x"},
          new String[] {"tags.\"a b\" = 'x'", "OK tag|a b|=|S:x"},
          new String[] {"tags.'a b' = 'x'", "OK tag|a b|=|S:x"},
          new String[] {"`tags`.a = 'x'", "OK tag|a|=|S:x"},
          new String[] {
            "params.p = 1",
            "ERR Expected a quoted string value for parameter (e.g. 'my-value'). Got value 1"
          },
          new String[] {
            "params.p = x",
            "ERR Parameter value is either not quoted or unidentified quote types used for string value x. Use either single or double quotes."
          },
          new String[] {"metrics.m = '1'", "ERR Expected numeric value type for metric. Found '1'"},
          new String[] {"run_name = 'abc'", "OK attribute|run_name|=|S:abc"},
          new String[] {"`Run name` = 'abc'", "OK attribute|Run name|=|S:abc"},
          new String[] {"\"Run name\" = 'abc'", "OK attribute|Run name|=|S:abc"},
          new String[] {"created > 1", "OK attribute|created|>|I:1"},
          new String[] {"Created > 1", "OK attribute|Created|>|I:1"},
          new String[] {"run_id IN ('a', 'b')", "OK attribute|run_id|IN|L:a|b"},
          new String[] {"run_id NOT IN ('a')", "OK attribute|run_id|NOT IN|L:a"},
          new String[] {"run_id in ('a','b')", "OK attribute|run_id|in|L:a|b"},
          new String[] {
            "status IN ('a')",
            "ERR Only ['run_id'] attributes support comparison with a list of quoted string values."
          },
          new String[] {"tags.t IS NULL", "OK tag|t|IS NULL|None"},
          new String[] {"tags.t is not null", "OK tag|t|IS NOT NULL|None"},
          new String[] {"params.p IS NULL", "OK parameter|p|IS NULL|None"},
          new String[] {
            "metrics.m IS NULL",
            "ERR IS NULL / IS NOT NULL is only supported for tags and params, not for 'metric' 'm'"
          },
          new String[] {
            "status IS NULL",
            "ERR IS NULL / IS NOT NULL is only supported for tags and params, not for 'attribute' 'status'"
          },
          new String[] {
            "metrics.a > 1 OR metrics.b > 2", "ERR Invalid clause(s) in filter string: 'OR'"
          },
          new String[] {"metrics.a > 1 and metrics.b > 2", "OK metric|a|>|M:1 ;; metric|b|>|M:2"},
          new String[] {
            "metrics.a > 1; metrics.b > 2",
            "ERR Search filter contained multiple expression 'metrics.a > 1; metrics.b > 2'. Provide AND-ed expression list."
          },
          new String[] {
            "(metrics.a > 1)", "ERR Invalid clause(s) in filter string: '(metrics.a > 1)'"
          },
          new String[] {
            "foo.bar = 'x'",
            "ERR Invalid entity type 'foo'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']"
          },
          new String[] {
            "attribute.foo = 'x'",
            "ERR Invalid attribute key 'foo' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {"datasets.name = 'x'", "OK dataset|name|=|S:x"},
          new String[] {
            "datasets.foo = 'x'",
            "ERR Invalid dataset key 'foo' specified. Valid keys are '{'context', 'digest', 'name'}'"
          },
          new String[] {"datasets.name IN ('a','b')", "OK dataset|name|IN|L:a|b"},
          new String[] {"dataset.context = 'training'", "OK dataset|context|=|S:training"},
          new String[] {"metrics.m > -1", "OK metric|m|>|M:-1"},
          new String[] {"metrics.m > 1e3", "OK metric|m|>|M:1e3"},
          new String[] {"metrics.m > 1.5e-3", "OK metric|m|>|M:1.5e-3"},
          new String[] {"start_time > 1.5", "OK attribute|start_time|>|F:1.5"},
          new String[] {
            "start_time > '1'",
            "ERR Expected numeric value type for numeric attribute: start_time. Found '1'"
          },
          new String[] {"metrics.m >= .5", "OK metric|m|>=|M:.5"},
          new String[] {"metrics.m == 1", "OK metric|m|==|M:1"},
          new String[] {"metrics.m <> 1", "OK metric|m|<>|M:1"},
          new String[] {"params.p LIKE '%a%'", "OK parameter|p|LIKE|S:%a%"},
          new String[] {"params.p ilike '%a%'", "OK parameter|p|ilike|S:%a%"},
          new String[] {"params.p NOT LIKE 'a'", "OK parameter|p|NOT LIKE|S:a"},
          new String[] {"run_id = 'a' AND", "OK attribute|run_id|=|S:a"},
          new String[] {"AND run_id = 'a'", "OK attribute|run_id|=|S:a"},
          new String[] {
            "run_id = 'a' AND AND run_id = 'b'",
            "OK attribute|run_id|=|S:a ;; attribute|run_id|=|S:b"
          },
          new String[] {"tags.mlflow.runName = 'x'", "OK tag|mlflow.runName|=|S:x"},
          new String[] {"tags.`mlflow.runName` = 'x'", "OK tag|mlflow.runName|=|S:x"},
          new String[] {"metric.`a.b` > 1", "OK metric|a.b|>|M:1"},
          new String[] {
            "metrics.a-b > 1",
            "ERR Invalid comparison clause. Expected 'Identifier' found 'metrics.a-b'"
          },
          new String[] {"metrics.\"a-b\" > 1", "OK metric|a-b|>|M:1"},
          new String[] {"metrics.`a-b` > 1", "OK metric|a-b|>|M:1"},
          new String[] {"params.p = \"double\"", "OK parameter|p|=|S:double"},
          new String[] {"params.p = 'it''s'", "OK parameter|p|=|S:it''s"},
          new String[] {"params.p = 'a\\'b'", "OK parameter|p|=|S:a\\'b"},
          new String[] {
            "status = FINISHED",
            "ERR Parameter value is either not quoted or unidentified quote types used for string value FINISHED. Use either single or double quotes."
          },
          new String[] {"metrics.m > 1 metrics.n > 2", "OK metric|m|>|M:1 ;; metric|n|>|M:2"},
          new String[] {"metrics", "ERR Invalid clause(s) in filter string: 'metrics'"},
          new String[] {"= 'x'", "ERR Invalid clause(s) in filter string: '=', ''x''"},
          new String[] {"metrics.m", "ERR Invalid clause(s) in filter string: 'metrics.m'"},
          new String[] {"metrics.m >", "ERR Invalid clause(s) in filter string: 'metrics.m', '>'"},
          new String[] {
            "run_id IN ()",
            "ERR While parsing a list in the query, expected a non-empty list of string values, but got empty list"
          },
          new String[] {
            "run_id IN ('a', 1)",
            "ERR While parsing a list in the query, expected string value, punctuation, or whitespace, but got different type in list: ('a', 1)"
          },
          new String[] {"run_id IN ('a',)", "OK attribute|run_id|IN|L:a"},
          new String[] {"user_id = 'x'", "OK attribute|user_id|=|S:x"},
          new String[] {"artifact_uri LIKE '%x'", "OK attribute|artifact_uri|LIKE|S:%x"},
          new String[] {"end_time = 5", "OK attribute|end_time|=|I:5"},
          new String[] {"run name = 'x'", "ERR Invalid clause(s) in filter string: 'run'"},
          new String[] {"attr.start_time > 0", "OK attribute|start_time|>|I:0"},
          new String[] {"run.status = 'x'", "OK attribute|status|=|S:x"},
          new String[] {
            "lifecycle_stage = 'x'",
            "ERR Invalid attribute key 'lifecycle_stage' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {"metrics.select > 1", "OK metric|select|>|M:1"},
          new String[] {
            "params.from = 'x'",
            "ERR Invalid clause(s) in filter string: 'params.', 'from', '=', ''x''"
          },
          new String[] {
            "tags.in = 'x'", "ERR Invalid clause(s) in filter string: 'tags.', 'in', '=', ''x''"
          },
          new String[] {
            "metrics.train/loss > 1",
            "ERR Invalid comparison clause. Expected 'Identifier' found 'metrics.train/loss'"
          },
          new String[] {"metrics.`train/loss` > 1", "OK metric|train/loss|>|M:1"},
          new String[] {"metrics.1abc > 1", "OK metric|1abc|>|M:1"},
          new String[] {"metrics.a1 > 1", "OK metric|a1|>|M:1"},
          new String[] {"metrics.a_b.c > 1", "OK metric|a_b.c|>|M:1"},
          new String[] {
            "metrics.a:b > 1", "ERR Invalid clause(s) in filter string: 'metrics.a', ':'"
          },
          new String[] {"metrics.a b > 1", "ERR Invalid clause(s) in filter string: 'metrics.a'"},
          new String[] {
            "metrics . a > 1",
            "ERR Invalid entity type 'metrics '. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']"
          },
          new String[] {"metrics. a > 1", "OK metric| a|>|M:1"},
          new String[] {
            "metrics .a > 1",
            "ERR Invalid entity type 'metrics '. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']"
          },
          new String[] {
            "METRICS.a > 1",
            "ERR Invalid entity type 'METRICS'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']"
          },
          new String[] {
            "Metrics.a > 1",
            "ERR Invalid entity type 'Metrics'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']"
          },
          new String[] {
            "ATTRIBUTE.status = 'x'",
            "ERR Invalid entity type 'ATTRIBUTE'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']"
          },
          new String[] {
            "tags.a = 'x' AND tags.b = 'y' AND metrics.c > 3",
            "OK tag|a|=|S:x ;; tag|b|=|S:y ;; metric|c|>|M:3"
          },
          new String[] {"tags.a='x'and tags.b='y'", "OK tag|a|=|S:x ;; tag|b|=|S:y"},
          new String[] {"tags.a = 'x' And tags.b = 'y'", "OK tag|a|=|S:x ;; tag|b|=|S:y"},
          new String[] {
            "tags.a = 'x' && tags.b = 'y'",
            "ERR Invalid comparison clause. Expected 'Identifier' found 'tags.a = 'x' && tags.b'"
          },
          new String[] {
            "tags.a = 'x' AND (tags.b = 'y')",
            "ERR Invalid clause(s) in filter string: '(tags.b = 'y')'"
          },
          new String[] {"status != 'x'", "OK attribute|status|!=|S:x"},
          new String[] {"status <= 'x'", "OK attribute|status|<=|S:x"},
          new String[] {"start_time != 1", "OK attribute|start_time|!=|I:1"},
          new String[] {"metrics.m > 1.", "OK metric|m|>|M:1."},
          new String[] {"metrics.m > 1.0E5", "OK metric|m|>|M:1.0E5"},
          new String[] {"metrics.m > -.5", "OK metric|m|>|M:-.5"},
          new String[] {
            "metrics.m > - 1", "ERR Invalid clause(s) in filter string: 'metrics.m', '>', '-', '1'"
          },
          new String[] {
            "metrics.m > +1", "ERR Invalid clause(s) in filter string: 'metrics.m', '>', '+', '1'"
          },
          new String[] {
            "metrics.m > 0x10", "ERR Invalid clause(s) in filter string: 'metrics.m', '>', '0x10'"
          },
          new String[] {"metrics.m > 1e", "ERR Expected numeric value type for metric. Found 1e"},
          new String[] {
            "metrics.m > 1abc", "ERR Expected numeric value type for metric. Found 1abc"
          },
          new String[] {"metrics.m>1", "OK metric|m|>|M:1"},
          new String[] {"metrics.m>=1", "OK metric|m|>=|M:1"},
          new String[] {"metrics.m=>1", "OK metric|m|=>|M:1"},
          new String[] {"metrics.m!=1", "OK metric|m|!=|M:1"},
          new String[] {"metrics.m = 1 AND", "OK metric|m|=|M:1"},
          new String[] {"tags.t = ''", "OK tag|t|=|S:"},
          new String[] {"tags.t = \"\"", "OK tag|t|=|S:"},
          new String[] {"tags.t = 'a\"b'", "OK tag|t|=|S:a\"b"},
          new String[] {"tags.t = \"a'b\"", "OK tag|t|=|S:a'b"},
          new String[] {
            "tags.t = `x`",
            "ERR Parameter value is either not quoted or unidentified quote types used for string value `x`. Use either single or double quotes."
          },
          new String[] {"tags.`a``b` = 'x'", "OK tag|a``b|=|S:x"},
          new String[] {"tags.\"a\"\"b\" = 'x'", "OK tag|a\"\"b|=|S:x"},
          new String[] {"tags.\"\" = 'x'", "OK tag||=|S:x"},
          new String[] {"tags.`` = 'x'", "OK tag||=|S:x"},
          new String[] {"tags. = 'x'", "OK tag||=|S:x"},
          new String[] {" tags.t = 'x' ", "OK tag|t|=|S:x"},
          new String[] {"tags.t\t=\t'x'", "OK tag|t|=|S:x"},
          new String[] {"tags.t = 'x'", "OK tag|t|=|S:x"},
          new String[] {"run_id IN (\"a\", \"b\")", "OK attribute|run_id|IN|L:a|b"},
          new String[] {"run_id IN ('a' 'b')", "OK attribute|run_id|IN|L:ab"},
          new String[] {
            "run_id IN 'a'", "ERR Invalid clause(s) in filter string: 'run_id', 'IN', ''a''"
          },
          new String[] {"run_id NOT  IN ('a')", "OK attribute|run_id|NOT IN|L:a"},
          new String[] {"run_id not in ('a')", "OK attribute|run_id|NOT IN|L:a"},
          new String[] {"run_id IN ( 'a' , 'b' )", "OK attribute|run_id|IN|L:a|b"},
          new String[] {"run_id IN (('a'))", "OK attribute|run_id|IN|L:a"},
          new String[] {"run_id IN ('a\\'b')", "OK attribute|run_id|IN|L:a'b"},
          new String[] {
            "tags.t IS  NOT  NULL",
            "ERR Invalid clause(s) in filter string: 'tags.t', 'IS', 'NOT  NULL'"
          },
          new String[] {
            "tags.t IS NULL AND tags.u IS NOT NULL",
            "OK tag|t|IS NULL|None ;; tag|u|IS NOT NULL|None"
          },
          new String[] {
            "tags.t ISNULL", "ERR Invalid clause(s) in filter string: 'tags.t', 'ISNULL'"
          },
          new String[] {
            "tags.t IS 'x'", "ERR Invalid clause(s) in filter string: 'tags.t', 'IS', ''x''"
          },
          new String[] {
            "tags.t NOT NULL", "ERR Invalid clause(s) in filter string: 'tags.t', 'NOT NULL'"
          },
          new String[] {
            "metrics.m > 1 -- comment", "ERR Invalid clause(s) in filter string: '-- comment'"
          },
          new String[] {
            "metrics.m > 1 /* c */", "ERR Invalid clause(s) in filter string: '/* c */'"
          },
          new String[] {"params.p LIKE \"%x%\"", "OK parameter|p|LIKE|S:%x%"},
          new String[] {"datasets.digest = 'abc'", "OK dataset|digest|=|S:abc"},
          new String[] {"datasets.name LIKE 'a%'", "OK dataset|name|LIKE|S:a%"},
          new String[] {
            "datasets.context IN ('train', 'eval')", "OK dataset|context|IN|L:train|eval"
          },
          new String[] {"datasets.name > 'a'", "OK dataset|name|>|S:a"},
          new String[] {
            "datasets.name = 1",
            "ERR Expected a quoted string value for dataset attributes. Got value 1"
          },
          new String[] {
            "run_id = 1", "ERR Expected a quoted string value for attributes. Got value 1"
          },
          new String[] {
            "start_time = 1 AND end_time > 0",
            "OK attribute|start_time|=|I:1 ;; attribute|end_time|>|I:0"
          },
          new String[] {
            "metric.m IN (1,2)", "ERR Expected numeric value type for metric. Found (1,2)"
          },
          new String[] {
            "tags.t IN ('a')",
            "ERR Expected a quoted string value for tag (e.g. 'my-value'). Got value ('a')"
          },
          new String[] {
            "params.p IN ('a')",
            "ERR Expected a quoted string value for parameter (e.g. 'my-value'). Got value ('a')"
          },
          new String[] {
            "tags.`mlflow.source.name` LIKE '%.py'", "OK tag|mlflow.source.name|LIKE|S:%.py"
          },
          new String[] {"tags.\"mlflow.user\" = 'x'", "OK tag|mlflow.user|=|S:x"},
          new String[] {"`metrics`.`m` > 1", "OK metric|m|>|M:1"},
          new String[] {
            "\"metrics\".m > 1",
            "ERR Invalid entity type '\"metrics\"'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']"
          },
          new String[] {"metrics.`m`.x > 1", "OK metric|`m`.x|>|M:1"},
          new String[] {"tags.t = 'x';", "ERR Invalid clause(s) in filter string: ';'"},
          new String[] {"tags.t = 'x'; ", "ERR Invalid clause(s) in filter string: ';'"},
          new String[] {
            "tags.t = 'x';;",
            "ERR Search filter contained multiple expression \"tags.t = 'x';;\". Provide AND-ed expression list."
          },
          new String[] {
            ";tags.t = 'x'",
            "ERR Search filter contained multiple expression \";tags.t = 'x'\". Provide AND-ed expression list."
          },
          new String[] {"tags.t = 'a;b'", "OK tag|t|=|S:a;b"},
          new String[] {
            "tags.t = NULL",
            "ERR Expected a quoted string value for tag (e.g. 'my-value'). Got value NULL"
          },
          new String[] {
            "metrics.m = NULL", "ERR Expected numeric value type for metric. Found NULL"
          },
          new String[] {"tags.t = 'x' OR", "ERR Invalid clause(s) in filter string: 'OR'"},
          new String[] {"NOT tags.t = 'x'", "ERR Invalid clause(s) in filter string: 'NOT'"},
          new String[] {
            "tags.t = 'x' AND NOT tags.u = 'y'", "ERR Invalid clause(s) in filter string: 'NOT'"
          },
          new String[] {"1=1", "ERR Invalid comparison clause. Expected 'Identifier' found '1'"},
          new String[] {
            "1.0 > metrics.acc", "ERR Invalid comparison clause. Expected 'Identifier' found '1.0'"
          },
          new String[] {
            "'x' = status", "ERR Invalid comparison clause. Expected 'Identifier' found ''x''"
          },
          new String[] {
            "metrics.acc != metrics.acc",
            "ERR Expected numeric value type for metric. Found metrics.acc"
          },
          new String[] {
            "tags.acc = = 'LR'",
            "ERR Invalid clause(s) in filter string: 'tags.acc', '=', '=', ''LR''"
          },
          new String[] {
            "params.acc = \"LR'",
            "ERR Invalid clause(s) in filter string: 'params.acc', '=', '\"', 'LR', '''"
          },
          new String[] {
            "params.'acc = LR", "ERR Invalid clause(s) in filter string: 'params.', '''"
          },
          new String[] {"`metrics.A > 0.1", "ERR Invalid clause(s) in filter string: '`'"},
          new String[] {
            "param`.A > 0.1", "ERR Invalid clause(s) in filter string: 'param', '`', '.'"
          },
          new String[] {
            "attribute.status = true",
            "ERR Invalid clause(s) in filter string: 'attribute.status', '=', 'true'"
          },
          new String[] {
            "metrics.a > 1 AND metrics.b > 2 OR metrics.c > 3",
            "ERR Invalid clause(s) in filter string: 'OR'"
          },
          new String[] {
            "metrics.m between 1 and 2",
            "ERR Invalid clause(s) in filter string: 'metrics.m', 'between', '1', '2'"
          },
          new String[] {"tags.t = 'x' and", "OK tag|t|=|S:x"},
          new String[] {"tags.t = 'x' anD tags.u = 'y'", "OK tag|t|=|S:x ;; tag|u|=|S:y"},
          new String[] {
            "run_id IN ('a') AND run_id NOT IN ('b')",
            "OK attribute|run_id|IN|L:a ;; attribute|run_id|NOT IN|L:b"
          },
          new String[] {"run_id = ('a')", "OK attribute|run_id|=|L:a"},
          new String[] {"run_id = ('a', 'b')", "OK attribute|run_id|=|L:a|b"},
          new String[] {"run_id != ('a')", "OK attribute|run_id|!=|L:a"},
          new String[] {
            "status = ('a')",
            "ERR Only ['run_id'] attributes support comparison with a list of quoted string values."
          },
          new String[] {"run_id LIKE ('a')", "OK attribute|run_id|LIKE|L:a"},
          new String[] {"datasets.name = ('a', 'b')", "OK dataset|name|=|L:a|b"},
          new String[] {
            "start_time IN (1, 2)",
            "ERR Expected numeric value type for numeric attribute: start_time. Found (1, 2)"
          },
          new String[] {
            "Created IN ('a')",
            "ERR Expected numeric value type for numeric attribute: Created. Found ('a')"
          },
          new String[] {"run_id IN (r'a\\b')", "OK attribute|run_id|IN|L:a\\b"},
          new String[] {"run_id IN (\"a\", 'b', )", "OK attribute|run_id|IN|L:a|b"},
          new String[] {
            "run_id IN (,)",
            "ERR While parsing a list in the query, expected a non-empty list of string values, but got ill-formed list."
          },
          new String[] {"tags.t = 'x' tags.u = 'y'", "OK tag|t|=|S:x ;; tag|u|=|S:y"},
          new String[] {"metrics.m > 1e5", "OK metric|m|>|M:1e5"},
          new String[] {
            "metrics.m > 1E+5", "ERR Expected numeric value type for metric. Found 1E+5"
          },
          new String[] {
            "metrics.m > 1_000", "ERR Expected numeric value type for metric. Found 1_000"
          },
          new String[] {
            "start_time > 99999999999999999999", "OK attribute|start_time|>|I:99999999999999999999"
          },
          new String[] {"status = \"FINISHED\"", "OK attribute|status|=|S:FINISHED"},
          new String[] {
            "status = 'FINISHED' AND run_name = \"r\"",
            "OK attribute|status|=|S:FINISHED ;; attribute|run_name|=|S:r"
          },
          new String[] {"attributes.run_id = 'abc'", "OK attribute|run_id|=|S:abc"},
          new String[] {
            "tags.t LIKE 'x' ESCAPE '\\'",
            "ERR Invalid clause(s) in filter string: 'ESCAPE', ''\\''"
          },
          new String[] {
            "tags.t IN ('a') ",
            "ERR Expected a quoted string value for tag (e.g. 'my-value'). Got value ('a')"
          },
          new String[] {"tags.t IS NULL AND", "OK tag|t|IS NULL|None"},
          new String[] {"tags.t IS NULL metrics.m > 1", "OK tag|t|IS NULL|None ;; metric|m|>|M:1"},
          new String[] {
            "tags.t IS NOT NULL AND tags.u IS NULL",
            "OK tag|t|IS NOT NULL|None ;; tag|u|IS NULL|None"
          },
          new String[] {"tags.\"a b\" IS NULL", "OK tag|a b|IS NULL|None"},
          new String[] {"tags.`a b` IS NOT NULL", "OK tag|a b|IS NOT NULL|None"},
          new String[] {
            "\"tags\".t IS NULL",
            "ERR Invalid entity type '\"tags\"'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']"
          },
          new String[] {
            "datasets.context IS NULL",
            "ERR IS NULL / IS NOT NULL is only supported for tags and params, not for 'dataset' 'context'"
          },
          new String[] {
            "metrics.m>1AND metrics.n<2", "ERR Expected numeric value type for metric. Found 1AND"
          },
          new String[] {
            "metrics.m>1 AND(metrics.n<2)",
            "ERR Invalid clause(s) in filter string: 'AND(metrics.n<2)'"
          },
          new String[] {"metric.acc >= 0.94", "OK metric|acc|>=|M:0.94"},
          new String[] {"metric.acc>=100", "OK metric|acc|>=|M:100"},
          new String[] {"params.m!='tf'", "OK parameter|m|!=|S:tf"},
          new String[] {"params.\"m\"!=\"tf\"", "OK parameter|m|!=|S:tf"},
          new String[] {"metric.\"legit name\" >= 0.243", "OK metric|legit name|>=|M:0.243"},
          new String[] {"metrics.XYZ = 3", "OK metric|XYZ|=|M:3"},
          new String[] {"params.\"cat dog\" = \"pets\"", "OK parameter|cat dog|=|S:pets"},
          new String[] {"metrics.\"X-Y-Z\" = 3", "OK metric|X-Y-Z|=|M:3"},
          new String[] {"metrics.\"X//Y#$$@&Z\" = 3", "OK metric|X//Y#$$@&Z|=|M:3"},
          new String[] {
            "params.model = 'LinearRegression'", "OK parameter|model|=|S:LinearRegression"
          },
          new String[] {
            "metrics.rmse < 1 and params.model_class = 'LR'",
            "OK metric|rmse|<|M:1 ;; parameter|model_class|=|S:LR"
          },
          new String[] {"`metric`.a >= 0.1", "OK metric|a|>=|M:0.1"},
          new String[] {"`params`.model >= 'LR'", "OK parameter|model|>=|S:LR"},
          new String[] {"tags.version = 'commit-hash'", "OK tag|version|=|S:commit-hash"},
          new String[] {"`tags`.source_name = 'a notebook'", "OK tag|source_name|=|S:a notebook"},
          new String[] {"metrics.\"accuracy.2.0\" > 5", "OK metric|accuracy.2.0|>|M:5"},
          new String[] {"metrics.`spacey name` > 5", "OK metric|spacey name|>|M:5"},
          new String[] {"params.\"p.a.r.a.m\" != \"a\"", "OK parameter|p.a.r.a.m|!=|S:a"},
          new String[] {"tags.\"t.a.g\" = \"a\"", "OK tag|t.a.g|=|S:a"},
          new String[] {
            "attribute.artifact_uri = '1/23/4'", "OK attribute|artifact_uri|=|S:1/23/4"
          },
          new String[] {"attribute.start_time >= 1234", "OK attribute|start_time|>=|I:1234"},
          new String[] {"run.status = 'RUNNING'", "OK attribute|status|=|S:RUNNING"},
          new String[] {"dataset.name = 'my_dataset'", "OK dataset|name|=|S:my_dataset"},
          new String[] {"tags.version IS NULL", "OK tag|version|IS NULL|None"},
          new String[] {"tags.version IS NOT NULL", "OK tag|version|IS NOT NULL|None"},
          new String[] {"params.lr IS NULL", "OK parameter|lr|IS NULL|None"},
          new String[] {"params.lr IS NOT NULL", "OK parameter|lr|IS NOT NULL|None"},
          new String[] {
            "tags.a IS NULL AND params.b = 'val'", "OK tag|a|IS NULL|None ;; parameter|b|=|S:val"
          },
          new String[] {"params.m = 'LR'", "OK parameter|m|=|S:LR"},
          new String[] {"params.m = \"LR\"", "OK parameter|m|=|S:LR"},
          new String[] {"params.m = \"L'Hosp\"", "OK parameter|m|=|S:L'Hosp"},
          new String[] {
            "metric.acc >= 0.94; metrics.rmse < 1",
            "ERR Search filter contained multiple expression 'metric.acc >= 0.94; metrics.rmse < 1'. Provide AND-ed expression list."
          },
          new String[] {
            "m.acc >= 0.94",
            "ERR Invalid entity type 'm'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']"
          },
          new String[] {
            "acc >= 0.94",
            "ERR Invalid attribute key 'acc' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "p.model >= 'LR'",
            "ERR Invalid entity type 'p'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']"
          },
          new String[] {
            "attri.x != 1",
            "ERR Invalid entity type 'attri'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']"
          },
          new String[] {
            "a.x != 1",
            "ERR Invalid entity type 'a'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']"
          },
          new String[] {
            "model >= 'LR'",
            "ERR Invalid attribute key 'model' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "metrics.A > 0.1 OR params.B = 'LR'", "ERR Invalid clause(s) in filter string: 'OR'"
          },
          new String[] {
            "metrics.A > 0.1 NAND params.B = 'LR'",
            "ERR Invalid clause(s) in filter string: 'metrics.A > 0.1 NAND'"
          },
          new String[] {
            "metrics.A > 0.1 AND (params.B = 'LR')",
            "ERR Invalid clause(s) in filter string: '(params.B = 'LR')'"
          },
          new String[] {"`dummy.A > 0.1", "ERR Invalid clause(s) in filter string: '`'"},
          new String[] {
            "dummy`.A > 0.1", "ERR Invalid clause(s) in filter string: 'dummy', '`', '.'"
          },
          new String[] {
            "attribute.start != 1",
            "ERR Invalid attribute key 'start' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "attribute.experiment_id != 1",
            "ERR Invalid attribute key 'experiment_id' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "attribute.lifecycle_stage = 'ACTIVE'",
            "ERR Invalid attribute key 'lifecycle_stage' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "attribute.name != 1",
            "ERR Invalid attribute key 'name' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "attribute.time != 1",
            "ERR Invalid attribute key 'time' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "attribute._status != 'RUNNING'",
            "ERR Invalid attribute key '_status' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "dataset.status = 'true'",
            "ERR Invalid dataset key 'status' specified. Valid keys are '{'context', 'digest', 'name'}'"
          },
          new String[] {
            "dataset.profile = 'num_rows: 10'",
            "ERR Invalid dataset key 'profile' specified. Valid keys are '{'context', 'digest', 'name'}'"
          },
          new String[] {
            "metrics.acc IS NULL",
            "ERR IS NULL / IS NOT NULL is only supported for tags and params, not for 'metric' 'acc'"
          },
          new String[] {
            "attribute.status IS NULL",
            "ERR IS NULL / IS NOT NULL is only supported for tags and params, not for 'attribute' 'status'"
          },
          new String[] {
            "metric.model = 'LR'", "ERR Expected numeric value type for metric. Found 'LR'"
          },
          new String[] {
            "metric.model = '5'", "ERR Expected numeric value type for metric. Found '5'"
          },
          new String[] {
            "params.acc = 5",
            "ERR Expected a quoted string value for parameter (e.g. 'my-value'). Got value 5"
          },
          new String[] {
            "tags.acc = 5",
            "ERR Expected a quoted string value for tag (e.g. 'my-value'). Got value 5"
          },
          new String[] {
            "attribute.status = 1", "ERR Expected a quoted string value for attributes. Got value 1"
          },
          new String[] {
            "params.acc = LR",
            "ERR Parameter value is either not quoted or unidentified quote types used for string value LR. Use either single or double quotes."
          },
          new String[] {
            "tags.acc = LR",
            "ERR Parameter value is either not quoted or unidentified quote types used for string value LR. Use either single or double quotes."
          },
          new String[] {
            "params.acc = `LR`",
            "ERR Parameter value is either not quoted or unidentified quote types used for string value `LR`. Use either single or double quotes."
          },
          new String[] {
            "params.acc = 'LR",
            "ERR Invalid clause(s) in filter string: 'params.acc', '=', ''', 'LR'"
          },
          new String[] {"params.acc = LR'", "ERR Invalid clause(s) in filter string: '''"},
          new String[] {
            "tags.acc = \"LR'",
            "ERR Invalid clause(s) in filter string: 'tags.acc', '=', '\"', 'LR', '''"
          },
          new String[] {
            "attribute.status IS 'RUNNING'",
            "ERR Invalid clause(s) in filter string: 'attribute.status', 'IS', ''RUNNING''"
          },
          new String[] {
            "params.acc LR !=", "ERR Invalid clause(s) in filter string: 'params.acc LR', '!='"
          },
          new String[] {"params.acc LR", "ERR Invalid clause(s) in filter string: 'params.acc LR'"},
          new String[] {
            "metric.acc !=", "ERR Invalid clause(s) in filter string: 'metric.acc', '!='"
          },
          new String[] {
            "acc != 1.0",
            "ERR Invalid attribute key 'acc' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "foo is null",
            "ERR Invalid attribute key 'foo' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {"1==2", "ERR Invalid comparison clause. Expected 'Identifier' found '1'"},
          new String[] {"E:name = 'a'", "OK attribute|name|=|S:a"},
          new String[] {"E:name LIKE 'a%'", "OK attribute|name|LIKE|S:a%"},
          new String[] {"E:name ILIKE '%A%'", "OK attribute|name|ILIKE|S:%A%"},
          new String[] {"E:name != \"x\"", "OK attribute|name|!=|S:x"},
          new String[] {"E:attribute.name = 'x'", "OK attribute|name|=|S:x"},
          new String[] {"E:attributes.name = 'x'", "OK attribute|name|=|S:x"},
          new String[] {"E:tags.k = 'v'", "OK tag|k|=|S:v"},
          new String[] {"E:tag.k = 'v'", "OK tag|k|=|S:v"},
          new String[] {"E:tags.`k k` = 'v'", "OK tag|k k|=|S:v"},
          new String[] {"E:tags.k IS NULL", "OK tag|k|IS NULL|None"},
          new String[] {"E:tags.k IS NOT NULL", "OK tag|k|IS NOT NULL|None"},
          new String[] {
            "E:name IS NULL",
            "ERR IS NULL / IS NOT NULL is only supported for tags, not for attribute 'name'"
          },
          new String[] {"E:experiment_id = '1'", "OK attribute|experiment_id|=|S:1"},
          new String[] {"E:experiment_id IN ('1', '2')", "OK attribute|experiment_id|IN|L:1|2"},
          new String[] {"E:experiment_id NOT IN ('1')", "OK attribute|experiment_id|NOT IN|L:1"},
          new String[] {
            "E:experiment_id = 1", "ERR Expected a quoted string value for attributes. Got value 1"
          },
          new String[] {"E:creation_time > 1", "OK attribute|creation_time|>|I:1"},
          new String[] {"E:creation_time > 1.5", "OK attribute|creation_time|>|F:1.5"},
          new String[] {
            "E:creation_time > '1'",
            "ERR Expected numeric value type for numeric attribute: creation_time. Found '1'"
          },
          new String[] {"E:last_update_time <= 100", "OK attribute|last_update_time|<=|I:100"},
          new String[] {
            "E:name IN ('a')",
            "ERR Only ['experiment_id'] attributes support comparison with a list of quoted string values."
          },
          new String[] {
            "E:metrics.a > 1",
            "ERR Invalid entity type 'metrics'. Valid entity types are ('attribute', 'attributes', 'tag', 'tags')"
          },
          new String[] {
            "E:params.a = 'x'",
            "ERR Invalid entity type 'params'. Valid entity types are ('attribute', 'attributes', 'tag', 'tags')"
          },
          new String[] {
            "E:`tags`.a = 'x'",
            "ERR Invalid entity type '`tags`'. Valid entity types are ('attribute', 'attributes', 'tag', 'tags')"
          },
          new String[] {
            "E:foo = 'x'",
            "ERR Invalid attribute key 'foo' specified. Valid keys are '{'creation_time', 'experiment_id', 'last_update_time', 'name'}'"
          },
          new String[] {"E:name = 'a' OR name = 'b'", "ERR Invalid clause(s) in filter string: OR"},
          new String[] {"E:name = 'a' AND tags.x = 'y'", "OK attribute|name|=|S:a ;; tag|x|=|S:y"},
          new String[] {
            "E:datasets.name = 'x'",
            "ERR Invalid entity type 'datasets'. Valid entity types are ('attribute', 'attributes', 'tag', 'tags')"
          },
          new String[] {
            "E:run_id = 'x'",
            "ERR Invalid attribute key 'run_id' specified. Valid keys are '{'creation_time', 'experiment_id', 'last_update_time', 'name'}'"
          },
          new String[] {
            "E:lifecycle_stage = 'active'",
            "ERR Invalid attribute key 'lifecycle_stage' specified. Valid keys are '{'creation_time', 'experiment_id', 'last_update_time', 'name'}'"
          },
          new String[] {
            "E:name = 'a'; name = 'b'",
            "ERR Search filter contained multiple expression \"name = 'a'; name = 'b'\". Provide AND-ed expression list."
          },
          new String[] {"E:(name = 'a')", "ERR Invalid clause(s) in filter string: (name = 'a')"},
          new String[] {
            "E:tags.t = 1",
            "ERR Expected a quoted string value for tag (e.g. 'my-value'). Got value 1"
          },
          new String[] {
            "E:name = 1", "ERR Expected a quoted string value for attributes. Got value 1"
          });

  static final List<String[]> ORDER_BYS =
      List.of(
          new String[] {"metrics.acc", "OK metric|acc|True"},
          new String[] {"metrics.acc DESC", "OK metric|acc|False"},
          new String[] {"metrics.acc desc", "OK metric|acc|False"},
          new String[] {"metrics.acc Asc", "OK metric|acc|True"},
          new String[] {"metrics.acc ASC", "OK metric|acc|True"},
          new String[] {
            "metrics.acc DESCENDING",
            "ERR Invalid ordering key in order_by clause 'metrics.acc DESCENDING'."
          },
          new String[] {
            "metrics.acc up", "ERR Invalid ordering key in order_by clause 'metrics.acc up'."
          },
          new String[] {"metrics.`a b` DESC", "OK metric|a b|False"},
          new String[] {"metrics.\"a b\" DESC", "OK metric|a b|False"},
          new String[] {"tags.`mlflow.runName`", "OK tag|mlflow.runName|True"},
          new String[] {"params.'x y' ASC", "OK parameter|x y|True"},
          new String[] {"start_time", "OK attribute|start_time|True"},
          new String[] {"start_time DESC", "OK attribute|start_time|False"},
          new String[] {"attribute.start_time ASC", "OK attribute|start_time|True"},
          new String[] {"created", "OK attribute|created|True"},
          new String[] {"Created DESC", "OK attribute|Created|False"},
          new String[] {"run_name", "OK attribute|run_name|True"},
          new String[] {"run_id", "OK attribute|run_id|True"},
          new String[] {"status", "OK attribute|status|True"},
          new String[] {"end_time", "OK attribute|end_time|True"},
          new String[] {"artifact_uri", "OK attribute|artifact_uri|True"},
          new String[] {"user_id", "OK attribute|user_id|True"},
          new String[] {
            "`Run name`",
            "ERR Invalid attribute key 'Run name' specified. Valid keys are '{'Created', 'artifact_uri', 'created', 'end_time', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {"run name", "ERR Invalid ordering key in order_by clause 'run name'."},
          new String[] {
            "experiment_id",
            "ERR Invalid attribute key 'experiment_id' specified. Valid keys are '{'Created', 'artifact_uri', 'created', 'end_time', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "lifecycle_stage",
            "ERR Invalid attribute key 'lifecycle_stage' specified. Valid keys are '{'Created', 'artifact_uri', 'created', 'end_time', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {"datasets.name", "OK dataset|name|True"},
          new String[] {
            "foo.bar",
            "ERR Invalid entity type 'foo'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']"
          },
          new String[] {
            "metrics.a, metrics.b",
            "ERR Invalid order_by clause 'metrics.a, metrics.b'. Could not be parsed."
          },
          new String[] {
            "metrics.a DESC DESC",
            "ERR Invalid order_by clause 'metrics.a DESC DESC'. Could not be parsed."
          },
          new String[] {
            "timestamp",
            "ERR Invalid attribute key 'timestamp' specified. Valid keys are '{'Created', 'artifact_uri', 'created', 'end_time', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "timestamp DESC",
            "ERR Invalid attribute key 'timestamp' specified. Valid keys are '{'Created', 'artifact_uri', 'created', 'end_time', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "metrics.a NULLS LAST",
            "ERR Invalid order_by clause 'metrics.a NULLS LAST'. Could not be parsed."
          },
          new String[] {
            "metrics.a DESC NULLS LAST",
            "ERR Invalid order_by clause 'metrics.a DESC NULLS LAST'. Could not be parsed."
          },
          new String[] {
            " metrics.a ", "ERR Invalid order_by clause ' metrics.a '. Could not be parsed."
          },
          new String[] {"metrics.a  DESC", "OK metric|a|False"},
          new String[] {
            "metric.a b DESC", "ERR Invalid order_by clause 'metric.a b DESC'. Could not be parsed."
          },
          new String[] {
            "m.acc",
            "ERR Invalid entity type 'm'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']"
          },
          new String[] {
            "acc",
            "ERR Invalid attribute key 'acc' specified. Valid keys are '{'Created', 'artifact_uri', 'created', 'end_time', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "attri.x",
            "ERR Invalid entity type 'attri'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']"
          },
          new String[] {
            "`metrics.A", "ERR Invalid order_by clause '`metrics.A'. Could not be parsed."
          },
          new String[] {
            "`metrics.A`",
            "ERR Invalid entity type '`metrics'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']"
          },
          new String[] {
            "attribute.start",
            "ERR Invalid attribute key 'start' specified. Valid keys are '{'Created', 'artifact_uri', 'created', 'end_time', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "attribute.experiment_id",
            "ERR Invalid attribute key 'experiment_id' specified. Valid keys are '{'Created', 'artifact_uri', 'created', 'end_time', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "metrics.A != 1", "ERR Invalid order_by clause 'metrics.A != 1'. Could not be parsed."
          },
          new String[] {
            "params.my_param ",
            "ERR Invalid order_by clause 'params.my_param '. Could not be parsed."
          },
          new String[] {
            "attribute.run_id ACS",
            "ERR Invalid ordering key in order_by clause 'attribute.run_id ACS'."
          },
          new String[] {
            "attribute.run_id decs",
            "ERR Invalid ordering key in order_by clause 'attribute.run_id decs'."
          },
          new String[] {"metrics.`Mean Square Error`", "OK metric|Mean Square Error|True"},
          new String[] {"metrics.`Mean Square Error` ASC", "OK metric|Mean Square Error|True"},
          new String[] {"metrics.`Mean Square Error` DESC", "OK metric|Mean Square Error|False"},
          new String[] {"tags.noSuchTag", "OK tag|noSuchTag|True"},
          new String[] {"attributes.status", "OK attribute|status|True"},
          new String[] {"metrics.key1 asc", "OK metric|key1|True"},
          new String[] {"metrics.\"key1\"  desc", "OK metric|key1|False"},
          new String[] {"params.my_param aSc", "OK parameter|my_param|True"},
          new String[] {"attributes.status  ASC", "OK attribute|status|True"},
          new String[] {"params.`my_param` DESC", "OK parameter|my_param|False"},
          new String[] {"tags.tag1    DESC", "OK tag|tag1|False"},
          new String[] {"metrics.a.b DESC", "OK metric|a.b|False"},
          new String[] {"tags.\"a'b\" DESC", "OK tag|a'b|False"},
          new String[] {"metrics.a\tDESC", "OK metric|a|False"},
          new String[] {"metrics.a", "OK metric|a|True"},
          new String[] {"DESC", "ERR Invalid order_by clause 'DESC'. Could not be parsed."},
          new String[] {
            "metrics.a ASC;", "ERR Invalid order_by clause 'metrics.a ASC;'. Could not be parsed."
          },
          new String[] {
            "(metrics.a)", "ERR Invalid order_by clause '(metrics.a)'. Could not be parsed."
          },
          new String[] {
            "metrics.a + 1", "ERR Invalid order_by clause 'metrics.a + 1'. Could not be parsed."
          },
          new String[] {"E:name", "OK attribute|name|True"},
          new String[] {"E:name DESC", "OK attribute|name|False"},
          new String[] {"E:creation_time desc", "OK attribute|creation_time|False"},
          new String[] {"E:experiment_id", "OK attribute|experiment_id|True"},
          new String[] {"E:last_update_time ASC", "OK attribute|last_update_time|True"},
          new String[] {"E:tags.x", "OK tag|x|True"},
          new String[] {
            "E:foo",
            "ERR Invalid attribute key 'foo' specified. Valid keys are '{'creation_time', 'experiment_id', 'last_update_time', 'name'}'"
          },
          new String[] {"E:attribute.name", "OK attribute|name|True"},
          new String[] {
            "E:`attribute`.name",
            "ERR Invalid entity type '`attribute`'. Valid entity types are ('attribute', 'attributes', 'tag', 'tags')"
          },
          new String[] {
            "E:timestamp",
            "ERR Invalid attribute key 'timestamp' specified. Valid keys are '{'creation_time', 'experiment_id', 'last_update_time', 'name'}'"
          },
          new String[] {
            "E:name ASC DESC", "ERR Invalid order_by clause 'name ASC DESC'. Could not be parsed."
          },
          new String[] {
            "E:metrics.a",
            "ERR Invalid entity type 'metrics'. Valid entity types are ('attribute', 'attributes', 'tag', 'tags')"
          },
          new String[] {"E:name up", "ERR Invalid ordering key in order_by clause 'name up'."});

  /** Randomly generated filters (same format as FILTERS). */
  static final List<String[]> RANDOM_FILTERS =
      List.of(
          new String[] {"params.p IS  NOT NULL AND", "OK parameter|p|IS NOT NULL|None"},
          new String[] {"`tags`.x is null", "OK tag|x|IS NULL|None"},
          new String[] {"start_time RLIKE -2", "OK attribute|start_time|RLIKE|I:-2"},
          new String[] {"E:AND tags. LIKE 'a\\'b'", "OK tag||LIKE|S:a\\'b"},
          new String[] {"E:experiment_id  <=  ('a',) AND", "OK attribute|experiment_id|<=|L:a"},
          new String[] {"E:tags.mlflow.user is null", "OK tag|mlflow.user|IS NULL|None"},
          new String[] {"run_id == (\"a\" 'b')", "OK attribute|run_id|==|L:ab"},
          new String[] {"E:AND tags.owner IS NOT NULL", "OK tag|owner|IS NOT NULL|None"},
          new String[] {"tags.t  =  'x'", "OK tag|t|=|S:x"},
          new String[] {"datasets.name  >=  '1'", "OK dataset|name|>=|S:1"},
          new String[] {"AND tags.`mlflow.runName` <> '1'", "OK tag|mlflow.runName|<>|S:1"},
          new String[] {
            "E:tags.`mlflow.runName` ILIKE 'a\\'b'", "OK tag|mlflow.runName|ILIKE|S:a\\'b"
          },
          new String[] {"tags.'q'='x'", "OK tag|q|=|S:x"},
          new String[] {"tags. IS NOT NULL AND", "OK tag||IS NOT NULL|None"},
          new String[] {"E:creation_time >= 1", "OK attribute|creation_time|>=|I:1"},
          new String[] {"end_time  !=  1.5 AND", "OK attribute|end_time|!=|F:1.5"},
          new String[] {"E:tags.`mlflow.runName`>'a\\'b'", "OK tag|mlflow.runName|>|S:a\\'b"},
          new String[] {"metrics.acc LIKE -2", "OK metric|acc|LIKE|M:-2"},
          new String[] {
            "datasets.name  >  ('a') AND AND metrics.select < 1.5",
            "OK dataset|name|>|L:a ;; metric|select|<|M:1.5"
          },
          new String[] {"AND tags.  =>  '1' AND", "OK tag||=>|S:1"},
          new String[] {"tags.  =  \"y\"", "OK tag||=|S:y"},
          new String[] {"metrics.acc>=.5", "OK metric|acc|>=|M:.5"},
          new String[] {"E:attribute.name  =>  \"y\"", "OK attribute|name|=>|S:y"},
          new String[] {"tags.mlflow.user IS  NOT NULL", "OK tag|mlflow.user|IS NOT NULL|None"},
          new String[] {
            "E:tags.t IS  NOT NULL tags.mlflow.user IS NULL",
            "OK tag|t|IS NOT NULL|None ;; tag|mlflow.user|IS NULL|None"
          },
          new String[] {"param.\"x y\"='a\\'b' AND", "OK parameter|x y|=|S:a\\'b"},
          new String[] {"param.\"x y\"<='a''b'", "OK parameter|x y|<=|S:a''b"},
          new String[] {"metrics.select!=-2 AND", "OK metric|select|!=|M:-2"},
          new String[] {"tags.mlflow.user<\"y\"", "OK tag|mlflow.user|<|S:y"},
          new String[] {"tags.mlflow.user>='1'", "OK tag|mlflow.user|>=|S:1"},
          new String[] {"metrics.select < 1.5", "OK metric|select|<|M:1.5"},
          new String[] {"tags.mlflow.user IS NOT NULL", "OK tag|mlflow.user|IS NOT NULL|None"},
          new String[] {"dataset.context==(\"a\" 'b')", "OK dataset|context|==|L:ab"},
          new String[] {"AND param.\"x y\"  !=  '1'", "OK parameter|x y|!=|S:1"},
          new String[] {"E:tags.t => '1'", "OK tag|t|=>|S:1"},
          new String[] {"AND end_time!=1 AND", "OK attribute|end_time|!=|I:1"},
          new String[] {"metrics.acc ~ 1", "OK metric|acc|~|M:1"},
          new String[] {"tags.'q' IS  NOT NULL", "OK tag|q|IS NOT NULL|None"},
          new String[] {"E:creation_time  >  -2 AND", "OK attribute|creation_time|>|I:-2"},
          new String[] {"`tags`.x IS NOT NULL AND", "OK tag|x|IS NOT NULL|None"},
          new String[] {"datasets.name  =  '1'", "OK dataset|name|=|S:1"},
          new String[] {"E:creation_time>=1.5", "OK attribute|creation_time|>=|F:1.5"},
          new String[] {"metrics.acc  RLIKE  1e3", "OK metric|acc|RLIKE|M:1e3"},
          new String[] {"E:attribute.name  <=  \"y\"", "OK attribute|name|<=|S:y"},
          new String[] {"metrics.select  ==  1e3", "OK metric|select|==|M:1e3"},
          new String[] {"`tags`.x=>'a\\'b'", "OK tag|x|=>|S:a\\'b"},
          new String[] {"metrics.acc>=-2", "OK metric|acc|>=|M:-2"},
          new String[] {"status RLIKE '1'", "OK attribute|status|RLIKE|S:1"},
          new String[] {"run.artifact_uri  =  'x' AND", "OK attribute|artifact_uri|=|S:x"},
          new String[] {"tags.owner IS  NOT NULL", "OK tag|owner|IS NOT NULL|None"},
          new String[] {"E:AND tags.'q'~\"y\" AND", "OK tag|q|~|S:y"},
          new String[] {"metrics.select NOT LIKE 1.5", "OK metric|select|NOT LIKE|M:1.5"},
          new String[] {"tags.'q'like'1'", "OK tag|q|like|S:1"},
          new String[] {"param.\"x y\"NOT LIKE'a\\'b'", "OK parameter|x y|NOT LIKE|S:a\\'b"},
          new String[] {"tags.t IS NOT NULL AND", "OK tag|t|IS NOT NULL|None"},
          new String[] {"created==1", "OK attribute|created|==|I:1"},
          new String[] {"tags.t IS NULL", "OK tag|t|IS NULL|None"},
          new String[] {"metrics.acc ILIKE 1.5", "OK metric|acc|ILIKE|M:1.5"},
          new String[] {"run_id  >  'x' AND", "OK attribute|run_id|>|S:x"},
          new String[] {"AND tags. IS  NOT NULL", "OK tag||IS NOT NULL|None"},
          new String[] {"tags.mlflow.user=\"y\" AND", "OK tag|mlflow.user|=|S:y"},
          new String[] {"tags.mlflow.user IS  NOT NULL AND", "OK tag|mlflow.user|IS NOT NULL|None"},
          new String[] {"param.\"x y\" is null", "OK parameter|x y|IS NULL|None"},
          new String[] {"E:tags.owner >= 'a''b'", "OK tag|owner|>=|S:a''b"},
          new String[] {
            "end_time >= 1e3 AND metrics.acc NOT LIKE -2",
            "OK attribute|end_time|>=|F:1000.0 ;; metric|acc|NOT LIKE|M:-2"
          },
          new String[] {"tags.'q'=='x'", "OK tag|q|==|S:x"},
          new String[] {"metrics.acc  <=  .5", "OK metric|acc|<=|M:.5"},
          new String[] {"tags.t > 'a''b' AND", "OK tag|t|>|S:a''b"},
          new String[] {"start_time  <=  1.5", "OK attribute|start_time|<=|F:1.5"},
          new String[] {"attr.user_id  ==  \"y\" AND", "OK attribute|user_id|==|S:y"},
          new String[] {"datasets.name=='a\\'b' AND", "OK dataset|name|==|S:a\\'b"},
          new String[] {"tags.mlflow.user  ==  'a\\'b' AND", "OK tag|mlflow.user|==|S:a\\'b"},
          new String[] {"datasets.name not in ('a',)", "OK dataset|name|NOT IN|L:a"},
          new String[] {"created  <>  1e3", "OK attribute|created|<>|F:1000.0"},
          new String[] {"`tags`.x IS NULL AND", "OK tag|x|IS NULL|None"},
          new String[] {"`Run name` == '1'", "OK attribute|Run name|==|S:1"},
          new String[] {"tags.t IS  NOT NULL", "OK tag|t|IS NOT NULL|None"},
          new String[] {
            "run.artifact_uri NOT LIKE 'a''b'", "OK attribute|artifact_uri|NOT LIKE|S:a''b"
          },
          new String[] {"`Run name`  like  'a''b'", "OK attribute|Run name|like|S:a''b"},
          new String[] {"AND tags.`mlflow.runName` IS NULL", "OK tag|mlflow.runName|IS NULL|None"},
          new String[] {"tags.mlflow.user <= 'a''b' AND", "OK tag|mlflow.user|<=|S:a''b"},
          new String[] {"run_name>\"y\"", "OK attribute|run_name|>|S:y"},
          new String[] {"metric.`a b`==1.5", "OK metric|a b|==|M:1.5"},
          new String[] {"end_time  like  1.5", "OK attribute|end_time|like|F:1.5"},
          new String[] {"attributes.status  >  'a''b' AND", "OK attribute|status|>|S:a''b"},
          new String[] {"run_id != 'x'", "OK attribute|run_id|!=|S:x"},
          new String[] {"datasets.name != ('a', 'b') AND", "OK dataset|name|!=|L:a|b"},
          new String[] {"`tags`.x IS NOT NULL", "OK tag|x|IS NOT NULL|None"},
          new String[] {"param.\"x y\" IS NOT NULL AND", "OK parameter|x y|IS NOT NULL|None"},
          new String[] {"AND tags.<='a''b'", "OK tag||<=|S:a''b"},
          new String[] {"tags.=>'a''b'", "OK tag||=>|S:a''b"},
          new String[] {"metric.`a b` LIKE 1.5", "OK metric|a b|LIKE|M:1.5"},
          new String[] {"tags.`mlflow.runName` <= 'x'", "OK tag|mlflow.runName|<=|S:x"},
          new String[] {"E:tags.'q' IS NULL", "OK tag|q|IS NULL|None"},
          new String[] {"tags.t IS NOT NULL", "OK tag|t|IS NOT NULL|None"},
          new String[] {"E:experiment_id != 'a''b'", "OK attribute|experiment_id|!=|S:a''b"},
          new String[] {"end_time  <  1", "OK attribute|end_time|<|I:1"},
          new String[] {"run_id  <  'x'", "OK attribute|run_id|<|S:x"},
          new String[] {"AND datasets.name  RLIKE  'a\\'b'", "OK dataset|name|RLIKE|S:a\\'b"},
          new String[] {"params.pNOT LIKE'a''b'", "OK parameter|pNOT|LIKE|S:a''b"},
          new String[] {"tags.t => '1'", "OK tag|t|=>|S:1"},
          new String[] {
            "tags.`mlflow.runName` IS NOT NULL AND AND tags.owner < 'a\\'b'",
            "OK tag|mlflow.runName|IS NOT NULL|None ;; tag|owner|<|S:a\\'b"
          },
          new String[] {
            "tags.`mlflow.runName` IS NOT NULL", "OK tag|mlflow.runName|IS NOT NULL|None"
          },
          new String[] {"tags.t is null", "OK tag|t|IS NULL|None"},
          new String[] {"run.artifact_uri >= 'a\\'b'", "OK attribute|artifact_uri|>=|S:a\\'b"},
          new String[] {"attributes.status < 'a''b'", "OK attribute|status|<|S:a''b"},
          new String[] {"param.\"x y\" IS  NOT NULL", "OK parameter|x y|IS NOT NULL|None"},
          new String[] {"status == 'x' AND", "OK attribute|status|==|S:x"},
          new String[] {"tags.'q' IS NULL", "OK tag|q|IS NULL|None"},
          new String[] {"start_time  ILIKE  1.5", "OK attribute|start_time|ILIKE|F:1.5"},
          new String[] {
            "AND tags. like 'x' end_time <= 1.5", "OK tag||like|S:x ;; attribute|end_time|<=|F:1.5"
          },
          new String[] {"AND tags.owner IS NOT NULL AND", "OK tag|owner|IS NOT NULL|None"},
          new String[] {"`tags`.x  <=  '1'", "OK tag|x|<=|S:1"},
          new String[] {"datasets.name>(\"a\" 'b')", "OK dataset|name|>|L:ab"},
          new String[] {"tags.  >  'a\\'b'", "OK tag||>|S:a\\'b"},
          new String[] {"status=>'1' AND", "OK attribute|status|=>|S:1"},
          new String[] {"attr.user_id  <  '1' AND", "OK attribute|user_id|<|S:1"},
          new String[] {
            "run_id not in ('a', 'b') AND dataset.context  <  'a''b'",
            "OK attribute|run_id|NOT IN|L:a|b ;; dataset|context|<|S:a''b"
          },
          new String[] {"run_id  ~  ('a')", "OK attribute|run_id|~|L:a"},
          new String[] {"`tags`.x IS  NOT NULL AND", "OK tag|x|IS NOT NULL|None"},
          new String[] {"dataset.context > (\"a\" 'b')", "OK dataset|context|>|L:ab"},
          new String[] {"attributes.status  >=  'a\\'b'", "OK attribute|status|>=|S:a\\'b"},
          new String[] {"\"Run name\">='1'", "OK attribute|Run name|>=|S:1"},
          new String[] {"datasets.name<>('a', 'b')", "OK dataset|name|<>|L:a|b"},
          new String[] {"attributes.status > \"y\"", "OK attribute|status|>|S:y"},
          new String[] {"E:tags.'q' is null", "OK tag|q|IS NULL|None"},
          new String[] {"tags.t IS  NOT NULL AND", "OK tag|t|IS NOT NULL|None"},
          new String[] {"run_id LIKE 'a\\'b' AND", "OK attribute|run_id|LIKE|S:a\\'b"},
          new String[] {"param.\"x y\" IS NULL", "OK parameter|x y|IS NULL|None"},
          new String[] {"E:tags.owner is null AND", "OK tag|owner|IS NULL|None"},
          new String[] {"run_id  ~  \"y\"", "OK attribute|run_id|~|S:y"},
          new String[] {"E:attribute.name=>'x' AND", "OK attribute|name|=>|S:x"},
          new String[] {"run_name RLIKE 'a''b'", "OK attribute|run_name|RLIKE|S:a''b"},
          new String[] {"tags.`mlflow.runName`<\"y\" AND", "OK tag|mlflow.runName|<|S:y"},
          new String[] {"dataset.context<=('a') AND", "OK dataset|context|<=|L:a"},
          new String[] {"params.p = '1'", "OK parameter|p|=|S:1"},
          new String[] {"run_id=('a', 'b')", "OK attribute|run_id|=|L:a|b"},
          new String[] {"run_name  ==  '1'", "OK attribute|run_name|==|S:1"},
          new String[] {"param.\"x y\" IS  NOT NULL AND", "OK parameter|x y|IS NOT NULL|None"},
          new String[] {"dataset.context=>'1'", "OK dataset|context|=>|S:1"},
          new String[] {"`tags`.x IS  NOT NULL", "OK tag|x|IS NOT NULL|None"},
          new String[] {
            "tags.owner=='x' and datasets.name IN ('a', 'b')",
            "OK tag|owner|==|S:x ;; dataset|name|IN|L:a|b"
          },
          new String[] {"datasets.name  >=  (\"a\" 'b')", "OK dataset|name|>=|L:ab"},
          new String[] {"run_id  =  (\"a\" 'b')", "OK attribute|run_id|=|L:ab"},
          new String[] {"datasets.name  !=  ('a',)", "OK dataset|name|!=|L:a"},
          new String[] {"tags.mlflow.user=='a''b' AND", "OK tag|mlflow.user|==|S:a''b"},
          new String[] {
            "E:tags.`mlflow.runName` IS  NOT NULL and tags.`mlflow.runName` IS NOT NULL",
            "OK tag|mlflow.runName|IS NOT NULL|None ;; tag|mlflow.runName|IS NOT NULL|None"
          },
          new String[] {"params.p IS NOT NULL AND", "OK parameter|p|IS NOT NULL|None"},
          new String[] {"datasets.name  RLIKE  ('a', 'b')", "OK dataset|name|RLIKE|L:a|b"},
          new String[] {"tags.'q'  ==  'x'", "OK tag|q|==|S:x"},
          new String[] {
            "E:metrics.select=>true AND AND dataset.context  like  'x'",
            "ERR Invalid clause(s) in filter string: metrics.select, =>, true"
          },
          new String[] {
            "E:created IS NULL OR run_idILIKEtrue AND",
            "ERR Invalid clause(s) in filter string: OR, run_idILIKEtrue"
          },
          new String[] {
            "E:\"Run name\"<1 and attr.user_id  ==  ();tags.mlflow.user IS NULL",
            "ERR Search filter contained multiple expression '\"Run name\"<1 and attr.user_id  ==  ();tags.mlflow.user IS NULL'. Provide AND-ed expression list."
          },
          new String[] {
            "E:datasets.name=='1' AND run_id <= .5 AND",
            "ERR Invalid entity type 'datasets'. Valid entity types are ('attribute', 'attributes', 'tag', 'tags')"
          },
          new String[] {
            "E:created LIKE 'a\\'b'",
            "ERR Invalid attribute key 'created' specified. Valid keys are '{'creation_time', 'experiment_id', 'last_update_time', 'name'}'"
          },
          new String[] {
            "E:metrics=1abc",
            "ERR Invalid attribute key 'metrics' specified. Valid keys are '{'creation_time', 'experiment_id', 'last_update_time', 'name'}'"
          },
          new String[] {
            "name  like  'a\\'b' AND attr.user_id  in  ('a',) AND",
            "ERR Invalid attribute key 'name' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "E:metricslikeNULL;tags.<=('a',)",
            "ERR Search filter contained multiple expression \"metricslikeNULL;tags.<=('a',)\". Provide AND-ed expression list."
          },
          new String[] {
            "\"Run name\" NOT IN 'a\\'b'",
            "ERR Invalid clause(s) in filter string: '\"Run name\"', 'NOT', 'IN', ''a\\'b''"
          },
          new String[] {
            "datasets.name ILIKE x",
            "ERR Parameter value is either not quoted or unidentified quote types used for string value x. Use either single or double quotes."
          },
          new String[] {
            "tags.'q' IS  NOT NULL AND AND attr.user_id  NOT LIKE  true",
            "ERR Invalid clause(s) in filter string: 'attr.user_id', 'NOT LIKE', 'true'"
          },
          new String[] {
            "metrics NOT IN 0x1F",
            "ERR Invalid clause(s) in filter string: 'metrics', 'NOT', 'IN', '0x1F'"
          },
          new String[] {
            "E:end_time like 1abc AND AND foo IS  NOT NULL",
            "ERR Invalid attribute key 'end_time' specified. Valid keys are '{'creation_time', 'experiment_id', 'last_update_time', 'name'}'"
          },
          new String[] {
            "E:run.artifact_uri  NOT IN  ('a',)",
            "ERR Invalid entity type 'run'. Valid entity types are ('attribute', 'attributes', 'tag', 'tags')"
          },
          new String[] {
            "E:run_name==1.5 and tags.t IN '1'",
            "ERR Invalid clause(s) in filter string: tags.t, IN, '1'"
          },
          new String[] {
            "\"Run name\"  ILIKE  0x1F",
            "ERR Invalid clause(s) in filter string: '\"Run name\"', 'ILIKE', '0x1F'"
          },
          new String[] {
            "E:attributes.statuslike.5;end_time IS NULL and dataset.context  like  (\"a\" 'b')",
            "ERR Search filter contained multiple expression 'attributes.statuslike.5;end_time IS NULL and dataset.context  like  (\"a\" \\'b\\')'. Provide AND-ed expression list."
          },
          new String[] {
            "attributes.status>=-2",
            "ERR Expected a quoted string value for attributes. Got value -2"
          },
          new String[] {
            "experiment_idIN0x1F and tags.'q'  ==  1abc",
            "ERR Invalid clause(s) in filter string: 'experiment_idIN0x1F'"
          },
          new String[] {
            "attr.user_id  >=  0x1F tags.'q' like 1abc",
            "ERR Invalid clause(s) in filter string: 'attr.user_id', '>=', '0x1F'"
          },
          new String[] {
            "metrics.a-bNOT LIKE('a',) AND",
            "ERR Invalid clause(s) in filter string: 'metrics.a-bNOT', 'LIKE('a',)'"
          },
          new String[] {
            "metric.`a b` => \"y\" and metrics IS NOT NULL",
            "ERR Expected numeric value type for metric. Found \"y\""
          },
          new String[] {
            "E:tags.mlflow.user => ('a',);metrics <> '1' OR param.\"x y\" is null",
            "ERR Search filter contained multiple expression 'tags.mlflow.user => (\\'a\\',);metrics <> \\'1\\' OR param.\"x y\" is null'. Provide AND-ed expression list."
          },
          new String[] {
            "E:`tags`.xINx;tags.owner!=() AND AND tags.t  >  true",
            "ERR Search filter contained multiple expression '`tags`.xINx;tags.owner!=() AND AND tags.t  >  true'. Provide AND-ed expression list."
          },
          new String[] {
            "param.\"x y\"<() created>1 AND AND end_time~`z`",
            "ERR Expected a quoted string value for parameter (e.g. 'my-value'). Got value ()"
          },
          new String[] {
            "tags.`mlflow.runName`>NULL AND",
            "ERR Expected a quoted string value for tag (e.g. 'my-value'). Got value NULL"
          },
          new String[] {
            "experiment_id  ==  ()\tAND param.\"x y\" <> 1",
            "ERR Invalid attribute key 'experiment_id' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "metrics.acc  like  ('a', 'b')\tAND name<='a\\'b' OR params.from IS  NOT NULL",
            "ERR Invalid clause(s) in filter string: 'OR', 'params.', 'from', 'IS', 'NOT NULL'"
          },
          new String[] {
            "name  ==  `z` AND",
            "ERR Invalid attribute key 'name' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "nameLIKE1abc OR tags.'q'!=`z`",
            "ERR Invalid clause(s) in filter string: 'nameLIKE1abc', 'OR'"
          },
          new String[] {
            "run.artifact_uri IS  NOT NULL",
            "ERR IS NULL / IS NOT NULL is only supported for tags and params, not for 'attribute' 'artifact_uri'"
          },
          new String[] {
            "AND params.from not in '1'",
            "ERR Invalid clause(s) in filter string: 'params.', 'from', 'not', 'in', ''1''"
          },
          new String[] {
            "creation_time>=('a') OR `tags`.x >= ('a',)",
            "ERR Invalid clause(s) in filter string: 'OR'"
          },
          new String[] {
            "tags.t < ('a', 'b');run_id IS  NOT NULL",
            "ERR Search filter contained multiple expression \"tags.t < ('a', 'b');run_id IS  NOT NULL\". Provide AND-ed expression list."
          },
          new String[] {
            "tags.mlflow.user is null AND AND \"Run name\"  =  ('a',);`Run name` is null",
            "ERR Search filter contained multiple expression 'tags.mlflow.user is null AND AND \"Run name\"  =  (\\'a\\',);`Run name` is null'. Provide AND-ed expression list."
          },
          new String[] {
            "run_nameLIKE1abc AND AND experiment_id = NULL",
            "ERR Invalid clause(s) in filter string: 'run_nameLIKE1abc'"
          },
          new String[] {
            "tags.mlflow.user>1.5",
            "ERR Expected a quoted string value for tag (e.g. 'my-value'). Got value 1.5"
          },
          new String[] {
            "param.\"x y\"  >=  true AND",
            "ERR Invalid clause(s) in filter string: 'param.\"x y\"', '>=', 'true'"
          },
          new String[] {
            "status  <=  1\tAND run_name  >  'a\\'b'",
            "ERR Expected a quoted string value for attributes. Got value 1"
          },
          new String[] {
            "metric.`a b`  !=  '1'", "ERR Expected numeric value type for metric. Found '1'"
          },
          new String[] {
            "attribute.name > ('a', 'b') and dataset.context==.5",
            "ERR Invalid attribute key 'name' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "attribute.name ~ () AND",
            "ERR Invalid attribute key 'name' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "attribute.name<('a',) AND",
            "ERR Invalid attribute key 'name' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "attribute.name IS NOT NULL",
            "ERR Invalid attribute key 'name' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "E:AND run_name  <>  ('a',);run_name>0x1F and tags.t  <  '1'",
            "ERR Search filter contained multiple expression \"AND run_name  <>  ('a',);run_name>0x1F and tags.t  <  '1'\". Provide AND-ed expression list."
          },
          new String[] {
            "datasets.name  in  (1, 2)\tAND dataset.context<() OR \"Run name\" != 'a''b'",
            "ERR Invalid clause(s) in filter string: 'OR'"
          },
          new String[] {
            "metrics.select != '1'", "ERR Expected numeric value type for metric. Found '1'"
          },
          new String[] {
            "attribute.name=('a', 'b')",
            "ERR Invalid attribute key 'name' specified. Valid keys are '{'Created', 'Run Name', 'Run name', 'artifact_uri', 'created', 'end_time', 'run name', 'run_id', 'run_name', 'start_time', 'status', 'user_id'}'"
          },
          new String[] {
            "AND start_time IS NOT NULL AND run_nameNOT LIKE('a')",
            "ERR Invalid clause(s) in filter string: 'run_nameNOT', 'LIKE('a')'"
          },
          new String[] {
            "E:experiment_id=`z`",
            "ERR Parameter value is either not quoted or unidentified quote types used for string value `z`. Use either single or double quotes."
          },
          new String[] {
            "AND tags.'q'  ==  1abc",
            "ERR Parameter value is either not quoted or unidentified quote types used for string value 1abc. Use either single or double quotes."
          },
          new String[] {
            "E:metrics = ('a',) OR \"Run name\"  LIKE  ('a')",
            "ERR Invalid clause(s) in filter string: OR"
          },
          new String[] {
            "creation_time  <  0x1F",
            "ERR Invalid clause(s) in filter string: 'creation_time', '<', '0x1F'"
          },
          new String[] {
            "E:dataset.context  <=  () OR attributes.status IS NOT NULL",
            "ERR Invalid clause(s) in filter string: OR"
          },
          new String[] {
            "E:AND tags.ownernot in'a\\'b' AND",
            "ERR Invalid clause(s) in filter string: tags.ownernot, in, 'a\\'b'"
          },
          new String[] {
            "`Run name` IS  NOT NULL AND start_time like 'a''b'",
            "ERR IS NULL / IS NOT NULL is only supported for tags and params, not for 'attribute' 'Run name'"
          },
          new String[] {
            "metrics.a-b IS  NOT NULL",
            "ERR Invalid clause(s) in filter string: 'metrics.a-b', 'IS', 'NOT NULL'"
          },
          new String[] {
            "AND param.\"x y\" IS NOT NULL AND `tags`.x  ==  1abc",
            "ERR Parameter value is either not quoted or unidentified quote types used for string value 1abc. Use either single or double quotes."
          },
          new String[] {
            "E:AND run.artifact_uri IS NOT NULL AND",
            "ERR Invalid entity type 'run'. Valid entity types are ('attribute', 'attributes', 'tag', 'tags')"
          },
          new String[] {
            "\"Run name\"  !=  -2 AND AND foo  not in  (1, 2) tags.owner != 'a''b'",
            "ERR Expected a quoted string value for attributes. Got value -2"
          });
}
