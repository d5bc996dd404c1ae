"""Supervision records are browsed here; they change only through the product's pages,
whose services keep notice numbers gap-free and write the audit trail."""

from django.contrib import admin

from responsibilities.admin import ReadOnlyAdmin

from .models import Finding, Inspection, MonitoredProject, Notice, Rectification


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "organiser", "started_on", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["title"]


@admin.register(MonitoredProject)
class MonitoredProjectAdmin(ReadOnlyAdmin):
    list_display = ["name", "owner", "year", "budget", "savings", "stage"]
    list_filter = ["year", "stage"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyAdmin):
    list_display = ["unit", "source", "category", "severity", "status", "found_on"]
    list_filter = ["source", "category", "severity", "status"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "title", "status", "issued_at"]
    list_filter = ["kind", "status", "year"]


@admin.register(Rectification)
class RectificationAdmin(ReadOnlyAdmin):
    list_display = ["finding", "responsible", "due_on", "status"]
    list_filter = ["status"]
