import io
import json
import os
import re
import time
import zipfile

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from core.models import AuditEvent
from responsibilities import importing
from responsibilities.audit import ResponsibilitiesAuditAction
from responsibilities.importing import (
    CODE,
    KIND,
    OFFICIAL_SHEET,
    PARENT,
    PARTY_MEMBER,
    PERSON,
    RANK,
    SUBJECT,
    UNIT_SHEET,
)
from responsibilities.models import Official, Unit
from tests.factories import OfficialFactory, UnitFactory

UPLOAD_URL = reverse("responsibilities:import_upload")
TEMPLATE_URL = reverse("responsibilities:import_template")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def unit(code, parent="T01", *, name=None, kind="station", order=""):
    return [code, f"单位{code}" if name is None else name, "", kind, parent, order]


def person(name, unit_code="T01", *, post="站长", rank="section_chief", party="是"):
    return [name, unit_code, post, rank, "", party]


def workbook(units=(), officials=(), *, sheets=importing.HEADERS) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet, rows in zip(sheets, (units, officials), strict=False):
        worksheet = book.create_sheet(sheet)
        worksheet.append(list(sheets[sheet]))
        for row in rows:
            worksheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def stage(units=(), officials=()) -> str:
    return importing.store_sheet(
        importing.read_workbook(io.BytesIO(workbook(units, officials)))
    )


def preview_url(token):
    return reverse("responsibilities:import_preview", args=[token])


def errors_of(response):
    return [(e.sheet, e.row, e.column) for e in response.context["result"].errors]


@pytest.fixture
def admin_client(client, administrator, township):
    client.force_login(administrator)
    return client


# --- Importing a valid sheet ---


def test_valid_sheet_creates_units_in_the_tree_and_their_officials(
    admin_client, township
):
    token = stage(
        [unit("T01-A"), unit("T01-A-1", "T01-A")],
        [person("王五", "T01-A-1"), person("赵六", "T01")],
    )

    response = admin_client.post(preview_url(token))

    assert response.status_code == 302
    assert response.url == reverse("responsibilities:unit_list")
    station = Unit.objects.get(code="T01-A")
    team = Unit.objects.get(code="T01-A-1")
    assert team.parent == station
    assert station.path == township.subtree_prefix
    assert team.path == station.subtree_prefix
    assert team.depth == 3
    assert set(Unit.objects.under(township)) == {township, station, team}
    assert team in Unit.objects.under(township.parent)
    assert Official.objects.get(name="王五").unit == team
    assert Official.objects.filter(unit=township).count() == 1


def test_invisible_characters_are_stripped_from_imported_names(admin_client, township):
    token = stage(
        [unit("T01-A", name="东湖\u202e站\u200b")],
        [person("王\u2066五\ufeff", "T01-A", post="站\u200d长")],
    )

    admin_client.post(preview_url(token))

    assert Unit.objects.get(code="T01-A").name == "东湖站"
    official = Official.objects.get(unit__code="T01-A")
    assert (official.name, official.post) == ("王五", "站长")


def test_import_records_an_audit_event_and_history_rows(admin_client, administrator):
    token = stage([unit("T01-A")], [person("王五", "T01-A")])

    admin_client.post(preview_url(token))

    event = AuditEvent.objects.get(action=ResponsibilitiesAuditAction.IMPORT)
    assert event.user == administrator
    assert event.detail == {"units": 1, "officials": 1}
    unit_history = Unit.history.get(code="T01-A")
    assert unit_history.history_user == administrator
    assert unit_history.history_type == "+"
    assert Official.history.get(name="王五").history_user == administrator


def test_a_parent_named_later_in_the_sheet_is_created_first(admin_client, township):
    token = stage(
        [unit("C", "B"), unit("B", "A"), unit("A", "T01")],
        [person("王五", "C")],
    )

    admin_client.post(preview_url(token))

    a, b, c = (Unit.objects.get(code=code) for code in "ABC")
    assert (c.parent, b.parent, a.parent) == (b, a, township)
    assert set(Unit.objects.under(a)) == {a, b, c}
    assert c.path == f"{township.path}{township.pk}/{a.pk}/{b.pk}/"


