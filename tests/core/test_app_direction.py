"""Apps depend one way, in templates and ORM paths as much as in imports.

core <- responsibilities <- commitments <- inspections <- accountability <- demo: an
app's templates and code may name the URLs, permissions and reverse relations of its
own app and those below, never those above. A page that shows a higher app's block
gathers it through core.hooks. Templates outside an app's folder (base.html, _partials/,
registration/, public/) are shared and count as core.
"""

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings

ORDER = [
    "core",
    "responsibilities",
    "commitments",
    "inspections",
    "accountability",
    "demo",
]
LEVEL = {app: level for level, app in enumerate(ORDER)}
TEMPLATES = Path(settings.BASE_DIR) / "templates"

TEMPLATE_URL = re.compile(r"""{%\s*url\s+["'](\w+):""")
TEMPLATE_PERMISSION = re.compile(r"\bperms\.(\w+)\.")
TEMPLATE_PERMISSION_NAME = re.compile(r"\bperms\.\w+\.\w+")
TEMPLATE_INCLUDE = re.compile(r"""{%\s*(?:include|extends)\s+["'](\w+)/""")
TEMPLATE_CODE = re.compile(r"{{.*?}}|{%.*?%}")
TEMPLATE_ATTRIBUTE = re.compile(r"\.(\w+)")
PYTHON_URL = re.compile(r"(\w+):[\w-]+")
PYTHON_PERMISSION = re.compile(r"(\w+)\.(\w+)")
LOOKUP = re.compile(r"\w+")


def reverse_relations() -> dict[str, int]:
    """Return the name (accessor and query name) of each reverse relation from a model
    of one app to a model of a higher app, with the level of the lowest app it reaches:
    `sign_offs` on a responsibility list, `clue` on a finding."""
    names: dict[str, int] = {}
    for model in apps.get_models():
        own = LEVEL.get(model._meta.app_label)
        for relation in model._meta.related_objects:
            reached = LEVEL.get(relation.related_model._meta.app_label)
            if own is None or reached is None or reached <= own:
                continue
            for name in (
                relation.get_accessor_name(),
                relation.field.related_query_name(),
            ):
                if name and not name.endswith("+"):
                    names[name] = min(names.get(name, reached), reached)
    return names


def permission_codenames() -> dict[str, set[str]]:
    codenames: dict[str, set[str]] = {app: set() for app in ORDER}
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in codenames:
            codenames[meta.app_label] |= {
                f"{action}_{meta.model_name}" for action in meta.default_permissions
            }
            codenames[meta.app_label] |= {name for name, _label in meta.permissions}
    return codenames


RELATIONS = reverse_relations()
CODENAMES = permission_codenames()


def above(app: str, level: int) -> bool:
    return LEVEL.get(app, -1) > level


def template_reaches(line: str, level: int) -> Iterator[str]:
    for match in TEMPLATE_URL.finditer(line):
        if above(match[1], level):
            yield f"links to {match[1]}'s URL"
    for match in TEMPLATE_PERMISSION.finditer(line):
        if above(match[1], level):
            yield f"checks perms.{match[1]}"
    for match in TEMPLATE_INCLUDE.finditer(line):
        if above(match[1], level):
            yield f"includes a template of {match[1]}"
    for code in TEMPLATE_CODE.findall(line):
        # A permission's app and codename are checked above, not walked.
        code = TEMPLATE_PERMISSION_NAME.sub("", code)
        for match in TEMPLATE_ATTRIBUTE.finditer(code):
            if RELATIONS.get(match[1], -1) > level:
                yield f"walks .{match[1]}"


def lookup_reaches(lookup: str, level: int) -> Iterator[str]:
    """Yield each part of an ORM path ("report__sign_offs__official") that reaches
    above the level."""
    for part in lookup.split("__"):
        if RELATIONS.get(part, -1) > level:
            yield f"walks {part}"


def string_reaches(text: str, level: int) -> Iterator[str]:
    if match := PYTHON_URL.fullmatch(text):
        if above(match[1], level):
            yield f"links to {match[1]}'s URL"
    elif match := PYTHON_PERMISSION.fullmatch(text):
        if above(match[1], level) and match[2] in CODENAMES[match[1]]:
            yield f"checks the permission {text}"
    elif LOOKUP.fullmatch(text):
        yield from lookup_reaches(text, level)


def python_reaches(source: str, level: int) -> Iterator[tuple[int, str]]:
    """Yield the line and the reach of each attribute (`.sign_offs`), keyword lookup
    (`report__sign_offs=`) and string (a URL name, a permission, an ORM path) of the
    source that names something above the level; comments are left out."""
    previous = None
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        line = token.start[0]
        if token.type == tokenize.NAME:
            is_attribute = previous is not None and previous.string == "."
            if is_attribute or "__" in token.string.strip("_"):
                for reach in lookup_reaches(token.string, level):
                    yield line, reach
        elif token.type == tokenize.STRING:
            try:
                text = ast.literal_eval(token.string)
            except ValueError:  # an f-string
                text = None
            if isinstance(text, str):
                for reach in string_reaches(text, level):
                    yield line, reach
        previous = token


def template_level(path: Path) -> int:
    folder = path.relative_to(TEMPLATES).parts[0]
    return LEVEL.get(folder, LEVEL["core"])


def test_templates_name_nothing_of_a_higher_app():
    reaches = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}: {reach}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for reach in template_reaches(line, template_level(path))
    ]

    assert reaches == [], "\n".join(reaches)


def test_app_code_names_nothing_of_a_higher_app():
    reaches = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}: {reach}"
        for app in ORDER
        for path in sorted((Path(settings.BASE_DIR) / app).rglob("*.py"))
        if "migrations" not in path.parts
        for number, reach in python_reaches(
            path.read_text(encoding="utf-8"), LEVEL[app]
        )
    ]

    assert reaches == [], "\n".join(reaches)


def test_the_walk_finds_what_reaches_up():
    template = (
        "{% if perms.accountability.add_clue %}"
        "<a href=\"{% url 'accountability:action_create' %}\">"
        "{{ finding.clue.number }}</a>{% endif %}"
    )
    source = (
        'reports.prefetch_related("sign_offs__official")\n'
        "names = [s.official for s in report.sign_offs.all()]\n"
        "# report.sign_offs in a comment is no reach\n"
    )

    assert list(template_reaches(template, LEVEL["inspections"])) == [
        "links to accountability's URL",
        "checks perms.accountability",
        "walks .clue",
    ]
    assert list(python_reaches(source, LEVEL["responsibilities"])) == [
        (1, "walks sign_offs"),
        (2, "walks sign_offs"),
    ]
    assert list(template_reaches(template, LEVEL["accountability"])) == []
