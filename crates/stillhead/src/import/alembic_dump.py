"""stillhead's reader of an Alembic project (`stillhead import alembic`).

Run once per import by the user's Python interpreter, with the project's
folder (the one holding alembic.ini) as the working directory and one JSON
argument: {"config": "/abs/alembic.ini", "dialects": ["sqlite", ...]}.
Prints one JSON document on stdout: every revision's metadata and its SQL
per direction and dialect, or {"ok": false, "kind": ..., "message": ...}.

The SQL is Alembic's own offline ("--sql") output. For each dialect and
direction, Alembic runs once over the whole graph, exactly as
`alembic upgrade base:heads --sql` (or `downgrade heads:base --sql`) would:
Alembic orders the steps, merges and depends_on included. Each step's
`upgrade()`/`downgrade()` writes into a buffer of its own, swapped in
around that call only, so a revision's SQL is what its own operations
printed: no `-- Running upgrade` header, no alembic_version bookkeeping,
no BEGIN/COMMIT (those are written outside the step, or, for
`autocommit_block`, suppressed during it). A step that raises is recorded
with the reason and the SQL it printed before; the run goes on, as nothing
offline depends on an earlier step having succeeded.

Assumption: env.py's offline branch takes the URL from
`config.get_main_option("sqlalchemy.url")` (as `alembic init` writes it);
that option is set per dialect. A dialect mismatch is detected and
reported rather than silently producing another dialect's SQL.
"""

import inspect
import io
import json
import os
import re
import sys
import traceback

# Offline URLs for the dialects that are not the one of alembic.ini: only
# the dialect class is loaded, no driver is imported or connected.
OFFLINE_URLS = {
    "sqlite": "sqlite://",
    "postgres": "postgresql://",
    "mysql": "mysql://",
}

# SQLAlchemy backend names (the URL's scheme before "+") to stillhead's.
BACKENDS = {
    "sqlite": "sqlite",
    "postgresql": "postgres",
    "postgres": "postgres",
    "mysql": "mysql",
    "mariadb": "mysql",
}

MAX_REASON = 300


class Fatal(Exception):
    """Nothing can be read: the whole import fails with this message."""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind
        self.message = message


# The step whose upgrade()/downgrade() is running, with what it did that
# offline SQL cannot show; None between steps (env.py's own calls do not
# count).
CURRENT = {"notes": None}


def note(what):
    if CURRENT["notes"] is not None:
        CURRENT["notes"].add(what)


def describe(exc, script_path=None):
    """A short reason: the exception's type and first line, and the
    script's line where it was raised."""
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    # Alembic's messages go on to explain at length: the first sentence
    # says what happened.
    end = first.find(". ")
    if end > 40:
        first = first[: end + 1]
    reason = type(exc).__name__ + (": " + first if first else "")
    if len(reason) > MAX_REASON:
        reason = reason[: MAX_REASON - 3] + "..."
    if script_path is not None:
        want = os.path.realpath(str(script_path))
        lines = [
            frame.lineno
            for frame in traceback.extract_tb(exc.__traceback__)
            if os.path.realpath(frame.filename) == want
        ]
        if lines:
            reason += " (line %d)" % lines[-1]
    return reason


def split_tags(items):
    out = []
    for item in items:
        item = item.strip()
        if item and item not in out:
            out.append(item)
    return out


def tags_of(module, longdoc):
    """A module attribute `tags` (a list, or a comma-separated string), else
    a `Tags: a, b` line of the docstring. Alembic itself keeps no tags."""
    attr = getattr(module, "tags", None)
    if isinstance(attr, str):
        return split_tags(attr.split(","))
    if isinstance(attr, (list, tuple)):
        return split_tags([t for t in attr if isinstance(t, str)])
    if isinstance(attr, (set, frozenset)):
        return split_tags(sorted(t for t in attr if isinstance(t, str)))
    for line in longdoc.splitlines():
        m = re.match(r"\s*tags\s*:\s*(.*)$", line, re.IGNORECASE)
        if m:
            return split_tags(m.group(1).split(","))
    return []


def install_probes():
    """Wraps the few Alembic calls whose effect offline SQL cannot show, so
    that a step using them is flagged for review."""
    from alembic.operations import Operations
    from alembic.runtime.environment import EnvironmentContext
    from alembic.runtime.migration import MigrationContext

    def probe(cls, name, what):
        original = getattr(cls, name, None)
        if original is None:
            return

        def wrapper(*args, **kw):
            note(what)
            return original(*args, **kw)

        wrapper.__doc__ = original.__doc__
        setattr(cls, name, wrapper)

    probe(Operations, "get_bind", "get_bind")
    probe(EnvironmentContext, "get_bind", "get_bind")
    probe(EnvironmentContext, "is_offline_mode", "offline_check")
    probe(MigrationContext, "autocommit_block", "autocommit")