def test_chinese_and_english_labels_and_raw_values_are_accepted(admin_client):
    allowed = importing.allowed_values()
    token = stage(
        [
            unit("A", kind=allowed[KIND][5]),
            unit("B", kind="Grass-roots station"),
            unit("C", kind="station"),
        ],
        [
            ["王五", "A", "站长", allowed[RANK][2], allowed[SUBJECT][1], "否"],
            ["赵六", "B", "站长", "General cadre", "Leadership team member", "是"],
        ],
    )

    response = admin_client.post(preview_url(token))

    assert response.status_code == 302
    assert {u.kind for u in Unit.objects.filter(code__in="ABC")} == {"station"}
    wang = Official.objects.get(name="王五")
    assert wang.rank == Official.Rank.SECTION_CHIEF
    assert wang.subject == Official.Subject.TEAM_MEMBER
    assert not wang.is_party_member
    assert Official.objects.get(name="赵六").rank == Official.Rank.GENERAL


def test_the_stored_sheet_is_deleted_after_a_successful_import(
    admin_client, django_capture_on_commit_callbacks
):
    token = stage([unit("T01-A")])

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(preview_url(token))

    assert not default_storage.exists(importing.sheet_name(token))
    assert admin_client.get(preview_url(token)).status_code == 404


def test_a_unit_created_meanwhile_sends_the_user_back_to_the_preview(
    admin_client, monkeypatch
):
    token = stage([unit("T01-A")])

    def refused_by_the_database(*args, **kwargs):
        # What the unique index answers when another import wrote the code first.
        raise IntegrityError("UNIQUE constraint failed: responsibilities_unit.code")

    monkeypatch.setattr(Unit._default_manager, "bulk_create", refused_by_the_database)
    response = admin_client.post(preview_url(token))

    assert response.status_code == 302
    assert response.url == preview_url(token)
    assert default_storage.exists(importing.sheet_name(token))


# --- Preview and errors ---


def test_preview_of_a_valid_sheet_counts_rows_and_offers_confirmation(admin_client):
    token = stage([unit("T01-A")], [person("王五"), person("赵六")])

    response = admin_client.get(preview_url(token))

    assert response.status_code == 200
    assert response.context["result"].is_valid
    assert len(response.context["officials"]) == 2
    assert b'data-testid="confirm-import"' in response.content
    assert Unit.objects.filter(code="T01-A").count() == 0


def test_one_bad_row_is_shown_with_its_row_and_column_and_nothing_is_written(
    admin_client,
):
    units, officials = Unit.objects.count(), Official.objects.count()
    token = stage(
        [unit("T01-A"), unit("T01-B"), unit("T01-C", "NOPE")],
        [person("王五", "T01-A")],
    )

    preview = admin_client.get(preview_url(token))
    confirm = admin_client.post(preview_url(token))

    assert errors_of(preview) == [(UNIT_SHEET, 4, PARENT)]
    assert b'data-testid="confirm-import"' not in preview.content
    assert "NOPE" in preview.content.decode()
    assert confirm.status_code == 200
    assert errors_of(confirm) == [(UNIT_SHEET, 4, PARENT)]
    assert (Unit.objects.count(), Official.objects.count()) == (units, officials)
    assert not AuditEvent.objects.filter(action="import").exists()


def test_confirming_validates_again_against_the_database(admin_client):
    token = stage([unit("T01-A")])
    admin_client.get(preview_url(token))
    UnitFactory(code="T01-A")

    response = admin_client.post(preview_url(token))

    assert errors_of(response) == [(UNIT_SHEET, 2, CODE)]
    assert Unit.objects.filter(code="T01-A").count() == 1


