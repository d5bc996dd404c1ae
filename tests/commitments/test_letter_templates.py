import pytest
from django.urls import reverse

from commitments.audit import CommitmentsAuditAction
from commitments.models import LetterKind, LetterTemplate
from core.models import AuditEvent
from tests.factories import CampaignFactory, LetterTemplateFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("commitments:template_list")
CREATE_URL = reverse("commitments:template_create")


def update_url(template: LetterTemplate) -> str:
    return reverse("commitments:template_update", args=[template.pk])


def template_data(**changes) -> dict:
    data = {
        "kind": LetterKind.COMMITMENT,
        "name": "乡科级干部廉政承诺书",
        "title": "{year}年度廉政承诺书",
        "body": "本人{name}（{unit}{post}）郑重承诺：",
        "personal_prompt": "请写出本人的具体承诺。",
        "is_active": "on",
    }
    return data | changes


def test_staff_read_the_templates_without_edit_buttons(client, city_staff):
    template = LetterTemplateFactory(name="我的模板", body="本人{name}郑重承诺。")
    client.force_login(city_staff)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert "本人{name}郑重承诺。" in response.text
    assert update_url(template) not in response.text


def test_the_list_names_the_placeholders(client, administrator):
    client.force_login(administrator)

    response = client.get(LIST_URL)

    for name in ("{unit}", "{name}", "{post}", "{year}", "{duties}"):
        assert name in response.text


def test_list_query_count_does_not_grow(client, administrator, count_queries):
    client.force_login(administrator)
    few = count_queries(LIST_URL)

    for template in LetterTemplateFactory.create_batch(10):
        CampaignFactory.create_batch(2, template=template)

    assert count_queries(LIST_URL) == few


def test_administrator_creates_a_template(client, administrator):
    client.force_login(administrator)

    response = client.post(CREATE_URL, template_data())

    template = LetterTemplate.objects.get(name="乡科级干部廉政承诺书")
    assert response.status_code == 302
    assert template.history.first().history_user == administrator
    assert AuditEvent.objects.filter(
        action=CommitmentsAuditAction.LETTER_TEMPLATE_CHANGE, object_id=str(template.pk)
    ).exists()


def test_the_form_shows_the_placeholders_and_a_preview(client, administrator):
    client.force_login(administrator)

    response = client.get(CREATE_URL)

    assert "<code>{duties}</code>" in response.text
    assert 'id="letter-sample-values"' in response.text
    assert "js/letter-preview.js" in response.text


def test_an_unknown_placeholder_is_refused(client, administrator):
    client.force_login(administrator)

    response = client.post(CREATE_URL, template_data(body="本人{nmae}承诺。"))

    assert response.status_code == 200
    assert "{nmae}" in str(response.context["form"].errors["body"])
    assert not LetterTemplate.objects.filter(name="乡科级干部廉政承诺书").exists()


def test_administrator_edits_a_template(client, administrator):
    template = LetterTemplateFactory()
    client.force_login(administrator)

    response = client.post(update_url(template), template_data(name="改名"))

    template.refresh_from_db()
    assert response.status_code == 302
    assert template.name == "改名"


def test_staff_cannot_create_or_edit_templates(client, city_staff):
    template = LetterTemplateFactory()
    client.force_login(city_staff)

    assert client.get(CREATE_URL).status_code == 403
    assert client.post(update_url(template), template_data()).status_code == 403


def test_members_cannot_read_templates(client, member):
    client.force_login(member)

    assert client.get(LIST_URL).status_code == 403


def test_an_unknown_template_is_404(client, administrator):
    client.force_login(administrator)

    assert (
        client.get(reverse("commitments:template_update", args=[999])).status_code
        == 404
    )


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert "/login/" in response.url
