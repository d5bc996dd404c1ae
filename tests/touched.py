"""Print the test paths that the changes touch, for `make test-fast`.

The changes: what differs from main, committed or not, and new files git does not ignore
(on main itself, what differs from the last commit). A changed test file runs itself;
a change to an app, its templates or its tests' conftest runs that app's tests folder;
a change to what every test shares (settings, the shared test code, requirements, the
templates of no one app) runs every folder but the browser journeys. Documentation,
benchmarks and the like run none. `make test` remains the whole check.
"""

import subprocess
from pathlib import Path

TESTS = Path("tests")
# Changes here reach every page and every test.
EVERYWHERE = {"config", "manage.py", "pyproject.toml", "requirements.txt"}
EVERYWHERE.add("requirements-dev.txt")
# The translations are checked by each app's wording tests and by core's.
LOCALE_TESTS = ["tests/core/test_translations.py", "tests/core/test_languages.py"]


def changed_files() -> list[str]:
    base = _git("merge-base", "main", "HEAD") if _branch() != "main" else "HEAD"
    changed = _git("diff", "--name-only", "--no-renames", base).splitlines()
    return changed + _git("ls-files", "--others", "--exclude-standard").splitlines()


def paths_to_test(files: list[str]) -> list[str]:
    """Return the test files and folders that the changed files touch."""
    paths = {path for file in files for path in _tests_for(Path(file))}
    if str(TESTS) in paths:
        paths = {str(folder) for folder in _suite_folders()}
    existing = sorted(path for path in paths if Path(path).exists())
    # A file inside a folder that runs anyway would run twice.
    return [
        path
        for path in existing
        if not any(path.startswith(f"{other}/") for other in existing)
    ]


def _tests_for(file: Path) -> list[str]:
    parts = file.parts
    if any(str(Path(*parts[:n])) in EVERYWHERE for n in range(1, len(parts) + 1)):
        return [str(TESTS)]
    if parts[0] == "tests":
        return _tests_for_test_code(file)
    if parts[0] == "locale":
        return LOCALE_TESTS + [
            f"{folder}/test_wording.py" for folder in _suite_folders()
        ]
    if parts[0] == "static":
        return ["tests/core/test_static_files.py"]
    if parts[0] == "templates":
        app = parts[1] if len(parts) > 2 else ""
        return [str(TESTS / app)] if app and (TESTS / app).is_dir() else [str(TESTS)]
    return [str(TESTS / parts[0])] if (TESTS / parts[0]).is_dir() else []


def _tests_for_test_code(file: Path) -> list[str]:
    if file.name.startswith("test_"):
        return [str(file)]
    if len(file.parts) == 2:  # shared by all: conftest.py, factories.py, databases.py …
        return [str(TESTS)]
    return [str(file.parent)]


def _suite_folders() -> list[Path]:
    return sorted(
        folder
        for folder in TESTS.iterdir()
        if folder.is_dir() and folder.name not in {"e2e", "__pycache__"}
    )


def _branch() -> str:
    return _git("rev-parse", "--abbrev-ref", "HEAD")


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], check=True, capture_output=True, text=True
    ).stdout.strip()


if __name__ == "__main__":
    print(" ".join(paths_to_test(changed_files())))
