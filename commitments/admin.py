"""Letters, signatures and sign-offs are browsed here; they change only through the
product's pages, whose services keep the signature chain and write the audit trail."""

from django.contrib import admin

from responsibilities.admin import ReadOnlyAdmin

from .models import Campaign, Letter, LetterTemplate, Signature, SignOff


@admin.register(LetterTemplate)
class LetterTemplateAdmin(ReadOnlyAdmin):
    list_display = ["name", "kind", "is_active", "updated_at"]
    list_filter = ["kind", "is_active"]


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyAdmin):
    list_display = ["title", "year", "kind", "deadline", "issued_at"]
    list_filter = ["year", "kind"]


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ["addressee", "campaign", "unit", "status", "issued_at"]
    list_filter = ["status", "campaign__year", "campaign__kind"]
    list_select_related = ["addressee", "campaign", "unit"]
    search_fields = ["addressee__name"]


@admin.register(Signature)
class SignatureAdmin(ReadOnlyAdmin):
    list_display = [
        "sequence",
        "signer_name",
        "unit_name",
        "title",
        "signed_at",
        "code",
    ]
    search_fields = ["signer_name", "code"]


@admin.register(SignOff)
class SignOffAdmin(ReadOnlyAdmin):
    list_display = ["kind", "unit", "official", "created_at"]
    list_select_related = ["unit", "official"]
