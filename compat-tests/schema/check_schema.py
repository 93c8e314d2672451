#!/usr/bin/env python3
"""Compare a Trackway-created database schema with the one MLflow's own migrations create.

Standalone script (also importable from pytest):

    compare(vendor, our_uri, ref_uri) -> list[str]

returns the *unexpected* differences between the schema (and seed rows) found at
``our_uri`` and the MLflow reference at ``ref_uri``; an empty list means "identical".

vendor is ``"sqlite"`` or ``"mysql"`` (MySQL and MariaDB). URIs use SQLAlchemy's form,
as ``mlflow server --backend-store-uri`` does:

    sqlite:////abs/path/mlflow.db
    mysql+pymysql://user:pass@host:3306/db
    mysql+pymysql://root@localhost/db?unix_socket=/run/mysqld/mysqld.sock

The one intended difference is normalised away: on MySQL, Trackway gives every string
"key column" (a column of a PRIMARY KEY or UNIQUE index, plus the columns tied to those
by foreign keys or by the joins in IMPLICIT_REFERENCES) the binary collation ``utf8mb4_bin``
so that keys differing only in case stay distinct.  ``intended_differences()`` lists those columns; ``compare`` reports it as an
error if a key column is *not* binary in our database or if a non-key column differs.

Ids, timestamps and the artifact location of the seeded ``Default`` experiment are
masked (they depend on when and with which default artifact root the database was made).

CLI:
    python check_schema.py sqlite sqlite:////tmp/ours.db sqlite:////tmp/ref.db
    python check_schema.py mysql  mysql+pymysql://... mysql+pymysql://... [--show-intended]
    python check_schema.py make-ref <uri>      # create a reference DB with MLflow's migrations
Exit status 1 when differences are found.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import sys
from collections import defaultdict

STRING_TYPES = ("char", "varchar", "tinytext", "text", "mediumtext", "longtext")
KEY_COLLATION = "utf8mb4_bin"
# alembic's own bookkeeping table stays exactly as alembic creates it.
KEY_COLLATION_EXEMPT = ("alembic_version",)
# References MLflow joins on without a declared foreign key (get_run / search_datasets join
# inputs -> datasets and input_tags -> inputs). The columns hold UUIDs MLflow generates, so the
# collation means nothing for their values; giving both sides the key collation keeps each join on
# one collation. A utf8mb4_bin = utf8mb4_general_ci join is evaluated in _bin: MariaDB 10.11 still
# uses the _ci index with a recheck, other servers may fall back to a scan.
IMPLICIT_REFERENCES = (
    (("inputs", "source_id"), ("datasets", "dataset_uuid")),
    (("input_tags", "input_uuid"), ("inputs", "input_uuid")),
)
# Tables whose rows are part of the schema "seed" (compared exactly, except masked columns).
SEED_TABLES = ("alembic_version", "workspaces", "experiments")
MASKED_SEED_COLUMNS = {"experiments": ("creation_time", "last_update_time", "artifact_location")}


# --------------------------------------------------------------------------- connections

def _parse_uri(uri: str):
    from sqlalchemy.engine import make_url  # available in the compat-tests venv (mlflow dep)

    return make_url(uri)


def connect(vendor: str, uri: str):
    """Open a DB-API connection for a SQLAlchemy-style URI."""
    url = _parse_uri(uri)
    if vendor == "sqlite":
        if not url.drivername.startswith("sqlite"):
            raise ValueError(f"not a sqlite URI: {uri}")
        conn = sqlite3.connect(url.database)
        return conn
    if vendor == "mysql":
        import pymysql

        kwargs = dict(
            user=url.username or "root",
            password=url.password or "",
            database=url.database,
            charset="utf8mb4",
            autocommit=True,
        )
        if "unix_socket" in url.query:
            kwargs["unix_socket"] = url.query["unix_socket"]
        else:
            kwargs["host"] = url.host or "localhost"
            kwargs["port"] = url.port or 3306
        return pymysql.connect(**kwargs)
    raise ValueError(f"unknown vendor {vendor!r}")


def _rows(conn, sql, params=()):
    cur = conn.cursor()
    cur.execute(sql, params)
    out = cur.fetchall()
    cur.close()
    return out


# --------------------------------------------------------------------------- SQLite model

def _norm_sql(text: str | None) -> str | None:
    if text is None:
        return None
    return re.sub(r"\s+", " ", text).strip()


def _split_top_level(body: str) -> list[str]:
    """Split on commas that are outside parentheses and quotes."""
    items, depth, quote, cur = [], 0, None, []
    for ch in body:
        if quote:
            cur.append(ch)
            if ch == quote:
                quote = None
            continue
        if ch in "'\"`[":
            quote = "]" if ch == "[" else ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append("".join(cur).strip())
            cur = []
            continue
        cur.append(ch)
    items.append("".join(cur).strip())
    return items


_TABLE_CONSTRAINT = re.compile(r"^(CONSTRAINT\s|PRIMARY\s+KEY|FOREIGN\s+KEY|UNIQUE\s*\(|CHECK\s*\()", re.I)


def _sqlite_table_sql(sql: str):
    """CREATE TABLE text as (head, [column definitions in order], sorted table constraints).

    MLflow's batch migrations on SQLite re-create tables with their table constraints in an order
    that varies from run to run (two MLflow runs differ), so the constraints are compared as a set.
    """
    sql = _norm_sql(sql)
    open_at, close_at = sql.index("("), sql.rindex(")")
    items = _split_top_level(sql[open_at + 1:close_at])
    cols = [i for i in items if not _TABLE_CONSTRAINT.match(i)]
    cons = sorted(i for i in items if _TABLE_CONSTRAINT.match(i))
    return {"head": sql[:open_at].strip(), "columns": cols, "constraints": cons, "tail": sql[close_at + 1:].strip()}


def introspect_sqlite(conn) -> dict:
    objects = {}
    for type_, name, tbl, sql in _rows(
        conn, "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    ):
        if type_ == "table" and sql:
            objects[(type_, name)] = {"table": tbl, **_sqlite_table_sql(sql)}
        else:
            objects[(type_, name)] = {"table": tbl, "sql": _norm_sql(sql)}
    tables = {}
    for (type_, name), _ in objects.items():
        if type_ != "table":
            continue
        q = name.replace('"', '""')
        cols = [tuple(r[1:]) for r in _rows(conn, f'PRAGMA table_xinfo("{q}")')]
        idx = {}
        for r in _rows(conn, f'PRAGMA index_list("{q}")'):
            iname = r[1]
            iq = iname.replace('"', '""')
            parts = [(x[2], x[3], x[4]) for x in _rows(conn, f'PRAGMA index_xinfo("{iq}")') if x[5]]
            idx[iname] = {"unique": r[2], "origin": r[3], "partial": r[4], "parts": parts}
        fks = defaultdict(list)
        for r in _rows(conn, f'PRAGMA foreign_key_list("{q}")'):
            fks[r[0]].append(r[2:])
        tables[name] = {
            "columns": cols,
            "indexes": idx,
            "foreign_keys": sorted(tuple(map(tuple, v)) for v in fks.values()),
        }
    return {"objects": objects, "tables": tables}


# --------------------------------------------------------------------------- MySQL model

def introspect_mysql(conn) -> dict:
    try:
        _rows(conn, "SET SESSION information_schema_stats_expiry = 0")  # MySQL 8 caches AUTO_INCREMENT
    except Exception:  # MariaDB has no such variable
        pass
    (schema,) = _rows(conn, "SELECT DATABASE()")[0]
    (db_collation,) = _rows(
        conn,
        "SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME=%s",
        (schema,),
    )[0]
    tables = {}
    for name, engine, coll, auto_inc, ttype in _rows(
        conn,
        "SELECT TABLE_NAME, ENGINE, TABLE_COLLATION, AUTO_INCREMENT, TABLE_TYPE "
        "FROM information_schema.TABLES WHERE TABLE_SCHEMA=%s",
        (schema,),
    ):
        tables[name] = {
            "type": ttype,
            "engine": engine,
            "collation": coll,
            "auto_increment": auto_inc,
            "columns": {},
            "column_order": [],
            "indexes": defaultdict(lambda: {"unique": None, "parts": []}),
            "foreign_keys": {},
            "checks": {},
        }
    for (tname, cname, pos, ctype, dtype, nullable, default, extra, charset, coll, gen) in _rows(
        conn,
        "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, COLUMN_TYPE, DATA_TYPE, IS_NULLABLE, "
        "COLUMN_DEFAULT, EXTRA, CHARACTER_SET_NAME, COLLATION_NAME, GENERATION_EXPRESSION "
        "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA=%s ORDER BY TABLE_NAME, ORDINAL_POSITION",
        (schema,),
    ):
        tables[tname]["column_order"].append(cname)
        tables[tname]["columns"][cname] = {
            "type": ctype,
            "data_type": dtype,
            "nullable": nullable,
            "default": default,
            "extra": extra,
            "charset": charset,
            "collation": coll,
            "generated": gen or None,
        }
    for tname, iname, non_unique, seq, cname, sub_part, order in _rows(
        conn,
        "SELECT TABLE_NAME, INDEX_NAME, NON_UNIQUE, SEQ_IN_INDEX, COLUMN_NAME, SUB_PART, COLLATION "
        "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA=%s "
        "ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
        (schema,),
    ):
        ix = tables[tname]["indexes"][iname]
        ix["unique"] = not int(non_unique)
        ix["parts"].append((cname, sub_part, order))
    fk_cols = defaultdict(list)
    for tname, cname, col, rtable, rcol in _rows(
        conn,
        "SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME "
        "FROM information_schema.KEY_COLUMN_USAGE WHERE TABLE_SCHEMA=%s AND REFERENCED_TABLE_NAME IS NOT NULL "
        "ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION",
        (schema,),
    ):
        fk_cols[(tname, cname)].append((col, rtable, rcol))
    for tname, cname, upd, dele, rtable in _rows(
        conn,
        "SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE, REFERENCED_TABLE_NAME "
        "FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA=%s",
        (schema,),
    ):
        cols = fk_cols[(tname, cname)]
        tables[tname]["foreign_keys"][cname] = {
            "columns": [c[0] for c in cols],
            "ref_table": rtable,
            "ref_columns": [c[2] for c in cols],
            "on_update": upd,
            "on_delete": dele,
        }
    # CHECK constraints: MariaDB has TABLE_NAME/LEVEL in CHECK_CONSTRAINTS, MySQL 8 needs TABLE_CONSTRAINTS.
    try:
        checks = _rows(
            conn,
            "SELECT TABLE_NAME, CONSTRAINT_NAME, CHECK_CLAUSE FROM information_schema.CHECK_CONSTRAINTS "
            "WHERE CONSTRAINT_SCHEMA=%s",
            (schema,),
        )
    except Exception:
        checks = _rows(
            conn,
            "SELECT tc.TABLE_NAME, cc.CONSTRAINT_NAME, cc.CHECK_CLAUSE "
            "FROM information_schema.CHECK_CONSTRAINTS cc JOIN information_schema.TABLE_CONSTRAINTS tc "
            "ON tc.CONSTRAINT_SCHEMA = cc.CONSTRAINT_SCHEMA AND tc.CONSTRAINT_NAME = cc.CONSTRAINT_NAME "
            "AND tc.CONSTRAINT_TYPE = 'CHECK' WHERE cc.CONSTRAINT_SCHEMA=%s",
            (schema,),
        )
    for tname, cname, clause in checks:
        tables[tname]["checks"][cname] = _norm_sql(clause)
    triggers = {}
    for name, event, table, timing, orientation, stmt in _rows(
        conn,
        "SELECT TRIGGER_NAME, EVENT_MANIPULATION, EVENT_OBJECT_TABLE, ACTION_TIMING, ACTION_ORIENTATION, "
        "ACTION_STATEMENT FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA=%s",
        (schema,),
    ):
        triggers[name] = {
            "event": event,
            "table": table,
            "timing": timing,
            "orientation": orientation,
            "statement": _norm_sql(stmt),
        }
    routines = sorted(
        r[0] for r in _rows(
            conn, "SELECT ROUTINE_NAME FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA=%s", (schema,)
        )
    )
    for t in tables.values():
        t["indexes"] = dict(t["indexes"])
    return {
        "db_collation": db_collation,
        "tables": tables,
        "triggers": triggers,
        "routines": routines,
    }


def key_columns(model: dict) -> set[tuple[str, str]]:
    """String columns of PRIMARY KEY / UNIQUE indexes, closed over foreign keys (both directions).

    Foreign-key columns must share the collation of the columns they reference, so a column that
    references (or is referenced by) a key column is a key column too; the same goes for the
    IMPLICIT_REFERENCES MLflow joins on.
    """
    tables = model["tables"]

    def is_string(t, c):
        return tables[t]["columns"][c]["data_type"] in STRING_TYPES

    keys = set()
    for tname, t in tables.items():
        if tname in KEY_COLLATION_EXEMPT:
            continue
        for ix in t["indexes"].values():
            if ix["unique"]:
                keys.update((tname, p[0]) for p in ix["parts"] if is_string(tname, p[0]))
    edges = [
        ((tname, c), (fk["ref_table"], rc))
        for tname, t in tables.items()
        for fk in t["foreign_keys"].values()
        for c, rc in zip(fk["columns"], fk["ref_columns"])
    ]
    edges += [(a, b) for a, b in IMPLICIT_REFERENCES if a[0] in tables and b[0] in tables]
    changed = True
    while changed:
        changed = False
        for a, b in edges:
            if is_string(*a) and is_string(*b) and (a in keys) != (b in keys):
                keys.update((a, b))
                changed = True
    return keys


def intended_differences(our_model: dict, ref_model: dict) -> list[str]:
    """The collation changes Trackway makes on purpose (MySQL only)."""
    out = []
    for tname, cname in sorted(key_columns(ref_model)):
        ref_coll = ref_model["tables"][tname]["columns"][cname]["collation"]
        our = our_model["tables"].get(tname, {}).get("columns", {}).get(cname)
        if our and ref_coll != KEY_COLLATION and our["collation"] == KEY_COLLATION:
            out.append(f"{tname}.{cname}: collation {ref_coll} -> {KEY_COLLATION}")
    return out


# --------------------------------------------------------------------------- seed rows

def seed_rows(vendor: str, conn) -> dict:
    q = '"' if vendor == "sqlite" else "`"
    out = {}
    for table in SEED_TABLES:
        try:
            cur = conn.cursor()
            cur.execute(f"SELECT * FROM {q}{table}{q}")
            names = [d[0] for d in cur.description]
            rows = cur.fetchall()
            cur.close()
        except Exception as e:  # table missing: reported by the schema comparison
            out[table] = f"<unreadable: {e}>"
            continue
        masked = MASKED_SEED_COLUMNS.get(table, ())
        norm = []
        for r in rows:
            d = {}
            for n, v in zip(names, r):
                if n in masked:
                    v = "<masked>" if v is not None else None
                d[n] = v
            norm.append(tuple(sorted(d.items())))
        out[table] = sorted(norm, key=repr)
    return out


# --------------------------------------------------------------------------- comparison

def _diff_dict(prefix, ours, ref, out):
    for k in sorted(set(ours) | set(ref), key=str):
        if k not in ours:
            out.append(f"{prefix}{k}: missing in ours (MLflow has {ref[k]!r})")
        elif k not in ref:
            out.append(f"{prefix}{k}: extra in ours ({ours[k]!r})")
        elif ours[k] != ref[k]:
            out.append(f"{prefix}{k}: ours {ours[k]!r} != MLflow {ref[k]!r}")


def _compare_sqlite(ours: dict, ref: dict) -> list[str]:
    out = []
    ours_obj = ours["objects"]
    for key in sorted(set(ours_obj) | set(ref["objects"])):
        o, r = ours_obj.get(key), ref["objects"].get(key)
        if o is None or r is None:
            out.append(f"sqlite {key[0]} {key[1]}: {'missing in ours' if o is None else 'extra in ours'}")
            continue
        for attr in sorted(set(o) | set(r)):
            if o.get(attr) != r.get(attr):
                out.append(f"sqlite {key[0]} {key[1]}: {attr} ours {o.get(attr)!r} != MLflow {r.get(attr)!r}")
    for name, rt in ref["tables"].items():
        ot = ours["tables"].get(name)
        if ot is None:
            continue
        if ot["columns"] != rt["columns"]:
            out.append(f"table {name}: columns differ: ours {ot['columns']} MLflow {rt['columns']}")
        _diff_dict(f"table {name} index ", ot["indexes"], rt["indexes"], out)
        if ot["foreign_keys"] != rt["foreign_keys"]:
            out.append(f"table {name}: foreign keys differ: ours {ot['foreign_keys']} MLflow {rt['foreign_keys']}")
    return out


def _compare_mysql(ours: dict, ref: dict) -> list[str]:
    out = []
    keys = key_columns(ref)
    our_tables = ours["tables"]
    for name in sorted(set(our_tables) | set(ref["tables"])):
        if name not in our_tables:
            out.append(f"table {name}: missing in ours")
            continue
        if name not in ref["tables"]:
            out.append(f"table {name}: extra in ours")
            continue
        ot, rt = our_tables[name], ref["tables"][name]
        for attr in ("type", "engine", "collation", "auto_increment"):
            if ot[attr] != rt[attr]:
                out.append(f"table {name}: {attr} ours {ot[attr]!r} != MLflow {rt[attr]!r}")
        if ot["column_order"] != rt["column_order"]:
            out.append(f"table {name}: column order ours {ot['column_order']} != MLflow {rt['column_order']}")
        for cname in sorted(set(ot["columns"]) | set(rt["columns"])):
            oc, rc = ot["columns"].get(cname), rt["columns"].get(cname)
            if oc is None or rc is None:
                out.append(f"column {name}.{cname}: {'missing in ours' if oc is None else 'extra in ours'}")
                continue
            rc = dict(rc)
            if (name, cname) in keys:
                # intended: binary collation on key columns
                rc["collation"] = KEY_COLLATION
                rc["charset"] = "utf8mb4"
            for attr in rc:
                if oc[attr] != rc[attr]:
                    out.append(f"column {name}.{cname}: {attr} ours {oc[attr]!r} != expected {rc[attr]!r}")
        _diff_dict(f"table {name} index ", ot["indexes"], rt["indexes"], out)
        _diff_dict(f"table {name} foreign key ", ot["foreign_keys"], rt["foreign_keys"], out)
        _diff_dict(f"table {name} check ", ot["checks"], rt["checks"], out)
    _diff_dict("trigger ", ours["triggers"], ref["triggers"], out)
    if ours["routines"] != ref["routines"]:
        out.append(f"routines differ: ours {ours['routines']} MLflow {ref['routines']}")
    return out


def compare(vendor: str, our_uri: str, ref_uri: str) -> list[str]:
    """Unexpected differences between our schema+seed rows and MLflow's; [] when identical."""
    if vendor not in ("sqlite", "mysql"):
        raise ValueError(f"unknown vendor {vendor!r}")
    oc, rc = connect(vendor, our_uri), connect(vendor, ref_uri)
    try:
        if vendor == "sqlite":
            out = _compare_sqlite(introspect_sqlite(oc), introspect_sqlite(rc))
        else:
            out = _compare_mysql(introspect_mysql(oc), introspect_mysql(rc))
        _diff_dict("seed rows of ", seed_rows(vendor, oc), seed_rows(vendor, rc), out)
        return out
    finally:
        oc.close()
        rc.close()


