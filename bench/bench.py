#!/usr/bin/env python3
"""stillhead side by side with Alembic, sqlx-cli, refinery and dbmate.

Run through `bench/run` (which installs the peers first). Every scenario is
generated from one description (a list of migrations, a schema), written
out in each tool's own project format, run by each tool alternately, and
checked: each tool's final schema must equal stillhead's before its times
are reported. Prints one Markdown table per scenario (median wall time,
peak RSS, stillhead/other ratio) and writes them to bench/RESULTS.md.
"""

import argparse
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / ".work"
TOOLS = BENCH / ".tools"
STILLHEAD = ROOT / "target" / "release" / "stillhead"
VENV = BENCH / ".venv" / "bin"
# The tests' Alembic venv will do when bench/run has not made its own.
if not (VENV / "alembic").exists() and (ROOT / "target" / "tmp" / "alembic-venv" / "bin" / "alembic").exists():
    VENV = ROOT / "target" / "tmp" / "alembic-venv" / "bin"
SQLX = TOOLS / "bin" / "sqlx"
REFINERY = TOOLS / "bin" / "refinery"
# The npm package's `.bin/dbmate` is a Node.js launcher (~80 ms of its own);
# the Go binary it launches is measured.
DBMATE = TOOLS / "npm" / "node_modules" / "@dbmate" / f"linux-{'arm64' if platform.machine() == 'aarch64' else 'x64'}" / "bin" / "dbmate"
MEASURE = TOOLS / "bin" / "measure"
# Another build of stillhead (`bench/run --baseline REF`), measured beside
# this one where a change's cost is the question: (label, binary) or None.
BASELINE = None
PG = "127.0.0.1:5432"
PG_USER = "postgres"
MARIADB = "127.0.0.1:3306"
# The tools' own bookkeeping tables, left out when schemas are compared.
TOOL_TABLES = {
    "stillhead_version", "stillhead_version_log", "alembic_version", "_sqlx_migrations",
    "refinery_schema_history", "schema_migrations", "sqlite_sequence",
}


# --------------------------------------------------------------------------
# One description of a migration chain


@dataclass
class Migration:
    """One migration: upgrade and downgrade statements, plus graph edges."""
    rev: str
    message: str
    up: list
    down: list
    parents: list = field(default_factory=list)


def split_sql(text):
    """Statements of a simple SQL text (no semicolons inside strings at line ends)."""
    out = []
    for part in re.split(r";\s*\n", text + "\n"):
        lines = [l for l in part.splitlines() if l.strip() and not l.strip().startswith("--")]
        if lines:
            out.append("\n".join(lines).strip().rstrip(";"))
    return out


def shop_chain(dialect):
    """The shop example's seven migrations, for one dialect."""
    chain = []
    for path in sorted((ROOT / "examples" / "shop" / "migrations").glob("0*.sql")):
        header, sections, current = {}, {}, None
        for line in path.read_text().splitlines():
            m = re.match(r"--\s*([a-z-]+):\s*(.*)$", line)
            if current is None and m:
                header[m.group(1)] = m.group(2).strip()
                continue
            m = re.match(r"--\s*\+(upgrade|downgrade)\s*(?:dialect=(\w+))?", line.strip())
            if m:
                current = (m.group(1), m.group(2))
                sections[current] = []
                continue
            if current is not None and not re.match(r"--\s*\+statement-(begin|end)", line.strip()):
                sections[current].append(line)
        def part(kind):
            lines = sections.get((kind, dialect)) or sections.get((kind, None)) or []
            return split_sql("\n".join(lines))
        parents = [p.strip() for p in header.get("revises", "").split(",") if p.strip()]
        chain.append(Migration(header["revision"], header.get("message", ""), part("upgrade"), part("downgrade"), parents))
    return chain


def small_chain(n):
    """n small migrations cycling through create table / add column /
    create index / data update, each with its downgrade."""
    chain, tables = [], 0
    for i in range(1, n + 1):
        kind = i % 4
        if kind == 1 or tables == 0:
            tables += 1
            t = f"t{tables:05d}"
            up = [f"CREATE TABLE {t} (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)"]
            down = [f"DROP TABLE {t}"]
        elif kind == 2:
            t = f"t{tables:05d}"
            up = [f"ALTER TABLE {t} ADD COLUMN note VARCHAR(100)"]
            down = [f"ALTER TABLE {t} DROP COLUMN note"]
        elif kind == 3:
            t = f"t{tables:05d}"
            up = [f"CREATE INDEX {t}_name ON {t} (name)"]
            down = [f"DROP INDEX {t}_name"]
        else:
            t = f"t{tables:05d}"
            up = [f"INSERT INTO {t} (id, name) VALUES (1, 'one')", f"UPDATE {t} SET note = 'x' WHERE id = 1"]
            down = [f"DELETE FROM {t} WHERE id = 1"]
        parent = [chain[-1].rev] if chain else []
        chain.append(Migration(f"{i:05d}", f"step {i}", up, down, parent))
    return chain


