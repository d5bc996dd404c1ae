from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from simple_history.admin import SimpleHistoryAdmin

from .models import Official, Profile, Unit


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]

    def get_readonly_fields(self, request, obj=None):
        # Moving a unit re-roots its subtree, which only the unit pages do (save_unit).
        return ["parent"] if obj else []


@admin.register(Official)
class OfficialAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "post", "rank", "subject", "is_active"]
    list_filter = ["rank", "subject", "is_active", "unit__kind"]
    search_fields = ["name", "post"]
    list_select_related = ["unit"]
    raw_id_fields = ["unit", "user"]


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    raw_id_fields = ["unit"]


admin.site.unregister(User)


@admin.register(User)
class UserWithHomeUnitAdmin(UserAdmin):
    inlines = [ProfileInline]
