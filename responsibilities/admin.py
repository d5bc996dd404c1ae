from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.db.models import QuerySet
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from core import audit, roles

from .models import Official, Profile, Unit, home_unit


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Browse records and their history; changes go through the product's own pages,
    whose services keep the tree's paths and write the audit trail."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Unit)
class UnitAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]


@admin.register(Official)
class OfficialAdmin(ReadOnlyAdmin):
    list_display = ["name", "unit", "post", "rank", "subject", "is_active"]
    list_filter = ["rank", "subject", "is_active", "unit__kind"]
    search_fields = ["name", "post"]
    list_select_related = ["unit"]


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    raw_id_fields = ["unit"]


admin.site.unregister(User)

# Three-way separation: an administrator keeps accounts, but never grants the
# administrator or auditor role, never touches such an account, and never makes a
# superuser. Those are set up once, by the deployment's superuser.
SEPARATED_ROLES = [roles.ADMINISTRATOR, roles.AUDITOR]


@admin.register(User)
class UserWithHomeUnitAdmin(UserAdmin):
    inlines = [ProfileInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        users = super().get_queryset(request)
        if request.user.is_superuser:
            return users
        return users.filter(is_superuser=False).exclude(
            groups__name__in=SEPARATED_ROLES
        )

    def get_fieldsets(self, request: HttpRequest, obj: User | None = None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        hidden = {"is_superuser", "user_permissions"}
        return [
            (
                name,
                {
                    **options,
                    "fields": [f for f in options["fields"] if f not in hidden],
                },
            )
            for name, options in fieldsets
        ]

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.exclude(name__in=SEPARATED_ROLES)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request: HttpRequest, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        account = form.instance
        audit.record(
            action=audit.CoreAuditAction.ACCOUNT_CHANGE,
            request=request,
            target=account,
            detail={
                "roles": sorted(account.groups.values_list("name", flat=True)),
                "is_active": account.is_active,
                "is_staff": account.is_staff,
                "home_unit": str(home_unit(account) or ""),
            },
        )