@pytest.mark.parametrize(
    ("units", "officials", "expected"),
    [
        pytest.param(
            [unit("A"), unit("A")], [], [(UNIT_SHEET, 3, CODE)], id="duplicate-code"
        ),
        pytest.param([unit("T02")], [], [(UNIT_SHEET, 2, CODE)], id="code-in-db"),
        pytest.param(
            [unit("A", "B"), unit("B", "C"), unit("C", "A"), unit("D", "C")],
            [],
            [(UNIT_SHEET, 2, PARENT), (UNIT_SHEET, 3, PARENT), (UNIT_SHEET, 4, PARENT)],
            id="cycle",
        ),
        pytest.param([unit("A", "A")], [], [(UNIT_SHEET, 2, PARENT)], id="own-parent"),
        pytest.param([unit("A", kind="城堡")], [], [(UNIT_SHEET, 2, KIND)], id="kind"),
        pytest.param(
            [unit("A", order="第一")], [], [(UNIT_SHEET, 2, "排序")], id="order"
        ),
        pytest.param(
            [unit("A", name="")], [], [(UNIT_SHEET, 2, "单位名称")], id="missing-name"
        ),
        pytest.param([unit("X" * 33)], [], [(UNIT_SHEET, 2, CODE)], id="code-too-long"),
        pytest.param(
            [], [person("王五", rank="大官")], [(OFFICIAL_SHEET, 2, RANK)], id="rank"
        ),
        pytest.param(
            [],
            [person("王五", "NOPE")],
            [(OFFICIAL_SHEET, 2, CODE)],
            id="unknown-unit",
        ),
        pytest.param(
            [],
            [person("王五", party="也许")],
            [(OFFICIAL_SHEET, 2, PARTY_MEMBER)],
            id="party-member",
        ),
        pytest.param(
            [],
            [person("王五"), person("王五")],
            [(OFFICIAL_SHEET, 3, PERSON)],
            id="duplicate-person",
        ),
        pytest.param(
            [], [person("王" * 51)], [(OFFICIAL_SHEET, 2, PERSON)], id="name-too-long"
        ),
        pytest.param(
            [], [person("")], [(OFFICIAL_SHEET, 2, PERSON)], id="missing-person"
        ),
    ],
)
def test_invalid_rows_are_reported_and_nothing_is_written(
    admin_client, other_township, units, officials, expected
):
    before = Unit.objects.count(), Official.objects.count()
    token = stage(units, officials)

    response = admin_client.post(preview_url(token))

    assert response.status_code == 200
    assert errors_of(response) == expected
    assert (Unit.objects.count(), Official.objects.count()) == before


def test_error_messages_name_the_offending_value(admin_client):
    token = stage([unit("A", "NOPE"), unit("B", "C"), unit("C", "B")])

    response = admin_client.get(preview_url(token))

    messages = [error.message for error in response.context["result"].errors]
    assert "NOPE" in messages[0]
    assert "B → C → B" in messages[1]


def test_a_person_already_in_the_unit_with_that_post_is_a_duplicate(
    admin_client, township
):
    OfficialFactory(unit=township, name="王五", post="站长")
    token = stage([], [person("王五", "T01", post="站长"), person("王五", post="镇长")])

    response = admin_client.get(preview_url(token))

    assert errors_of(response) == [(OFFICIAL_SHEET, 2, PERSON)]


def test_units_outside_the_importers_scope_are_unknown(
    client, township_staff, other_township
):
    township_staff.user_permissions.add(*permissions("add_unit", "add_official"))
    client.force_login(township_staff)
    token = stage([unit("A", "T02"), unit("B", "T01")], [person("王五", "T02")])

    response = client.get(preview_url(token))

    assert errors_of(response) == [(UNIT_SHEET, 2, PARENT), (OFFICIAL_SHEET, 2, CODE)]


def test_only_administrators_import_top_level_units(client, township_staff):
    township_staff.user_permissions.add(*permissions("add_unit", "add_official"))
    client.force_login(township_staff)
    token = stage([unit("ROOT2", "")])

    response = client.get(preview_url(token))

    assert errors_of(response) == [(UNIT_SHEET, 2, PARENT)]


def test_an_inactive_unit_takes_no_new_units_or_officials(admin_client, township):
    township.is_active = False
    township.save()
    token = stage([unit("T01-A", "T01")], [person("王五", "T01")])

    response = admin_client.get(preview_url(token))

    assert errors_of(response) == [(UNIT_SHEET, 2, PARENT), (OFFICIAL_SHEET, 2, CODE)]


def test_codes_are_stored_upper_case_and_matched_whatever_the_case(
    admin_client, township
):
    token = stage([unit("t01-a", "t01")], [person("王五", "t01-A")])

    admin_client.post(preview_url(token))

    station = Unit.objects.get(code="T01-A")
    assert station.parent == township
    assert Official.objects.get(name="王五").unit == station


