"""Test databases: migrate a template once, then give each test process a copy of it.

Applying the migrations takes 20 to 40 seconds, nearly all of it Django rendering model
states, and each xdist worker used to pay it on every run. Now the first process that
needs the database migrates a template and every process copies it, which takes well
under a second. Later runs copy the same template for as long as what migrating writes
stays the same: the migrations, the project code their data migrations import, Django's
version and the date (a data migration installs the current year's catalogue).
With --create-db each process migrates a database of its own instead, sharing nothing.

On SQLite the template is a file (the copies stay in memory); on PostgreSQL it is a
database, `<test database>_template`, that each process clones with CREATE DATABASE …
TEMPLATE, as Django's parallel test runner does.
"""

import ast
import fcntl
import hashlib
import importlib.util
import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import django
from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

PROJECT = Path(settings.BASE_DIR).resolve()
CHECKOUT = hashlib.sha256(str(PROJECT).encode()).hexdigest()[:8]
# Outside the checkout, shared by the test runs of this machine: each checkout's SQLite
# template, and the locks (a PostgreSQL template serves every checkout that names it).
CACHE = Path(tempfile.gettempdir()) / "test-databases"


def set_up(*, fresh: bool, worker: str, serialize: bool) -> Callable:
    """Give this process (xdist's `worker`) its own test database; return what removes it.

    fresh: migrate it from scratch instead of copying the template.
    serialize: keep its rows for the tests that roll back with serialized_rollback.
    """
    connection = connections["default"]
    if fresh:
        remove = _migrate_own_database(connection, worker)
    else:
        remove = _copy_template(connection, worker)
    if serialize:
        connection._test_serialized_contents = (
            connection.creation.serialize_db_to_string()
        )
    return remove


def prepare() -> None:
    """Migrate the template now if it is out of date (`make test` does, beside the lint)."""
    with _current_template(connections["default"]):
        pass


def _copy_template(connection, worker: str) -> Callable:
    with _current_template(connection) as template:
        return template.copy(worker)


@contextmanager
def _current_template(connection) -> Iterator["SQLiteTemplate | PostgreSQLTemplate"]:
    """Hold the template's lock, having migrated it anew if what migrating reads changed.

    The xdist workers and any other test run of this checkout take turns here, so only
    one of them migrates the template.
    """
    template = TEMPLATES[connection.vendor](connection)
    fingerprint = migrations_fingerprint()
    with _locked(CACHE / f"{template.lock_name}.lock"):
        if template.stamp() != fingerprint:
            template.build(stamp=fingerprint)
        yield template


def _migrate_own_database(connection, worker: str) -> Callable:
    original_name = connection.settings_dict["NAME"]
    test_settings = connection.settings_dict["TEST"]
    # An in-memory SQLite database is the process's own already.
    if connection.vendor != "sqlite":
        test_name = test_settings["NAME"] or f"test_{original_name}"
        test_settings["NAME"] = f"{test_name}_{worker}_{os.getpid()}"
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return lambda: connection.creation.destroy_test_db(original_name, verbosity=0)


def migrations_fingerprint() -> str:
    """Return a digest of everything migrating a database reads."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    files = {
        Path(sys.modules[migration.__module__].__file__)
        for migration in loader.disk_migrations.values()
    }
    # The schema is all in the migrations; the rows the data migrations write come from
    # the code they call as well.
    data_migrations = {path for path in files if b"RunPython" in path.read_bytes()}
    files |= _project_imports(data_migrations)
    digest = hashlib.sha256(f"{django.__version__} {timezone.localdate()}".encode())
    for path in sorted(files):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _project_imports(files: set[Path]) -> set[Path]:
    """Return the project's modules that the files import, and what those import."""
    found: set[Path] = set()
    pending = list(files)
    while pending:
        tree = ast.parse(pending.pop().read_bytes())
        for name in _imported_names(tree):
            path = _project_module(name)
            if path and path not in found:
                found.add(path)
                pending.append(path)
    return found


