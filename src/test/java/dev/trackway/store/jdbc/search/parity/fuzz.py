import random
random.seed(int(__import__('sys').argv[1]))
idents = ["metrics.acc", "metric.`a b`", "params.p", "param.\"x y\"", "tags.t", "tags.`mlflow.runName`", "attributes.status", "status", "run_id", "run_name", "`Run name`", "\"Run name\"", "created", "start_time", "end_time", "datasets.name", "dataset.context", "foo", "attr.user_id", "tags.mlflow.user", "metrics", "tags.", "`tags`.x", "run.artifact_uri", "tags.'q'", "metrics.a-b", "params.from", "metrics.select", "name", "experiment_id", "creation_time", "tags.owner", "attribute.name"]
comps = ["=", "!=", ">", ">=", "<", "<=", "LIKE", "like", "ILIKE", "NOT LIKE", "==", "<>", "~", "IN", "in", "NOT IN", "not in", "IS NULL", "IS NOT NULL", "is null", "IS  NOT NULL", "=>", "RLIKE"]
vals = ["'x'", "\"y\"", "1", "-2", "1.5", ".5", "1e3", "'1'", "x", "`z`", "('a', 'b')", "('a')", "()", "(1, 2)", "NULL", "true", "'a''b'", "'a\\'b'", "1abc", "0x1F", "('a',)", "(\"a\" 'b')"]
joins = [" AND ", " and ", " ", " OR ", " AND AND ", ";", " AND\n", "\tAND "]
def clause():
    i = random.choice(idents); c = random.choice(comps)
    if c.upper().startswith("IS"):
        return f"{i} {c}"
    sp = random.choice([" ", "", "  "])
    return f"{i}{sp}{c}{sp}{random.choice(vals)}"
out = []
for _ in range(int(__import__('sys').argv[2])):
    n = random.randint(1, 3)
    s = clause()
    for _ in range(n - 1):
        s += random.choice(joins) + clause()
    if random.random() < 0.1: s = "AND " + s
    if random.random() < 0.1: s = s + " AND"
    if random.random() < 0.3: s = "E:" + s
    out.append(s)
print("\n".join(out))
