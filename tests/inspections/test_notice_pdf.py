"""An issued notice prints as an official document with the shipped font embedded."""

import shutil
import subprocess
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from inspections.views.notices import print_notice
from tests.skips import skip_unless_ci

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_printing")]


def pdf_text(document: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(document)).pages)


def pdf_fonts(document: bytes) -> list[dict]:
    """Return the font dictionaries of every page, descendants of Type0 fonts included."""
    fonts = []
    for page in PdfReader(BytesIO(document)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.append(font)
            fonts.extend(d.get_object() for d in font.get("/DescendantFonts", []))
    return fonts


def test_the_pdf_holds_the_number_the_issuer_the_recipient_and_the_text(
    client, secretary, issued_township_notice
):
    client.force_login(secretary)

    response = client.get(
        reverse("inspections:notice_pdf", args=[issued_township_notice.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert issued_township_notice.number in text
    assert "中州市纪委" in text
    assert "东湖镇：" in text
    assert "请认真整改" in text
    assert issued_township_notice.title in text


def test_a_draft_has_no_pdf(client, city_staff, township_notice):
    client.force_login(city_staff)

    response = client.get(reverse("inspections:notice_pdf", args=[township_notice.pk]))

    assert response.status_code == 404


def test_anonymous_visitor_is_sent_to_log_in_for_a_pdf(client, issued_township_notice):
    response = client.get(
        reverse("inspections:notice_pdf", args=[issued_township_notice.pk])
    )

    assert response.status_code == 302


def test_every_font_in_the_pdf_is_embedded(issued_township_notice):
    document = print_notice(issued_township_notice)

    descriptors = [
        font["/FontDescriptor"].get_object()
        for font in pdf_fonts(document)
        if "/FontDescriptor" in font
    ]
    assert descriptors
    for descriptor in descriptors:
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys())
    names = {str(font["/BaseFont"]) for font in pdf_fonts(document)}
    assert all(name.endswith("+Zhongzhou-SC") for name in names), names


def test_pdffonts_lists_every_font_as_embedded(tmp_path, issued_township_notice):
    if shutil.which("pdffonts") is None:
        skip_unless_ci("pdffonts is missing: apt-get install poppler-utils")
    path = tmp_path / "notice.pdf"
    path.write_bytes(print_notice(issued_township_notice))

    output = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout

    header, rule, *rows = output.splitlines()
    emb = header.index(" emb") + 1
    assert rows
    for row in rows:
        assert row[emb : emb + 3] == "yes", row
