"""What every printed document shares: placeholders, verification codes, the download."""

import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext

from core.documents.pdf import paragraphs, pdf_response
from core.documents.placeholders import fill_placeholders, unknown_placeholders
from core.documents.verification import (
    CODE_ALPHABET,
    CODE_LENGTH,
    new_verification_code,
    normalise_verification_code,
)


def test_placeholders_are_filled_and_unknown_ones_stay_as_typed():
    text = "{unit}：请于{due_on}前报送{missing}。"

    filled = fill_placeholders(text, {"unit": "东湖镇", "due_on": "5月30日"})

    assert filled == "东湖镇：请于5月30日前报送{missing}。"


def test_unknown_placeholders_are_named_once_in_order():
    text = "{year}年{zeta}、{alpha}、{zeta}"

    assert unknown_placeholders(text, {"year": "the year"}) == ["alpha", "zeta"]


def test_a_verification_code_is_found_however_it_is_typed():
    assert normalise_verification_code(" abcd-efgh 2345\t") == "ABCDEFGH2345"


def test_verification_codes_avoid_characters_that_read_alike():
    code = new_verification_code()

    assert len(code) == CODE_LENGTH
    assert set(code) <= set(CODE_ALPHABET)
    assert not set("01OIL") & set(CODE_ALPHABET)


def test_a_document_prints_its_non_blank_lines_as_paragraphs():
    assert paragraphs("  第一段。\n\n \n第二段。  \n") == ["第一段。", "第二段。"]


def test_a_printed_document_is_downloaded_under_its_name(rf):
    request = rf.get("/")

    response = pdf_response(
        request, lambda: b"%PDF-1.7", filename="中纪整〔2026〕1号.pdf"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content == b"%PDF-1.7"
    assert "attachment" in response["Content-Disposition"]
    assert "filename*=utf-8''" in response["Content-Disposition"].lower()


@pytest.mark.django_db
def test_a_server_that_cannot_print_says_so_with_503(rf, caplog):
    def print_without_pango() -> bytes:
        raise OSError("cannot load library 'libpango-1.0-0'")

    request = rf.get("/")
    request.user = AnonymousUser()

    with caplog.at_level(logging.ERROR):
        response = pdf_response(request, print_without_pango, filename="x.pdf")

    assert response.status_code == 503
    assert gettext("PDF printing is unavailable") in response.text
    assert "PDF printing is unavailable" in caplog.text