def _imported_names(tree: ast.Module) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module
            # `from core import roles` imports the module core.roles.
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _project_module(name: str) -> Path | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return None
    path = Path(spec.origin).resolve()
    is_ours = path.is_relative_to(PROJECT) and ".venv" not in path.parts
    return path if is_ours else None


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the file while in the block."""
    path.parent.mkdir(exist_ok=True)
    with path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


class SQLiteTemplate:
    """A file next to the lock; each process copies it into its in-memory database."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.lock_name = f"sqlite-{CHECKOUT}-{connection.alias}"
        self.path = CACHE / f"{self.lock_name}.sqlite3"
        self.stamp_path = CACHE / f"{self.lock_name}.stamp"
        self.built = False

    def stamp(self) -> str | None:
        if not (self.path.exists() and self.stamp_path.exists()):
            return None
        return self.stamp_path.read_text()

    def build(self, *, stamp: str) -> None:
        # Migrate in memory, as the tests run, and save a copy.
        creation = self.connection.creation
        self.original_name = self.connection.settings_dict["NAME"]
        creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        partial = self.path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        saved = sqlite3.connect(partial)
        self.connection.connection.backup(saved)
        saved.close()
        os.replace(partial, self.path)
        self.stamp_path.write_text(stamp)
        self.built = True

    def copy(self, worker: str) -> Callable:
        if not self.built:
            self.original_name = self.connection.settings_dict["NAME"]
            in_memory = self.connection.creation._get_test_db_name()
            _point_at(self.connection, in_memory)
            self.connection.ensure_connection()
            template = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            template.backup(self.connection.connection)
            template.close()
        # An in-memory database goes with the process: only the name comes back.
        return lambda: self.connection.creation.destroy_test_db(
            self.original_name, verbosity=0
        )


class PostgreSQLTemplate:
    """A database `<test database>_template`; the stamp is its comment."""

    def __init__(self, connection) -> None:
        self.connection = connection
        test_settings = connection.settings_dict["TEST"]
        test_name = test_settings["NAME"] or f"test_{connection.settings_dict['NAME']}"
        self.name = f"{test_name}_template"
        server = (
            f"{connection.settings_dict['HOST']}-{connection.settings_dict['PORT']}"
        )
        self.lock_name = f"postgresql-{server}-{self.name}"

    def stamp(self) -> str | None:
        with self.connection._nodb_cursor() as cursor:
            cursor.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database"
                " WHERE datname = %s",
                [self.name],
            )
            row = cursor.fetchone()
        return row[0] if row else None

    def build(self, *, stamp: str) -> None:
        test_settings = self.connection.settings_dict["TEST"]
        original_name = self.connection.settings_dict["NAME"]
        original_test_name, test_settings["NAME"] = test_settings["NAME"], self.name
        try:
            self.connection.creation.create_test_db(
                verbosity=0, autoclobber=True, serialize=False
            )
        finally:
            test_settings["NAME"] = original_test_name
            # CREATE DATABASE … TEMPLATE needs nobody connected to the template.
            self.connection.close()
            _point_at(self.connection, original_name)
        with self.connection._nodb_cursor() as cursor:
            quoted = self.connection.ops.quote_name(self.name)
            cursor.execute(f"COMMENT ON DATABASE {quoted} IS %s", [stamp])

    def copy(self, worker: str) -> Callable:
        creation = self.connection.creation
        original_name = self.connection.settings_dict["NAME"]
        _point_at(self.connection, self.name)
        # Named after the process too: two test runs on one server keep apart.
        suffix = f"{worker}_{os.getpid()}"
        creation.clone_test_db(suffix=suffix, verbosity=0, autoclobber=True)
        name = creation.get_test_db_clone_settings(suffix)["NAME"]
        with self.connection._nodb_cursor() as cursor:
            # A test database need not outlive a crash: a commit (the transactional
            # tests flush every table after them) need not wait for the disk.
            quoted = self.connection.ops.quote_name(name)
            cursor.execute(f"ALTER DATABASE {quoted} SET synchronous_commit TO off")
        _point_at(self.connection, name)
        return lambda: creation.destroy_test_db(original_name, verbosity=0)


TEMPLATES = {"sqlite": SQLiteTemplate, "postgresql": PostgreSQLTemplate}


def _point_at(connection, name: str) -> None:
    """Point the connection, and the settings new threads read, at another database."""
    connection.close()
    connection.settings_dict["NAME"] = name
    settings.DATABASES[connection.alias]["NAME"] = name