def permissions(*codenames):
    return Permission.objects.filter(
        content_type__app_label="responsibilities", codename__in=codenames
    )


def test_preview_queries_do_not_grow_with_the_rows(admin_client):
    def count_queries(size):
        token = stage(
            [unit(f"N{size}-{n}") for n in range(size)],
            [person(f"人{n}", f"N{size}-{n}") for n in range(size)],
        )
        with CaptureQueriesContext(connection) as queries:
            response = admin_client.get(preview_url(token))
        assert response.context["result"].is_valid
        return len(queries)

    assert count_queries(5) == count_queries(50)


# --- Upload ---


def test_uploading_a_valid_sheet_stores_it_and_redirects_to_the_preview(admin_client):
    upload = SimpleUploadedFile("单位.xlsx", workbook([unit("T01-A")]))

    response = admin_client.post(UPLOAD_URL, {"sheet": upload})

    assert response.status_code == 302
    token = resolve(response.url).kwargs["token"]
    assert default_storage.exists(importing.sheet_name(token))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("units.csv", b"code,name\nA,B\n", id="not-xlsx"),
        pytest.param("units.xlsx", b"not a zip at all", id="corrupt"),
        pytest.param(
            "units.xlsx",
            workbook(sheets={UNIT_SHEET: importing.HEADERS[UNIT_SHEET]}),
            id="missing-sheet",
        ),
        pytest.param(
            "units.xlsx",
            workbook(
                sheets={UNIT_SHEET: ("单位编码",), OFFICIAL_SHEET: ("姓名",)},
            ),
            id="missing-columns",
        ),
        pytest.param("units.xlsx", workbook(), id="no-rows"),
    ],
)
def test_uploading_a_wrong_file_shows_a_form_error(admin_client, name, content):
    response = admin_client.post(
        UPLOAD_URL, {"sheet": SimpleUploadedFile(name, content)}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["sheet"]
    assert not default_storage.exists(importing.IMPORT_DIR)


def far_row_workbook(*, dimension: bool = True) -> bytes:
    """Return a valid sheet with one more cell in row 5,000,000: a few KB on disk.

    Excel stops at row 1,048,576, so the row is renumbered in the sheet's XML, as a
    hand-made file can. Without its dimension the sheet does not declare how far it
    runs, as some writers leave it out.
    """
    book = openpyxl.load_workbook(io.BytesIO(workbook([unit("T01-A")])))
    book[UNIT_SHEET].cell(row=1_048_576, column=1, value=" ")
    buffer = io.BytesIO()
    book.save(buffer)
    edits = [(rb"1048576", rb"5000000")]
    if not dimension:
        edits.append((rb"<dimension [^>]*/>", b""))
    return edit_sheets(buffer.getvalue(), edits)


def edit_sheets(content: bytes, edits: list[tuple[bytes, bytes]]) -> bytes:
    source, output = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for part in source.infolist():
            data = source.read(part)
            if part.filename.startswith("xl/worksheets/"):
                for pattern, replacement in edits:
                    data = re.sub(pattern, replacement, data)
            target.writestr(part, data)
    return output.getvalue()


@pytest.mark.parametrize(
    ("dimension", "message"),
    [
        pytest.param(True, "延伸到第 5000000 行", id="declared"),
        pytest.param(False, "空行超过 1000 行", id="undeclared"),
    ],
)
def test_a_sheet_running_to_row_five_million_is_refused_at_once(
    admin_client, dimension, message
):
    content = far_row_workbook(dimension=dimension)
    assert len(content) < 20_000
    started = time.monotonic()

    response = admin_client.post(
        UPLOAD_URL, {"sheet": SimpleUploadedFile("单位.xlsx", content)}
    )

    # Reading all five million rows took 20 s; refusing must not depend on them.
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["sheet"])
    assert not default_storage.exists(importing.IMPORT_DIR)


def test_a_workbook_unpacking_to_more_than_the_limit_is_refused(admin_client):
    book = openpyxl.Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(101 * 1024 * 1024))

    response = admin_client.post(
        UPLOAD_URL, {"sheet": SimpleUploadedFile("单位.xlsx", buffer.getvalue())}
    )

    assert response.status_code == 200
    assert "解压后超过" in " ".join(response.context["form"].errors["sheet"])


