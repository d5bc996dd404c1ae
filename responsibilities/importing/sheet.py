"""The import sheet's format and the rows read from it."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils.functional import Promise

from ..models import Official, Unit

# Uploaded sheets wait here, in shared storage, between the preview and the confirmation,
# so that any web machine can serve the second request.
IMPORT_DIR = "imports"
# A sheet not confirmed within this time is abandoned: its preview link stops working
# and the nightly task deletes it.
ABANDON_AFTER = timedelta(days=1)
TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{16,64}")

# The file format. The headers are Chinese whatever the interface language, because
# that is what the city's spreadsheets already use.
UNIT_SHEET, OFFICIAL_SHEET, GUIDE_SHEET = "单位", "人员", "说明"
CODE, NAME, SHORT_NAME, KIND, PARENT, ORDER = (
    "单位编码",
    "单位名称",
    "简称",
    "类别",
    "上级单位编码",
    "排序",
)
PERSON, POST, RANK, SUBJECT, PARTY_MEMBER = (
    "姓名",
    "职务",
    "职级",
    "责任主体",
    "是否党员",
)
HEADERS = {
    UNIT_SHEET: (CODE, NAME, SHORT_NAME, KIND, PARENT, ORDER),
    OFFICIAL_SHEET: (PERSON, CODE, POST, RANK, SUBJECT, PARTY_MEMBER),
}
YES, NO = "是", "否"
PARTY_MEMBER_VALUES = {YES: True, NO: False, "yes": True, "no": False}
PARTY_MEMBER_VALUES |= {"y": True, "n": False, "true": True, "false": False}
MAX_ROWS = 10_000
# A sheet may trail empty rows a writer kept, but each one costs reading time: past this
# many the sheet is refused rather than read to its end (a cell in row 1,048,576 would
# make millions of them out of a few bytes).
MAX_BLANK_ROWS = 1_000
# What the .xlsx (a zip) may unpack to, so a small upload cannot make a huge one.
MAX_UNPACKED_SIZE = 100 * 1024 * 1024
MAX_ORDER = 2**31 - 1  # the largest PositiveIntegerField value on every backend

Rows = list[tuple[int, dict[str, str]]]
Report = Callable[[str, str], None]


class SheetNotFound(LookupError):
    """The token names no stored sheet, or one that has been abandoned."""


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int  # as Excel numbers it; 0 for a problem with the whole file
    column: str
    message: str


@dataclass
class UnitRow:
    row: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_code: str
    order: int
    level: int | None = None  # how many sheet units are above it; None in a cycle

    @property
    def kind_label(self) -> str | Promise:
        return Unit.Kind(self.kind).label if self.kind else ""

    def to_unit(self, *, parent: Unit | None) -> Unit:
        # bulk_create skips Unit.save(), so the path is derived here the same way.
        return Unit(
            parent=parent,
            path=Unit.path_below(parent),
            kind=self.kind,
            name=self.name,
            short_name=self.short_name,
            code=self.code,
            order=self.order,
        )


@dataclass
class OfficialRow:
    row: int
    name: str
    unit_code: str
    post: str
    rank: str
    subject: str
    is_party_member: bool

    @property
    def rank_label(self) -> str | Promise:
        return Official.Rank(self.rank).label if self.rank else ""

    @property
    def subject_label(self) -> str | Promise:
        return Official.Subject(self.subject).label if self.subject else ""

    def to_official(self, *, unit: Unit) -> Official:
        return Official(
            unit=unit,
            name=self.name,
            post=self.post,
            rank=self.rank,
            subject=self.subject,
            is_party_member=self.is_party_member,
        )


@dataclass
class ImportResult:
    units: list[UnitRow] = field(default_factory=list)
    officials: list[OfficialRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Units already in the database that the sheet names, by code, within the user's scope.
    known_units: dict[str, Unit] = field(default_factory=dict, repr=False)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def unit_codes(self) -> set[str]:
        return {unit.code for unit in self.units} - {""}
