import json, os, sys, tempfile
sys.path.insert(0, os.path.dirname(__file__))
import data, cases
from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore
from mlflow.entities import ViewType
from mlflow.exceptions import MlflowException

def setup(uri):
    import sqlalchemy as sa
    # Start from an empty scratch database: drop whatever tables a previous run left.
    engine = sa.create_engine(uri)
    meta = sa.MetaData()
    meta.reflect(engine)
    meta.drop_all(engine)
    engine.dispose()
    store = SqlAlchemyStore(uri, tempfile.mkdtemp())
    with store.engine.begin() as conn:
        conn.execute(sa.text("DELETE FROM experiments"))
        for stmt in data.inserts():
            conn.execute(sa.text(stmt.replace(":", "\\:")))
    return store

def run(store):
    out = {"runs": [], "experiments": []}
    for ids, flt, view, ob in cases.run_cases:
        try:
            res = store.search_runs([str(i) for i in ids], flt, ViewType.from_string(view.lower()), 1000, ob, None)
            r = {"ids": [x.info.run_id for x in res]}
        except MlflowException as e:
            r = {"error": e.message, "code": e.error_code}
        except Exception as e:
            r = {"exception": repr(e)}
        out["runs"].append({"experimentIds": ids, "filter": flt, "view": view, "orderBy": ob, **r})
    for flt, view, ob in cases.exp_cases:
        try:
            res = store.search_experiments(ViewType.from_string(view.lower()), 1000, flt, ob, None)
            r = {"ids": [int(x.experiment_id) for x in res]}
        except MlflowException as e:
            r = {"error": e.message, "code": e.error_code}
        except Exception as e:
            r = {"exception": repr(e)}
        out["experiments"].append({"filter": flt, "view": view, "orderBy": ob, **r})
    return out

if __name__ == "__main__":
    uri, outfile = sys.argv[1], sys.argv[2]
    store = setup(uri)
    res = run(store)
    res["inserts"] = data.inserts()
    json.dump(res, open(outfile, "w"), indent=1)