def branching_graph(n):
    """n revisions: a trunk with a two-revision branch every 50 revisions
    that merges back, so history and heads walk merges and branch points."""
    chain, trunk = [], None
    i = 0
    while i < n:
        i += 1
        rev = f"r{i:06d}"
        chain.append(Migration(rev, f"rev {i}", ["SELECT 1"], ["SELECT 1"], [trunk] if trunk else []))
        if i % 50 == 0 and i + 3 <= n:
            base = rev
            b1 = f"r{i + 1:06d}"
            b2 = f"r{i + 2:06d}"
            chain.append(Migration(b1, "branch a", ["SELECT 1"], ["SELECT 1"], [base]))
            chain.append(Migration(b2, "branch b", ["SELECT 1"], ["SELECT 1"], [base]))
            m = f"r{i + 3:06d}"
            chain.append(Migration(m, "merge", [], [], [b1, b2]))
            i += 3
            trunk = m
        else:
            trunk = rev
    return chain


# --------------------------------------------------------------------------
# Databases

# Each tool's spelling of a database's URL. On PostgreSQL every tool goes
# without TLS: sqlx and dbmate are told so, refinery never uses it, and
# libpq's default (`prefer`, also stillhead's) would add a TLS handshake to
# Alembic's and stillhead's connections only.
URLS = {
    "sqlite": {
        "plain": "sqlite://{path}",
        "alembic": "sqlite:///{path}",
        "sqlx": "sqlite://{path}?mode=rwc",
        "refinery": "sqlite://{path}",
        "dbmate": "sqlite:{path}",
    },
    "postgres": {
        "plain": "postgres://{pg}?sslmode=disable",
        "alembic": "postgresql+psycopg2://{pg}?sslmode=disable",
        "sqlx": "postgres://{pg}?sslmode=disable",
        "refinery": "postgres://{pg}",
        "dbmate": "postgres://{pg}?sslmode=disable",
    },
    "mysql": {
        "plain": "mysql://{mysql}",
        "alembic": "mysql+pymysql://{mysql}",
        "sqlx": "mysql://{mysql}?ssl-mode=disabled",
        "refinery": "mysql://{mysql}",
        "dbmate": "mysql://{mysql}",
    },
}