def test_the_upload_keeps_the_rows_so_the_preview_never_reads_the_workbook_again(
    admin_client,
):
    upload = SimpleUploadedFile("单位.xlsx", workbook([unit("T01-A")]))
    token = resolve(admin_client.post(UPLOAD_URL, {"sheet": upload}).url).kwargs[
        "token"
    ]

    with default_storage.open(importing.sheet_name(token)) as stored:
        kept = json.load(stored)
    first = admin_client.get(preview_url(token))
    again = admin_client.get(preview_url(token))

    assert kept[UNIT_SHEET][0][1][CODE] == "T01-A"
    assert [row.code for row in first.context["units"]] == ["T01-A"]
    assert [row.code for row in again.context["units"]] == ["T01-A"]


def test_upload_page_offers_the_form_and_the_template(admin_client):
    response = admin_client.get(UPLOAD_URL)

    assert response.status_code == 200
    assert TEMPLATE_URL in response.content.decode()


# --- Template ---


def test_template_is_a_workbook_with_chinese_headers_and_allowed_values(
    admin_client,
):
    response = admin_client.get(TEMPLATE_URL)

    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == [UNIT_SHEET, OFFICIAL_SHEET, importing.GUIDE_SHEET]
    for sheet, headers in importing.HEADERS.items():
        assert tuple(cell.value for cell in book[sheet][1]) == headers
        assert book[sheet]["A1"].font.bold
        assert book[sheet]["A2"].value
    guide = [cell.value for cell in book[importing.GUIDE_SHEET]["A"]]
    assert guide[1:8] == importing.allowed_values()[KIND]


def test_template_query_count_does_not_grow(admin_client, township, count_queries):
    few = count_queries(TEMPLATE_URL)

    for _number in range(5):
        OfficialFactory.create_batch(5, unit=UnitFactory(parent=township))

    assert count_queries(TEMPLATE_URL) == few


def test_template_example_rows_pass_validation(admin_client, township):
    template = b"".join(admin_client.get(TEMPLATE_URL).streaming_content)
    token = importing.store_sheet(importing.read_workbook(io.BytesIO(template)))

    response = admin_client.get(preview_url(token))

    assert errors_of(response) == []


# --- Access ---

ALL_URLS = [UPLOAD_URL, TEMPLATE_URL, preview_url("a" * 22)]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url", ALL_URLS)
def test_anonymous_user_is_sent_to_login(client, db, url, method):
    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_confirmation_imports_nothing(client, township):
    units, officials = Unit.objects.count(), Official.objects.count()
    token = stage([unit("T01-A")], [person("王五", "T01")])

    response = client.post(preview_url(token))

    assert response.url.startswith(reverse("login"))
    assert (Unit.objects.count(), Official.objects.count()) == (units, officials)
    assert default_storage.exists(importing.sheet_name(token))


@pytest.mark.parametrize("url", ALL_URLS)
def test_non_administrator_gets_403(client, secretary, url):
    client.force_login(secretary)

    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403


@pytest.mark.parametrize("token", ["a" * 22, "..", "short"])
def test_unknown_token_is_404(admin_client, token):
    assert admin_client.get(preview_url(token)).status_code == 404
    assert admin_client.post(preview_url(token)).status_code == 404


def test_abandoned_token_is_404(admin_client):
    token = stage([unit("T01-A")])
    age(importing.sheet_name(token), days=2)

    assert admin_client.get(preview_url(token)).status_code == 404


# --- Housekeeping ---


def test_delete_abandoned_sheets_keeps_fresh_ones(db):
    old, fresh = stage([unit("A")]), stage([unit("B")])
    age(importing.sheet_name(old), days=2)

    deleted = importing.delete_abandoned_sheets()

    assert deleted == 1
    assert not default_storage.exists(importing.sheet_name(old))
    assert default_storage.exists(importing.sheet_name(fresh))


def age(name, *, days):
    moment = time.time() - days * 24 * 3600
    os.utime(default_storage.path(name), (moment, moment))
