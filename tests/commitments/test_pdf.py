import base64
import shutil
import subprocess
from io import BytesIO

import pytest
from django.urls import reverse
from PIL import Image, ImageDraw
from pypdf import PdfReader

from commitments import pdf
from commitments.models import Signature, SignOff
from commitments.services.signing import SignedContent, append_signature, sign_letter
from core import roles
from tests.factories import ResponsibilityListFactory, UserFactory
from tests.skips import skip_unless_ci

pytestmark = pytest.mark.usefixtures("pdf_printing")


def drawn_signature() -> str:
    image = Image.new("RGBA", (300, 100), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(10, 80), (120, 20), (200, 70), (290, 30)], "black", 4)
    png = BytesIO()
    image.save(png, format="PNG")
    return "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()


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


@pytest.fixture
def sign_off(secretary, secretary_official, township):
    signature = append_signature(
        signer=secretary,
        content=SignedContent(
            kind=Signature.Kind.SIGN_OFF,
            title="2026年度东湖镇党风廉政建设责任清单分解签字背书",
            body="责任清单已按要求分解到班子成员。",
            personal_text="同意。分解合理，责任明确。",
            official=secretary_official,
        ),
    )
    return SignOff.objects.create(
        responsibility_list=ResponsibilityListFactory(unit=township),
        unit=township,
        official=secretary_official,
        signature=signature,
        kind=SignOff.Kind.BREAKDOWN,
        opinion=signature.personal_text,
    )


@pytest.fixture
def drawn_letter(letter, secretary):
    return sign_letter(
        letter=letter,
        signer=secretary,
        personal_text="不插手工程招投标。\n不收受礼品礼金。",
        drawn_signature=drawn_signature(),
    )


def test_letter_pdf_holds_the_signer_the_hash_and_the_verification_code(
    client, secretary, signed_letter
):
    client.force_login(secretary)

    response = client.get(reverse("commitments:letter_pdf", args=[signed_letter.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    signature = signed_letter.signature
    assert "王建国" in text
    assert "不插手工程招投标" in text
    assert signature.content_hash in text.replace("\n", "")
    assert signature.code in text
    assert f"/public/verify/{signature.code}/" in text.replace("\n", "")


def test_pdf_file_name_is_the_unit_the_signer_and_the_code(
    client, secretary, signed_letter
):
    client.force_login(secretary)

    response = client.get(reverse("commitments:letter_pdf", args=[signed_letter.pk]))

    code = signed_letter.signature.code
    assert "attachment" in response["Content-Disposition"]
    assert "filename*=utf-8''" in response["Content-Disposition"].lower()
    assert code in response["Content-Disposition"]
    assert pdf.file_name(signed_letter.signature) == f"东湖镇-王建国-{code}.pdf"


def test_pdf_prints_the_frozen_text_not_the_template_as_it_is_now(signed_letter):
    template = signed_letter.campaign.template
    template.body = "新的文本"
    template.save()

    text = pdf_text(pdf.signature_pdf(signed_letter.signature))

    assert "新的文本" not in text
    assert "郑重承诺" in text


def test_pdf_shows_a_drawn_signature_as_an_image(drawn_letter):
    document = pdf.signature_pdf(drawn_letter.signature)

    images = [
        image for page in PdfReader(BytesIO(document)).pages for image in page.images
    ]
    assert len(images) == 1


def test_every_font_in_the_pdf_is_embedded(drawn_letter):
    document = pdf.signature_pdf(drawn_letter.signature)

    descriptors = [
        font["/FontDescriptor"].get_object()
        for font in pdf_fonts(document)
        if "/FontDescriptor" in font
    ]
    assert descriptors
    for descriptor in descriptors:
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys())


def test_pdf_uses_only_the_shipped_font(signed_letter):
    document = pdf.signature_pdf(signed_letter.signature)

    names = {str(font["/BaseFont"]) for font in pdf_fonts(document)}
    assert names
    assert all(name.endswith("+Zhongzhou-SC") for name in names), names


def test_pdffonts_lists_every_font_as_embedded(tmp_path, drawn_letter):
    if shutil.which("pdffonts") is None:
        skip_unless_ci("pdffonts is missing: apt-get install poppler-utils")
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf.signature_pdf(drawn_letter.signature))

    output = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout

    header, rule, *rows = output.splitlines()
    emb = header.index(" emb") + 1
    assert rows
    for row in rows:
        assert row[emb : emb + 3] == "yes", row


def test_unsigned_letter_has_no_pdf(client, secretary, letter):
    client.force_login(secretary)

    response = client.get(reverse("commitments:letter_pdf", args=[letter.pk]))

    assert response.status_code == 404


def test_letter_out_of_scope_has_no_pdf(client, other_township, signed_letter):
    stranger = UserFactory(profile__unit=other_township, roles=[roles.SECRETARY])
    client.force_login(stranger)

    response = client.get(reverse("commitments:letter_pdf", args=[signed_letter.pk]))

    assert response.status_code == 404


def test_anonymous_visitor_is_sent_to_log_in_for_a_letter_pdf(client, signed_letter):
    url = reverse("commitments:letter_pdf", args=[signed_letter.pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sign_off_pdf_holds_the_opinion_the_signer_and_the_hash(
    client, member, sign_off
):
    client.force_login(member)

    response = client.get(reverse("commitments:signoff_pdf", args=[sign_off.pk]))

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "分解合理" in text
    assert "王建国" in text
    assert sign_off.signature.content_hash in text.replace("\n", "")


def test_sign_off_out_of_scope_has_no_pdf(client, other_township, sign_off):
    stranger = UserFactory(profile__unit=other_township, roles=[roles.SECRETARY])
    client.force_login(stranger)

    response = client.get(reverse("commitments:signoff_pdf", args=[sign_off.pk]))

    assert response.status_code == 404


def test_anonymous_visitor_is_sent_to_log_in_for_a_sign_off_pdf(client, sign_off):
    response = client.get(reverse("commitments:signoff_pdf", args=[sign_off.pk]))

    assert response.status_code == 302