def relpath(path, base):
    try:
        return os.path.relpath(str(path), base).replace(os.sep, "/")
    except ValueError:  # another drive, on Windows
        return str(path)


def skipped_files(script, revision_paths, base):
    """Files in the version folders that Alembic does not load as revisions."""
    out = []
    recursive = bool(getattr(script, "recursive_version_locations", False))
    locations = getattr(script, "_version_locations", None) or [script.versions]
    for location in locations:
        location = str(location)
        if not os.path.isdir(location):
            continue
        for folder, dirs, files in os.walk(location):
            dirs[:] = sorted(
                d for d in dirs if d != "__pycache__" and not d.startswith(".")
            )
            for name in sorted(files):
                path = os.path.realpath(os.path.join(folder, name))
                if (
                    path in revision_paths
                    or name.startswith((".", "__init__."))
                    or name.endswith((".pyc", ".pyo", "~"))
                ):
                    continue
                if name.endswith(".py"):
                    reason = "Alembic does not load it as a revision"
                else:
                    reason = "not a Python script: Alembic ignores it"
                out.append({"file": relpath(path, base), "reason": reason})
            if not recursive:
                break
    return out


def backend_of(url):
    """stillhead's name for a URL's dialect, "" for none, or the backend's
    own name for one stillhead does not run."""
    if not url or not url.strip():
        return ""
    try:
        from sqlalchemy.engine import make_url

        backend = make_url(url).get_backend_name()
    except Exception:
        return ""
    if backend == "driver":  # alembic init's placeholder
        return ""
    return BACKENDS.get(backend, backend)


def run(script, make_config, ini_url, dialect, direction):
    """One offline run over the whole graph; each step's SQL on its own."""
    from alembic.runtime.environment import EnvironmentContext

    results = {}
    state = {"called": False}
    cfg = make_config(io.StringIO())
    if backend_of(ini_url) != dialect:
        cfg.set_main_option("sqlalchemy.url", OFFLINE_URLS[dialect])

    def capture(step, context):
        revision = step.revision
        original = step.migration_fn

        def migration_fn(**kw):
            impl = context.impl
            saved = impl.output_buffer
            own = io.StringIO()
            impl.output_buffer = own
            # autocommit_block() writes COMMIT ... BEGIN around its
            # statements; stillhead runs such a file outside a transaction.
            impl.emit_begin = impl.emit_commit = lambda: None
            notes = set()
            CURRENT["notes"] = notes
            error = None
            try:
                original(**kw)
            except Exception as exc:
                error = describe(exc, revision.path)
            finally:
                CURRENT["notes"] = None
                impl.output_buffer = saved
                del impl.emit_begin, impl.emit_commit
            results[revision.revision] = {
                "sql": own.getvalue(),
                "error": error,
                "notes": sorted(notes),
            }

        # The step's log line (`Running upgrade a -> b`) names the function.
        migration_fn.__name__ = getattr(original, "__name__", direction)
        step.migration_fn = migration_fn
        return step

    def steps(heads, context):
        state["called"] = True
        name = context.dialect.name
        got = BACKENDS.get(name, name)
        if got != dialect:
            raise Fatal(
                "project",
                "env.py configured offline mode for %s where %s was asked for: "
                "stillhead sets sqlalchemy.url per dialect, and env.py's "
                "run_migrations_offline() must pass "
                'config.get_main_option("sqlalchemy.url") to context.configure() '
                "(or import for %s only)" % (name, dialect, got),
            )
        if direction == "upgrade":
            todo = script._upgrade_revs("heads", heads)
        else:
            todo = script._downgrade_revs("base", heads)
        return [capture(step, context) for step in todo]

    if direction == "upgrade":
        starting, destination = None, "heads"
    else:
        heads = list(script.get_heads())
        # One head as the string older Alembic versions expect; several as
        # the list newer ones take.
        starting, destination = (heads[0] if len(heads) == 1 else heads), "base"
    with EnvironmentContext(
        cfg,
        script,
        fn=steps,
        as_sql=True,
        starting_rev=starting,
        destination_rev=destination,
    ):
        try:
            script.run_env()
        except Fatal:
            raise
        except Exception as exc:
            raise Fatal(
                "project",
                "%s --sql (%s) failed in %s: %s"
                % (
                    direction,
                    dialect,
                    relpath(script.env_py_location, os.getcwd()),
                    describe(exc),
                ),
            )
    if not state["called"]:
        raise Fatal(
            "project",
            "env.py did not run the migrations in offline mode "
            "(context.run_migrations() was not called when "
            "context.is_offline_mode() is true)",
        )
    return results


