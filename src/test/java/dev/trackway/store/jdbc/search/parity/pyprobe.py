import sys, re
from mlflow.utils.search_utils import SearchUtils as S, SearchExperimentsUtils as E
from mlflow.exceptions import MlflowException
mode = sys.argv[1]
def canon(c):
    v = c["value"]
    if v is None: return "None"
    if isinstance(v, tuple): return "L:" + "|".join(v)
    if c["type"] == "metric": return "M:" + v
    if isinstance(v, bool): return "B"
    if isinstance(v, int): return "I:" + str(v)
    if isinstance(v, float):
        return "F:" + repr(v)
    return "S:" + v
for line in sys.stdin.read().split("\n"):
    if not line: continue
    exp = line.startswith("E:")
    s = line[2:] if exp else line
    cls = E if exp else S
    try:
        if mode == "filter":
            out = "OK " + " ;; ".join(f"{c['type']}|{c['key']}|{c['comparator']}|{canon(c)}" for c in cls.parse_search_filter(s))
        else:
            fn = E.parse_order_by_for_search_experiments if exp else S.parse_order_by_for_search_runs
            t = fn(s)
            out = "OK " + f"{t[0]}|{t[1]}|{t[2]}"
    except MlflowException as e:
        out = "ERR " + e.message
    except Exception as e:
        out = "EXC " + repr(e)
    print(line + "\t" + out)
