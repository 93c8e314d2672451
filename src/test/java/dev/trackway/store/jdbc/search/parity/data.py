# Test data shared by the MLflow parity run and the Java test (plain SQL, valid on SQLite and MySQL).
INF = "1.7976931348623157e308"
experiments = [
    # id, name, lifecycle, creation_time, last_update_time
    (6, "Default", "active", 10, 10),
    (1, "exp-a", "active", 100, 500),
    (2, "Exp-B", "active", 200, 300),
    (3, "deleted-exp", "deleted", 150, 150),
    (4, "exp_c", "active", None, 400),
    (5, "exp%d", "active", 200, 200),
]
experiment_tags = [
    ("owner", "alice", 1), ("k", "v", 1), ("owner", "Alice", 2), ("note", "x%y", 4), ("Owner", "bob", 5),
]
runs = [
    # run_uuid, exp, name, status, user, start, end, lifecycle
    ("r01", 1, "alpha", "FINISHED", "alice", 100, 200, "active"),
    ("r02", 1, "Alpha", "FAILED", "bob", 100, None, "active"),
    ("r03", 1, "beta", "RUNNING", "alice", 300, None, "active"),
    ("r04", 1, "gamma_1", "FINISHED", "Alice", 50, 60, "active"),
    ("r05", 1, "gamma%2", "KILLED", "carol", 300, 400, "deleted"),
    ("r06", 2, "delta", "FINISHED", "dave", 200, 250, "active"),
    ("r07", 2, None, "SCHEDULED", "eve", 150, None, "active"),
    ("r08", 2, "eta", "FINISHED", "bob", 150, 180, "active"),
    ("r09", 1, "zzz", "FINISHED", "alice", 100, 120, "active"),
    ("r10", 4, "other", "FINISHED", "alice", 500, 600, "active"),
    ("r11", 2, "Beta", "FAILED", "BOB", 300, 310, "deleted"),
    ("r00", 1, "alpha", "FINISHED", "frank", 100, 130, "active"),
]
run_name_tags = {r[0]: r[2] for r in runs if r[2] is not None}
run_name_tags["r09"] = "theta"  # tag differs from runs.name (MLflow filters on the tag)
latest_metrics = [
    # key, value, is_nan, run
    ("acc", "0.9", 0, "r01"), ("acc", "0", 1, "r02"), ("acc", "0.5", 0, "r03"),
    ("acc", "0.7", 0, "r05"), ("acc", "0.9", 0, "r06"), ("acc", "-" + INF, 0, "r07"),
    ("acc", "-1.0", 0, "r08"), ("acc", INF, 0, "r09"), ("acc", "0", 1, "r00"),
    ("Acc", "5.0", 0, "r04"), ("loss", "0.1", 0, "r01"), ("loss", "0.2", 0, "r03"),
    ("loss", "0.1", 0, "r06"), ("acc", "0.95", 0, "r10"), ("acc", "0.3", 0, "r11"),
]
params = [
    ("lr", "0.01", "r01"), ("lr", "0.1", "r02"), ("lr", "0.001", "r03"), ("lr", "abc", "r06"),
    ("lr", "ABC", "r08"), ("lr", "0.01", "r00"),
    ("model", "LinearRegression", "r01"), ("model", "linearregression", "r02"),
    ("model", "Lin_Reg", "r03"), ("model", "Lin%Reg", "r04"), ("model", "x*y?z[1]", "r06"),
    ("model", "LinXReg", "r08"), ("LR", "1", "r07"), ("model", "it's", "r09"),
]
tags = [
    ("env", "prod", "r01"), ("env", "Prod", "r02"), ("env", "dev", "r03"), ("env", "PROD", "r06"),
    ("team", "a b", "r04"), ("Env", "prod", "r08"), ("env", "", "r09"), ("env", "prod", "r05"),
]
datasets = [
    # uuid, exp, name, digest
    ("d1", 1, "train_ds", "abc123"), ("d2", 1, "eval_ds", "def456"), ("d3", 2, "Train_DS", "ABC123"),
]
inputs = [
    # input_uuid, source_type, source_id, destination_type, destination_id
    ("i1", "DATASET", "d1", "RUN", "r01"), ("i2", "DATASET", "d2", "RUN", "r01"),
    ("i3", "DATASET", "d1", "RUN", "r02"), ("i4", "DATASET", "d2", "RUN", "r03"),
    ("i5", "DATASET", "d3", "RUN", "r06"), ("i6", "RUN_INPUT", "r08", "MODEL_INPUT", "m-1"),
    ("i7", "DATASET", "d1", "RUN", "r05"),
]
input_tags = [
    ("i1", "mlflow.data.context", "training"), ("i2", "mlflow.data.context", "eval"),
    ("i4", "mlflow.data.context", "Training"), ("i5", "mlflow.data.context", "training"),
    ("i7", "mlflow.data.context", "training"),
]

def lit(v):
    if v is None:
        return "NULL"
    if isinstance(v, int):
        return str(v)
    return "'" + str(v).replace("'", "''") + "'"

def inserts():
    out = []
    for e in experiments:
        out.append("INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time, workspace) VALUES (%s, %s, %s, %s, %s, %s, 'default')" % (lit(e[0]), lit(e[1]), lit("/tmp/a/%d" % e[0]), lit(e[2]), lit(e[3]), lit(e[4])))
    for t in experiment_tags:
        out.append("INSERT INTO experiment_tags (`key`, value, experiment_id) VALUES (%s, %s, %s)" % (lit(t[0]), lit(t[1]), lit(t[2])))
    for r in runs:
        out.append("INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time, end_time, source_version, lifecycle_stage, artifact_uri, experiment_id, deleted_time) VALUES (%s, %s, 'LOCAL', '', '', %s, %s, %s, %s, '', %s, %s, %s, NULL)" % (lit(r[0]), lit(r[2]), lit(r[4]), lit(r[3]), lit(r[5]), lit(r[6]), lit(r[7]), lit("/tmp/a/%d/%s/artifacts" % (r[1], r[0])), lit(r[1])))
    for run, name in run_name_tags.items():
        out.append("INSERT INTO tags (`key`, value, run_uuid) VALUES (%s, %s, %s)" % (lit("mlflow.runName"), lit(name), lit(run)))
    for t in tags:
        out.append("INSERT INTO tags (`key`, value, run_uuid) VALUES (%s, %s, %s)" % (lit(t[0]), lit(t[1]), lit(t[2])))
    for p in params:
        out.append("INSERT INTO params (`key`, value, run_uuid) VALUES (%s, %s, %s)" % (lit(p[0]), lit(p[1]), lit(p[2])))
    for m in latest_metrics:
        out.append("INSERT INTO latest_metrics (`key`, value, timestamp, step, is_nan, run_uuid) VALUES (%s, %s, 1, 0, %d, %s)" % (lit(m[0]), m[1], m[2], lit(m[3])))
    for d in datasets:
        out.append("INSERT INTO datasets (dataset_uuid, experiment_id, name, digest, dataset_source_type, dataset_source, dataset_schema, dataset_profile) VALUES (%s, %s, %s, %s, 'local', '{}', NULL, NULL)" % (lit(d[0]), lit(d[1]), lit(d[2]), lit(d[3])))
    for i in inputs:
        out.append("INSERT INTO inputs (input_uuid, source_type, source_id, destination_type, destination_id, step) VALUES (%s, %s, %s, %s, %s, 0)" % tuple(lit(x) for x in i))
    for t in input_tags:
        out.append("INSERT INTO input_tags (input_uuid, name, value) VALUES (%s, %s, %s)" % tuple(lit(x) for x in t))
    return out