@dataclass
class Db:
    """Where one tool's run goes: a SQLite file, a PostgreSQL or a MariaDB database."""
    dialect: str
    name: str

    def __post_init__(self):
        self.name = self.name.replace("-", "_")

    @property
    def path(self):
        return WORK / "db" / f"{self.name}.db"

    def reset(self):
        if self.dialect == "sqlite":
            self.path.parent.mkdir(parents=True, exist_ok=True)
            for suffix in ("", "-journal", "-wal", "-shm"):
                Path(str(self.path) + suffix).unlink(missing_ok=True)
            # An empty file is an empty database; refinery will not create one.
            self.path.touch()
        elif self.dialect == "mysql":
            mariadb("test", f"DROP DATABASE IF EXISTS {self.name}; CREATE DATABASE {self.name}")
        else:
            psql("test", f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
            psql("test", f"CREATE DATABASE {self.name}")

    def url(self, style="plain"):
        return URLS[self.dialect][style].format(
            path=self.path, pg=f"{PG_USER}@{PG}/{self.name}", mysql=f"root@{MARIADB}/{self.name}")

    def schema(self):
        """(table, column, type) of every user table, tool tables left out."""
        if self.dialect == "sqlite":
            con = sqlite3.connect(self.path)
            rows = []
            for (t,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
                if t in TOOL_TABLES:
                    continue
                for col in con.execute(f'PRAGMA table_info("{t}")'):
                    rows.append((t, col[1], col[2].upper()))
            idx = sorted(r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
            con.close()
            return rows, idx
        if self.dialect == "mysql":
            out = mariadb(self.name, "SELECT table_name, column_name, upper(data_type) FROM information_schema.columns "
                          f"WHERE table_schema = '{self.name}' ORDER BY 1, 2", capture=True)
            rows = [tuple(l.split("\t")) for l in out.splitlines() if l and l.split("\t")[0] not in TOOL_TABLES]
            idx = sorted(set(mariadb(self.name, "SELECT index_name FROM information_schema.statistics "
                                     f"WHERE table_schema = '{self.name}' AND index_name <> 'PRIMARY'", capture=True).split()))
            return rows, idx
        out = psql(self.name, "SELECT table_name, column_name, data_type FROM information_schema.columns "
                   "WHERE table_schema = 'public' ORDER BY 1, 2", capture=True)
        rows = [tuple(l.split("|")) for l in out.splitlines() if l and l.split("|")[0] not in TOOL_TABLES]
        idx = psql(self.name, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%pkey' "
                   "AND tablename NOT IN ('" + "','".join(TOOL_TABLES) + "') ORDER BY 1", capture=True).split()
        return rows, idx


def psql(db, sql, capture=False):
    r = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-h", "127.0.0.1", "-U", PG_USER, "-d", db, "-v", "ON_ERROR_STOP=1", "-c", sql],
                       capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"psql {db}: {r.stderr.strip()}")
    return r.stdout


def mariadb(db, sql, capture=False):
    r = subprocess.run(["mariadb", "--protocol=tcp", "-h", MARIADB.split(":")[0], "-P", MARIADB.split(":")[1], "-u", "root",
                        "-N", "-B", db, "-e", sql], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"mariadb {db}: {r.stderr.strip()}")
    return r.stdout


# --------------------------------------------------------------------------
# Each tool's project format


def write_stillhead(d, chain, db, transaction="all"):
    (d / "migrations").mkdir(parents=True)
    (d / "stillhead.toml").write_text(
        f'[database]\nurl = "{db.url()}"\n\n[migrations]\ndir = "migrations"\ntransaction = "{transaction}"\n')
    for m in chain:
        up = "".join(s + ";\n" for s in m.up)
        down = "".join(s + ";\n" for s in m.down)
        (d / "migrations" / f"{m.rev}.sql").write_text(
            f"-- revision: {m.rev}\n-- revises: {', '.join(m.parents)}\n-- message: {m.message}\n\n"
            f"-- +upgrade\n{up}\n-- +downgrade\n{down}")
    return [str(STILLHEAD), "--config", str(d / "stillhead.toml"), "-q"]


ALEMBIC_ENV = '''
from alembic import context
from sqlalchemy import engine_from_config, pool
config = context.config
target_metadata = None
try:
    import models
    target_metadata = models.metadata
except ImportError:
    pass
engine = engine_from_config(config.get_section(config.config_ini_section), prefix="sqlalchemy.", poolclass=pool.NullPool)
with engine.connect() as connection:
    context.configure(connection=connection, target_metadata=target_metadata, transaction_per_migration={per})
    with context.begin_transaction():
        context.run_migrations()
'''


def write_alembic(d, chain, db, transaction="all"):
    (d / "versions").mkdir(parents=True)
    (d / "alembic.ini").write_text(
        f"[alembic]\nscript_location = {d}\nprepend_sys_path = {d}\nsqlalchemy.url = {db.url('alembic')}\n"
        "[loggers]\nkeys = root\n[handlers]\nkeys = console\n[formatters]\nkeys = generic\n"
        "[logger_root]\nlevel = WARN\nhandlers = console\n[handler_console]\nclass = StreamHandler\n"
        "args = (sys.stderr,)\nformatter = generic\n[formatter_generic]\nformat = %(message)s\n")
    (d / "env.py").write_text(ALEMBIC_ENV.replace("{per}", str(transaction != "all")))
    (d / "script.py.mako").write_text('"""${message}"""\nrevision = ${repr(up_revision)}\ndown_revision = ${repr(down_revision)}\n'
                                     'branch_labels = None\ndepends_on = None\nfrom alembic import op\nimport sqlalchemy as sa\n'
                                     'def upgrade():\n    ${upgrades if upgrades else "pass"}\ndef downgrade():\n    ${downgrades if downgrades else "pass"}\n')
    for m in chain:
        down_rev = None if not m.parents else (m.parents[0] if len(m.parents) == 1 else tuple(m.parents))
        body = lambda stmts: "".join(f"    op.execute({s!r})\n" for s in stmts) or "    pass\n"
        (d / "versions" / f"{m.rev}.py").write_text(
            f"revision = {m.rev!r}\ndown_revision = {down_rev!r}\nbranch_labels = None\ndepends_on = None\n"
            f"from alembic import op\n\ndef upgrade():\n{body(m.up)}\ndef downgrade():\n{body(m.down)}")
    return [str(VENV / "alembic"), "-c", str(d / "alembic.ini")]


def write_sqlx(d, chain, db, transaction=None):
    (d / "migrations").mkdir(parents=True)
    for i, m in enumerate(chain, 1):
        (d / "migrations" / f"{i}_{m.rev}.up.sql").write_text("".join(s + ";\n" for s in m.up) or "SELECT 1;\n")
        (d / "migrations" / f"{i}_{m.rev}.down.sql").write_text("".join(s + ";\n" for s in m.down) or "SELECT 1;\n")
    return [str(SQLX), "migrate", "run", "--no-dotenv", "--source", str(d / "migrations"), "-D", db.url("sqlx")]


def write_refinery(d, chain, db, transaction=None):
    (d / "migrations").mkdir(parents=True)
    for i, m in enumerate(chain, 1):
        (d / "migrations" / f"V{i}__{m.rev}.sql").write_text("".join(s + ";\n" for s in m.up) or "SELECT 1;\n")
    return [str(REFINERY), "migrate", "-e", "REFINERY_DB_URL", "-p", str(d / "migrations")]


def write_dbmate(d, chain, db, transaction=None):
    (d / "migrations").mkdir(parents=True)
    for i, m in enumerate(chain, 1):
        up = "".join(s + ";\n" for s in m.up)
        down = "".join(s + ";\n" for s in m.down)
        (d / "migrations" / f"{i:08d}_{m.rev}.sql").write_text(f"-- migrate:up\n{up}\n-- migrate:down\n{down}")
    return [str(DBMATE), "--url", db.url("dbmate"), "--migrations-dir", str(d / "migrations"), "--no-dump-schema"]


def write_baseline(d, chain, db, transaction="all"):
    """stillhead's project, run by the baseline build (`--baseline`)."""
    cmd = write_stillhead(d, chain, db, transaction)
    return [str(BASELINE[1])] + cmd[1:]


TOOLS_BY_NAME = {
    "stillhead": (write_stillhead, ["upgrade", "head"]),
    "baseline": (write_baseline, ["upgrade", "head"]),
    "alembic": (write_alembic, ["upgrade", "head"]),
    "sqlx": (write_sqlx, []),
    "refinery": (write_refinery, []),
    "dbmate": (write_dbmate, ["migrate"]),
}


def env_for(db):
    env = dict(os.environ)
    env["REFINERY_DB_URL"] = db.url("refinery")
    env.pop("DATABASE_URL", None)
    return env


# --------------------------------------------------------------------------
# Measuring


def run_measured(cmd, env=None, cwd=None, stdin=None):
    """(seconds, peak RSS in MB) of one run, taken by bench/measure.c around
    the command alone; raises if the command fails."""
    proc = subprocess.run([str(MEASURE)] + [str(c) for c in cmd], env=env, cwd=cwd, stdin=stdin,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.decode(errors="replace")
    m = re.search(r"\nMEASURE ([0-9.]+) ([0-9]+)\n?$", err)
    if proc.returncode != 0 or not m:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}): {err.strip()[:800]}")
    return float(m.group(1)), int(m.group(2)) / 1024


@dataclass
class Result:
    tool: str
    times: list = field(default_factory=list)
    rss: list = field(default_factory=list)
    note: str = ""

    def __post_init__(self):
        if self.tool == "baseline" and BASELINE:
            self.tool = f"stillhead {BASELINE[0]}"

    @property
    def median(self):
        return statistics.median(self.times) if self.times else float("nan")


def fmt_time(s):
    if s != s:
        return "—"
    if s < 1:
        return f"{s * 1000:.1f} ms"
    return f"{s:.2f} s"


def table(title, results, baseline="stillhead"):
    base = next((r for r in results if r.tool == baseline), None)
    lines = [f"### {title}", "", "| tool | median | peak RSS | stillhead / tool | runs |", "|---|---:|---:|---:|---:|"]
    for r in results:
        ratio = "—"
        if base and r.times and base.times and r.tool != baseline:
            ratio = f"{base.median / r.median:.3f}"
        rss = f"{max(r.rss):.1f} MB" if r.rss else "—"
        note = f" ({r.note})" if r.note else ""
        lines.append(f"| {r.tool}{note} | {fmt_time(r.median)} | {rss} | {ratio} | {len(r.times)} |")
    text = "\n".join(lines) + "\n"
    print(text, flush=True)
    return text


def tool_available(tool):
    if tool == "baseline":
        return BASELINE is not None and BASELINE[1].exists()
    path = {"alembic": VENV / "alembic", "sqlx": SQLX, "refinery": REFINERY, "dbmate": DBMATE, "stillhead": STILLHEAD}[tool]
    return path.exists()


def prepare(tool, chain, dialect, scenario, transaction="all"):
    d = WORK / scenario / tool
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    db = Db(dialect, f"bench_{scenario}_{tool}")
    writer, args = TOOLS_BY_NAME[tool]
    base = writer(d, chain, db, transaction)
    return db, base + args, d


def prepare_base(tool, chain, dialect, scenario):
    """Like `prepare`, but the command without its "migrate to head" words."""
    db, cmd, d = prepare(tool, chain, dialect, scenario)
    return db, cmd[: len(cmd) - len(TOOLS_BY_NAME[tool][1])], d


def check_same_schema(reference, others):
    want = reference.schema()
    for name, db in others:
        got = db.schema()
        if got != want:
            raise RuntimeError(f"{name}: final schema differs from stillhead's: "
                               f"{sorted(set(got[0]) ^ set(want[0]))[:5]} {sorted(set(got[1]) ^ set(want[1]))[:5]}")


def startup_at_head(chain, dialect, label, tools, rounds):
    """Each tool brings its own database to head once, then every tool runs
    `upgrade head` again `rounds` times, alternately."""
    setups = {}
    for tool in tools:
        db, cmd, d = prepare(tool, chain, dialect, f"startup_{label}_{dialect}")
        db.reset()
        run_measured(cmd, env=env_for(db), cwd=d)
        setups[tool] = (db, cmd, d)
    check_same_schema(setups["stillhead"][0], [(t, s[0]) for t, s in setups.items() if t != "stillhead"])
    results = {t: Result(t) for t in tools}
    for _ in range(rounds):
        for tool, (db, cmd, d) in setups.items():
            t, rss = run_measured(cmd, env=env_for(db), cwd=d)
            results[tool].times.append(t)
            results[tool].rss.append(rss)
    return table(f"Start-up at head: {label} ({len(chain)} migrations), {dialect}", list(results.values()))


def raw_floor_script(chain, per_migration):
    out = []
    if not per_migration:
        out.append("BEGIN;")
    for m in chain:
        if per_migration:
            out.append("BEGIN;")
        out.extend(s + ";" for s in m.up)
        if per_migration:
            out.append("COMMIT;")
    if not per_migration:
        out.append("COMMIT;")
    return "\n".join(out) + "\n"


def apply_chain(chain, dialect, tools, rounds, per_migration):
    mode = "per-migration" if per_migration else "all"
    label = f"apply_{dialect}_{mode}"
    setups = {}
    for tool in tools:
        setups[tool] = prepare(tool, chain, dialect, label, "per-migration" if per_migration else "all")
    floor_dir = WORK / label / "floor"
    floor_dir.mkdir(parents=True, exist_ok=True)
    script = floor_dir / "all.sql"
    script.write_text(raw_floor_script(chain, per_migration))
    floor_db = Db(dialect, f"bench_{label}_floor")
    client = {"sqlite": "sqlite3", "postgres": "psql", "mysql": "mariadb"}[dialect]
    results = {t: Result(t) for t in tools}
    floor = Result(f"{client} (floor)")
    for r in range(rounds):
        for tool, (db, cmd, d) in setups.items():
            db.reset()
            t, rss = run_measured(cmd, env=env_for(db), cwd=d)
            results[tool].times.append(t)
            results[tool].rss.append(rss)
        floor_db.reset()
        with open(script) as f:
            if dialect == "sqlite":
                t, rss = run_measured(["sqlite3", "-bail", str(floor_db.path)], stdin=f)
            elif dialect == "mysql":
                t, rss = run_measured(["mariadb", "--protocol=tcp", "-h", MARIADB.split(":")[0], "-P", MARIADB.split(":")[1],
                                       "-u", "root", floor_db.name], stdin=f)
            else:
                t, rss = run_measured(["psql", "-X", "-q", "-h", "127.0.0.1", "-U", PG_USER, "-d", floor_db.name, "-v", "ON_ERROR_STOP=1"], stdin=f)
        floor.times.append(t)
        floor.rss.append(rss)
        if r == 0:
            check_same_schema(setups["stillhead"][0], [(t, s[0]) for t, s in setups.items() if t != "stillhead"] + [("floor", floor_db)])
    return table(f"Apply {len(chain)} migrations from empty, {dialect}, one transaction {'per migration' if per_migration else 'for the run'}",
                 [floor] + list(results.values()))


def graph(n_list, rounds, with_alembic):
    out = []
    for n in n_list:
        chain = branching_graph(n)
        db = Db("sqlite", f"bench_graph_{n}")
        results = []
        tools = ["stillhead"] + (["alembic"] if with_alembic and n <= 10000 else [])
        for tool in tools:
            _, base, d = prepare_base(tool, chain, "sqlite", f"graph_{n}")
            for cmd in (["history"], ["heads"]):
                r = Result(f"{tool} {cmd[0]}")
                for _ in range(rounds if tool == "stillhead" else max(1, rounds // 3)):
                    t, rss = run_measured(base + cmd, env=env_for(db), cwd=d)
                    r.times.append(t)
                    r.rss.append(rss)
                results.append(r)
        out.append(table(f"Graph: {len(chain)} revisions (branches and merges every 50), `history` and `heads`", results, baseline="stillhead history"))
    return "".join(out)


# --------------------------------------------------------------------------
# Autogenerate


COLS = [("name", "VARCHAR(100) NOT NULL", "sa.String(100), nullable=False"),
        ("qty", "INTEGER", "sa.Integer()"),
        ("price", "NUMERIC(10, 2)", "sa.Numeric(10, 2)"),
        ("created", "TIMESTAMP", "sa.DateTime()"),
        ("flag", "BOOLEAN", "sa.Boolean()")]


def wide_schema_sql(n, extra):
    parts = []
    for i in range(n):
        cols = ",\n    ".join(f"{c} {t}" for c, t, _ in COLS)
        ref = f",\n    prev_id INTEGER REFERENCES w{i - 1:04d}(id)" if i else ""
        add = ",\n    extra VARCHAR(20)" if extra and i == 0 else ""
        parts.append(f"CREATE TABLE w{i:04d} (\n    id INTEGER PRIMARY KEY,\n    {cols}{ref}{add}\n);\nCREATE INDEX w{i:04d}_name ON w{i:04d} (name);\n")
    return "\n".join(parts)


def wide_models_py(n, extra):
    lines = ["import sqlalchemy as sa", "metadata = sa.MetaData()"]
    for i in range(n):
        cols = ", ".join(f"sa.Column({c!r}, {sa})" for c, _, sa in COLS)
        ref = f", sa.Column('prev_id', sa.Integer(), sa.ForeignKey('w{i - 1:04d}.id'))" if i else ""
        add = ", sa.Column('extra', sa.String(20))" if extra and i == 0 else ""
        lines.append(f"sa.Table('w{i:04d}', metadata, sa.Column('id', sa.Integer(), primary_key=True), {cols}{ref}{add}, "
                     f"sa.Index('w{i:04d}_name', 'name'))")
    return "\n".join(lines) + "\n"


def timed_autogenerate(tools, cwd, folder, pattern, rounds):
    """Runs `revision --autogenerate` `rounds` times with each of `tools`
    ((name, base command) pairs, alternately), removing the file it wrote
    (matching `pattern` in `folder`) before each run; returns the timings
    and the text of the last file written."""
    results = [Result(name) for name, _ in tools]
    for _ in range(rounds):
        for r, (_, base) in zip(results, tools):
            for f in folder.glob(pattern):
                f.unlink()
            t, rss = run_measured(base + ["revision", "--autogenerate", "-m", "add extra"], cwd=cwd)
            r.times.append(t)
            r.rss.append(rss)
    return results, next(folder.glob(pattern)).read_text()


def with_baseline(name, base):
    """`[(name, base)]`, plus the same command run by the baseline build."""
    tools = [(name, base)]
    if BASELINE:
        label, binary = BASELINE
        tools.append((f"{name} {label}", [str(binary)] + base[1:]))
    return tools


def autogenerate(n, dialect, rounds, with_alembic):
    chain = [Migration("0001", "wide", split_sql(wide_schema_sql(n, False)), [f"DROP TABLE w{i:04d}" for i in reversed(range(n))])]
    label = f"autogen_{n}_{dialect}"
    results = []
    db, base, d = prepare_base("stillhead", chain, dialect, label)
    db.reset()
    run_measured(base + ["upgrade", "head"], cwd=d)
    (d / "schema.sql").write_text(wide_schema_sql(n, True))
    rs, text = timed_autogenerate(with_baseline("stillhead", base), d, d / "migrations", "0002*", rounds)
    assert "extra" in text and "CREATE TABLE" not in text, text
    results.extend(rs)
    if with_alembic:
        adb, abase, ad = prepare_base("alembic", [Migration("0001", "wide", [], [])], dialect, label)
        adb.reset()
        for stmt in split_sql(wide_schema_sql(n, False)):
            if dialect == "sqlite":
                con = sqlite3.connect(adb.path)
                con.execute(stmt)
                con.commit()
                con.close()
            elif dialect == "mysql":
                mariadb(adb.name, stmt)
            else:
                psql(adb.name, stmt)
        run_measured(abase + ["stamp", "head"], cwd=ad)
        (ad / "models.py").write_text(wide_models_py(n, True))
        (ra,), atext = timed_autogenerate([("alembic", abase)], ad, ad / "versions", "*add_extra*", max(1, rounds // 2))
        ra.note = f"{atext.count('op.')} ops"
        results.append(ra)
    return table(f"Autogenerate: {n} tables, one column added, {dialect}", results)


# --------------------------------------------------------------------------
# Scratch databases


def scratch_cost(dialect, rounds):
    """What a scratch database costs: `check` on the shop at head (its
    schema.sql loaded in one scratch database, read and dropped), `test` on
    the shop chain (one scratch database, 21 steps), and the server's own
    client creating and dropping a database (the floor). With a baseline
    build, the same commands by it."""
    label = f"scratch_{dialect}"
    db, base, d = prepare_base("stillhead", shop_chain(dialect), dialect, label)
    db.reset()
    run_measured(base + ["upgrade", "head"], cwd=d)
    shutil.copy(ROOT / "examples" / "shop" / "schema.sql", d / "schema.sql")
    floor = Result(f"{'psql' if dialect == 'postgres' else 'mariadb'}: CREATE + DROP DATABASE")
    tools = with_baseline("stillhead", base)
    checks = [Result(f"{name} check (shop at head)") for name, _ in tools]
    tests = [Result(f"{name} test (shop, 7 migrations)") for name, _ in tools]
    for i in range(rounds):
        for (_, cmd), c, t in zip(tools, checks, tests):
            for r, args in ((c, ["check"]), (t, ["test"])):
                secs, rss = run_measured(cmd + args, cwd=d)
                r.times.append(secs)
                r.rss.append(rss)
        name = f"bench_scratch_floor_{i}"
        if dialect == "postgres":
            cmd = ["psql", "-X", "-q", "-h", "127.0.0.1", "-U", PG_USER, "-d", "test", "-v", "ON_ERROR_STOP=1",
                   "-c", f"CREATE DATABASE {name} TEMPLATE template0", "-c", f"DROP DATABASE {name}"]
        else:
            cmd = ["mariadb", "--protocol=tcp", "-h", "127.0.0.1", "-P", "3306", "-u", "root", "-e",
                   f"CREATE DATABASE {name}; DROP DATABASE {name}"]
        secs, rss = run_measured(cmd)
        floor.times.append(secs)
        floor.rss.append(rss)
    return (table(f"Scratch databases: check on the shop at head, {dialect}", checks + [floor],
                  baseline=checks[0].tool)
            + "\n" + table(f"Scratch databases: test on the shop, {dialect}", tests, baseline=tests[0].tool))


# --------------------------------------------------------------------------
# SQLite table rebuild


def rebuild(rows, rounds):
    d = WORK / "rebuild"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    seed = d / "seed.db"
    con = sqlite3.connect(seed)
    con.executescript("""
        CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id), v TEXT NOT NULL);
        CREATE INDEX child_parent ON child (parent_id);
    """)
    con.executemany("INSERT INTO parent VALUES (?, ?)", ((i, f"p{i}") for i in range(1, 1001)))
    con.executemany("INSERT INTO child VALUES (?, ?, ?)", ((i, i % 1000 + 1, f"value {i}") for i in range(1, rows + 1)))
    con.commit()
    con.close()
    # stillhead: the database is at head of an empty chain; schema.sql
    # changes the foreign key; autogenerate writes the rebuild.
    proj = d / "stillhead"
    (proj / "migrations").mkdir(parents=True)
    (proj / "stillhead.toml").write_text(f'[database]\nurl = "sqlite://{d / "work.db"}"\n')
    shutil.copy(seed, d / "work.db")
    subprocess.run([STILLHEAD, "--config", proj / "stillhead.toml", "-q", "stamp", "base"], check=True)
    (proj / "schema.sql").write_text("""
        CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON DELETE CASCADE, v TEXT NOT NULL);
        CREATE INDEX child_parent ON child (parent_id);
    """)
    subprocess.run([STILLHEAD, "--config", proj / "stillhead.toml", "-q", "revision", "--autogenerate", "-m", "cascade"], check=True,
                   capture_output=True)
    shutil.copy(d / "work.db", d / "stamped.db")
    hand = d / "hand.sql"
    hand.write_text("""PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE new_child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id) ON DELETE CASCADE, v TEXT NOT NULL);
INSERT INTO new_child (id, parent_id, v) SELECT id, parent_id, v FROM child;
DROP TABLE child;
ALTER TABLE new_child RENAME TO child;
CREATE INDEX child_parent ON child (parent_id);
PRAGMA foreign_key_check;
COMMIT;
PRAGMA foreign_keys = ON;
""")
    sh, raw = Result("stillhead"), Result("sqlite3 (hand-written)")
    for _ in range(rounds):
        shutil.copy(d / "stamped.db", d / "work.db")
        t, rss = run_measured([STILLHEAD, "--config", proj / "stillhead.toml", "-q", "upgrade", "head"])
        sh.times.append(t)
        sh.rss.append(rss)
        shutil.copy(seed, d / "hand.db")
        with open(hand) as f:
            t, rss = run_measured(["sqlite3", "-bail", str(d / "hand.db")], stdin=f)
        raw.times.append(t)
        raw.rss.append(rss)
    a, b = Db("sqlite", "x"), Db("sqlite", "y")
    a.path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(d / "work.db", a.path)
    shutil.copy(d / "hand.db", b.path)
    check_same_schema(a, [("hand-written", b)])
    return table(f"SQLite table rebuild: change a foreign key of a {rows:,}-row table", [raw, sh], baseline="stillhead")


# --------------------------------------------------------------------------


def fleet(n_tenants, n_alembic, rounds):
    """Tenants per second: one PostgreSQL database with `n_tenants` schemas,
    the shop chain applied to every one by `--all-targets --jobs J`, beside a
    shell loop of one `stillhead upgrade head` process per tenant and, as the
    outside anchor, Alembic in a loop over `n_alembic` schemas."""
    chain = shop_chain("postgres")
    db = Db("postgres", "bench_fleet")
    schemas = [f"tenant_{i:04}" for i in range(n_tenants)]

    def reset(names):
        db.reset()
        psql(db.name, "".join(f"CREATE SCHEMA {s};" for s in names))

    d = WORK / "fleet"
    shutil.rmtree(d, ignore_errors=True)
    cmd = write_stillhead(d / "stillhead", chain, db)
    with open(d / "stillhead" / "stillhead.toml", "a") as f:
        f.write('\n[fleet]\npostgres_schemas = "tenant\\\\_%"\n')
    rows = []
    for jobs in (1, 2, 4, 8):
        times = []
        for _ in range(rounds):
            reset(schemas)
            t, _ = run_measured(cmd + ["upgrade", "head", "--all-targets", "--jobs", str(jobs)])
            times.append(t)
        t = statistics.median(times)
        rows.append((f"stillhead --all-targets --jobs {jobs}", n_tenants, t, n_tenants / t))
    # One process per tenant, one after another.
    reset(schemas)
    start = time.perf_counter()
    for s in schemas:
        run_measured(cmd + ["--url", f"{db.url()}&schema={s}", "upgrade", "head"])
    t = time.perf_counter() - start
    rows.append(("shell loop: stillhead upgrade head per tenant", n_tenants, t, n_tenants / t))
    if tool_available("alembic"):
        few = schemas[:n_alembic]
        reset(few)
        start = time.perf_counter()
        for s in few:
            ad = d / "alembic" / s
            cmd_a = write_alembic(ad, chain, db)
            ini = ad / "alembic.ini"
            url = db.url("alembic")
            ini.write_text(ini.read_text().replace(url, url + f"&options=-csearch_path%%3D{s}"))
            run_measured(cmd_a + ["upgrade", "head"])
        t = time.perf_counter() - start
        rows.append((f"alembic upgrade head per tenant (loop over {n_alembic})", n_alembic, t, n_alembic / t))
    out = [f"### Fleet: the shop chain on {n_tenants} PostgreSQL schemas of one database", "",
           "| how | tenants | wall | tenants/s |", "|---|---:|---:|---:|"]
    for how, n, t, rate in rows:
        out.append(f"| {how} | {n} | {fmt_time(t)} | {rate:.1f} |")
    base = rows[0][3]
    out.append("")
    out.append(f"--jobs 4 against --jobs 1: {rows[2][3] / base:.2f}x. "
               + (f"Per tenant against Alembic: {rows[2][3] / rows[-1][3]:.1f}x." if tool_available("alembic") else "Alembic not installed."))
    return "\n".join(out) + "\n"


def versions():
    def out(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            return "not installed"
    return {
        "stillhead": out([str(STILLHEAD), "--version"]),
        "alembic": out([str(VENV / "python"), "-c", "import alembic, sqlalchemy; print('alembic', alembic.__version__, 'SQLAlchemy', sqlalchemy.__version__)"]),
        "sqlx-cli": out([str(SQLX), "--version"]),
        "refinery": out([str(REFINERY), "--version"]),
        "dbmate": out([str(DBMATE), "--version"]),
        "sqlite3": out(["sqlite3", "--version"]),
        "psql": out(["psql", "--version"]),
        "mariadb": out(["mariadb", "--version"]),
    }


def binary_sizes():
    """The size of each tool's binary as installed: stillhead's release
    profile (what `cargo install` builds) and its dist profile (the
    download), beside the peers' own."""
    rows = [("stillhead (release: stripped)", STILLHEAD),
            ("stillhead (dist: stripped, thin LTO, 1 codegen unit)", ROOT / "target" / "dist" / "stillhead"),
            ("sqlx-cli (cargo install, sqlite,postgres,mysql,rustls)", SQLX),
            ("refinery_cli (cargo install)", REFINERY),
            ("dbmate (npm's linux binary)", DBMATE)]
    lines = ["### Binary size", "",
             "As installed on this machine; smaller is a faster download and start.", "",
             "| binary | size |", "|---|---|"]
    for label, path in rows:
        size = f"{path.stat().st_size / 1e6:.1f} MB" if path.exists() else "not built"
        lines.append(f"| {label} | {size} |")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=7, help="runs per tool and scenario (median reported)")
    ap.add_argument("--quick", action="store_true", help="smaller chains and fewer rounds, for a smoke run")
    ap.add_argument("--only", help="comma list of scenarios: startup,apply,graph,autogen,scratch,rebuild,fleet,size")
    ap.add_argument("--out", default=str(BENCH / "RESULTS.md"))
    ap.add_argument("--baseline-bin", help="another stillhead binary, measured beside this one in autogen and scratch")
    ap.add_argument("--baseline-label", default="baseline", help="its name in the tables")
    args = ap.parse_args()
    global BASELINE
    if args.baseline_bin:
        BASELINE = (args.baseline_label, Path(args.baseline_bin))
    only = set((args.only or "startup,apply,graph,autogen,scratch,rebuild,fleet,size").split(","))
    rounds = 3 if args.quick else args.rounds
    n_chain = 100 if args.quick else 1000
    peers = [t for t in ["stillhead", "baseline", "alembic", "sqlx", "refinery", "dbmate"] if tool_available(t)]
    missing = [t for t in ["alembic", "sqlx", "refinery", "dbmate"] if t not in peers]
    sections = []
    criterion = ROOT / "target" / "startup-bench.txt"
    if "startup" in only and not args.quick and criterion.exists():
        # Written by bench/run just before: the library's in-process check.
        times = [l.strip() for l in criterion.read_text().splitlines() if "time:" in l]
        if times:
            sections.append("### Library start-up check (criterion, `bench/startup`)\n\n"
                            "`stillhead::upgrade_to_head` with the shop's migrations embedded, SQLite at head, in process "
                            f"(low, median, high estimate):\n\n    {times[0]}\n")
    if "startup" in only:
        for dialect in ("sqlite", "postgres", "mysql"):
            sections.append(startup_at_head(shop_chain(dialect), dialect, "shop", peers, rounds))
            sections.append(startup_at_head(small_chain(n_chain), dialect, "chain", peers, rounds))
    if "apply" in only:
        for dialect in ("sqlite", "postgres"):
            # sqlx, refinery and dbmate commit per migration: they run in that table.
            sections.append(apply_chain(small_chain(n_chain), dialect, [t for t in ["stillhead", "baseline", "alembic"] if t in peers],
                                        max(3, rounds // 2), False))
            sections.append(apply_chain(small_chain(n_chain), dialect, peers, max(3, rounds // 2), True))
        # MariaDB commits every DDL statement implicitly: "one transaction for
        # the run" does not exist there, so only the per-migration table.
        sections.append(apply_chain(small_chain(n_chain), "mysql", peers, max(3, rounds // 2), True))
    if "graph" in only:
        sections.append(graph([1000, 10000] if args.quick else [1000, 10000, 100000], rounds, "alembic" in peers))
    if "autogen" in only:
        for dialect in ("sqlite", "postgres", "mysql"):
            for n in ((50,) if args.quick else (200, 500)):
                sections.append(autogenerate(n, dialect, rounds, "alembic" in peers))
    if "scratch" in only:
        for dialect in ("postgres", "mysql"):
            sections.append(scratch_cost(dialect, rounds))
    if "rebuild" in only:
        sections.append(rebuild(100_000 if args.quick else 1_000_000, max(3, rounds // 2)))
    if "size" in only:
        sections.append(binary_sizes())
    if "fleet" in only:
        sections.append(fleet(100 if args.quick else 1000, 10 if args.quick else 50, 1 if args.quick else 2))
    head = ["# stillhead benchmarks", "",
            f"Taken {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.node()} "
            f"({os.cpu_count()} cores, {platform.platform()}), by `bench/run`{' --quick' if args.quick else ''}; "
            f"{rounds} rounds, tools run alternately, median wall time including process start.", ""]
    head += [f"- {k}: {v}" for k, v in versions().items()]
    if BASELINE:
        head.append(f"- baseline: stillhead {BASELINE[0]} ({BASELINE[1]})")
    if missing:
        head.append(f"- not installed, left out: {', '.join(missing)}")
    head.append("")
    Path(args.out).write_text("\n".join(head) + "\n" + "\n".join(sections))
    print(f"written to {args.out}")


if __name__ == "__main__":
    sys.exit(main())