def intended(vendor: str, our_uri: str, ref_uri: str) -> list[str]:
    if vendor != "mysql":
        return []
    oc, rc = connect(vendor, our_uri), connect(vendor, ref_uri)
    try:
        return intended_differences(introspect_mysql(oc), introspect_mysql(rc))
    finally:
        oc.close()
        rc.close()


# --------------------------------------------------------------------------- reference DBs

def make_reference(uri: str, artifact_root: str = "mlflow-artifacts:/") -> str:
    """Create MLflow's schema at ``uri`` with MLflow's own migrations (tracking + model registry).

    The database (file or empty MySQL schema) must exist or be creatable by SQLAlchemy; returns the
    alembic head found afterwards.
    """
    from mlflow.store.model_registry.sqlalchemy_store import SqlAlchemyStore as RegistryStore
    from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore as TrackingStore

    TrackingStore(uri, artifact_root)
    RegistryStore(uri)
    vendor = "sqlite" if uri.startswith("sqlite") else "mysql"
    conn = connect(vendor, uri)
    try:
        return _rows(conn, "SELECT version_num FROM alembic_version")[0][0]
    finally:
        conn.close()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("vendor", choices=["sqlite", "mysql", "make-ref"])
    p.add_argument("uris", nargs="+")
    p.add_argument("--show-intended", action="store_true", help="also list the intended collation changes")
    a = p.parse_args(argv)
    if a.vendor == "make-ref":
        print(make_reference(a.uris[0]))
        return 0
    if len(a.uris) != 2:
        p.error("need OUR_URI and REF_URI")
    diffs = compare(a.vendor, *a.uris)
    if a.show_intended:
        items = intended(a.vendor, *a.uris)
        print(f"intended differences ({len(items)}):")
        for d in items:
            print(f"  {d}")
    print(f"unexpected differences ({len(diffs)}):")
    for d in diffs:
        print(f"  {d}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