def read(request):
    try:
        import alembic
        from alembic import util
        from alembic.config import Config
        from alembic.script import ScriptDirectory
    except ImportError as exc:
        raise Fatal(
            "no_alembic",
            "%s (in %s, Python %s)"
            % (exc, sys.executable, sys.version.split()[0]),
        )

    config_path = request["config"]
    base = os.path.dirname(config_path)
    toml = os.path.join(base, "pyproject.toml")
    takes_toml = "toml_file" in inspect.signature(Config.__init__).parameters

    def make_config(buffer):
        # As the alembic command builds it: alembic.ini, and pyproject.toml
        # next to it where Alembic (1.16+) reads that too.
        kw = {"output_buffer": buffer}
        if takes_toml and os.path.exists(toml):
            kw["toml_file"] = toml
        return Config(config_path, **kw)

    cfg = make_config(None)
    try:
        script = ScriptDirectory.from_config(cfg)
        revisions = list(script.walk_revisions())
    except Exception as exc:
        raise Fatal("project", "cannot load the revisions: " + describe(exc))
    revisions.reverse()  # base first

    try:
        ini_url = cfg.get_main_option("sqlalchemy.url")
    except Exception:  # e.g. a bare % in the URL
        ini_url = None
    dialects = request["dialects"]
    if not dialects:
        backend = backend_of(ini_url)
        if backend == "":
            dialects = ["sqlite", "postgres", "mysql"]
        elif backend in OFFLINE_URLS:
            dialects = [backend]
        else:
            raise Fatal(
                "project",
                "sqlalchemy.url in %s is for %s, which stillhead does not run; "
                "name the dialects to produce SQL for (sqlite, postgres, mysql)"
                % (os.path.basename(config_path), backend),
            )

    out = []
    for rev in revisions:
        module = rev.module
        has = {}
        for direction in ("upgrade", "downgrade"):
            has[direction] = callable(getattr(module, direction, None))
            if not has[direction]:
                # Alembic needs the function to build the step: a stand-in
                # that says why, or (downgrade) an irreversible revision.
                def missing(direction=direction, **kw):
                    if direction == "upgrade":
                        raise AttributeError("the script has no upgrade()")

                setattr(module, direction, missing)
        deps = getattr(rev, "_resolved_dependencies", None)
        if deps is None:
            deps = util.to_tuple(rev.dependencies, default=())
        out.append(
            {
                "id": rev.revision,
                "down": list(util.to_tuple(rev.down_revision, default=())),
                "depends_on": list(deps),
                "branch_labels": list(
                    getattr(rev, "_orig_branch_labels", None)
                    or util.to_tuple(
                        getattr(module, "branch_labels", None), default=()
                    )
                ),
                "message": rev.doc,
                "tags": tags_of(module, rev.longdoc),
                "path": relpath(rev.path, base),
                "has_downgrade": has["downgrade"],
                "upgrade": {},
                "downgrade": {},
            }
        )

    if revisions:
        install_probes()
        for dialect in dialects:
            for direction in ("upgrade", "downgrade"):
                results = run(script, make_config, ini_url, dialect, direction)
                for entry in out:
                    entry[direction][dialect] = results.get(
                        entry["id"],
                        {
                            "sql": "",
                            "error": "Alembic did not run it in offline mode",
                            "notes": [],
                        },
                    )

    revision_paths = {os.path.realpath(str(rev.path)) for rev in revisions}
    return {
        "ok": True,
        "alembic": alembic.__version__,
        "dialects": dialects,
        "revisions": out,
        "skipped": skipped_files(script, revision_paths, base),
    }


def main():
    request = json.loads(sys.argv[1])
    out = sys.stdout
    # print() in env.py or a revision must not end up in the JSON.
    sys.stdout = sys.stderr
    # Like the alembic command: the working directory is not on sys.path
    # (a project's own `alembic/` folder must not shadow the package);
    # alembic.ini's prepend_sys_path puts it back where asked.
    sys.path[:] = [p for p in sys.path if p not in ("", os.getcwd())]
    try:
        result = read(request)
    except Fatal as exc:
        result = {"ok": False, "kind": exc.kind, "message": exc.message}
    except Exception as exc:
        result = {"ok": False, "kind": "project", "message": describe(exc)}
    out.write(json.dumps(result))
    out.write("\n")
    out.flush()


main()
