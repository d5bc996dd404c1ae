"""The product's roles. Each is a Django group whose name is the role's Chinese title."""

from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext_lazy as _

DISCIPLINE_STAFF = "纪委工作人员"
SECRETARY = "党委书记"
TEAM_MEMBER = "班子成员"
ADMINISTRATOR = "管理员"
AUDITOR = "审计员"

ROLE_LABELS = {
    DISCIPLINE_STAFF: _("Discipline staff"),
    SECRETARY: _("Party secretary"),
    TEAM_MEMBER: _("Team member"),
    ADMINISTRATOR: _("Administrator"),
    AUDITOR: _("Auditor"),
}


def role_names(user: User | AnonymousUser) -> frozenset[str]:
    """Return the names of the user's roles; one query, then cached on the user object."""
    if not user.is_authenticated:
        return frozenset()
    names: frozenset[str] | None = getattr(user, "_role_names", None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        # A cache on the instance, as Django keeps user._perm_cache; no declared field.
        user._role_names = names  # type: ignore[attr-defined]
    return names


def has_role(user: User | AnonymousUser, role: str) -> bool:
    return role in role_names(user)


def role_labels(user: User | AnonymousUser) -> list[str]:
    """Return the user's roles as translated titles, in the order of ROLE_LABELS."""
    names = role_names(user)
    return [str(label) for role, label in ROLE_LABELS.items() if role in names]


def grant_in_migration(apps, schema_editor, grants: dict[str, list[str]]) -> None:
    """Give each role (group) the listed "app_label.codename" permissions, inside a data migration.

    Django creates permissions only after all migrations have run, so on a fresh database
    they are created here first for the apps that the grants name.
    """
    from django.contrib.auth.management import create_permissions

    labels = {perm.split(".")[0] for perms in grants.values() for perm in perms}
    for label in labels:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, perms in grants.items():
        group, _created = group_model.objects.get_or_create(name=role)
        for perm in perms:
            app_label, codename = perm.split(".")
            group.permissions.add(
                permission_model.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )
