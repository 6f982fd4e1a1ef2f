from django.contrib import admin

from privacy.models import ExtractRequest, FlaggedReadCheck, GallringRecord, LogReview, RetentionRule, RetentionRun


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ["organisation", "category", "months_after_exit"]
    list_filter = ["category"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Append-only records: shown, never added, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GallringRecord)
class GallringRecordAdmin(ReadOnlyAdmin):
    list_display = ["at", "participant_reference", "organisation", "category", "last_exit"]
    list_filter = ["category"]


@admin.register(LogReview)
class LogReviewAdmin(ReadOnlyAdmin):
    list_display = ["unit", "month", "signed_off_by", "signed_off_at", "reads", "flagged"]


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "finished_at", "on", "records"]


@admin.register(FlaggedReadCheck)
class FlaggedReadCheckAdmin(ReadOnlyAdmin):
    list_display = ["unit", "month", "access_log_id", "checked_by", "checked_at"]


@admin.register(ExtractRequest)
class ExtractRequestAdmin(ReadOnlyAdmin):
    """Shown for support; the coordinators keep the register in the application (privacy/views/requests.py)."""

    list_display = ["unit", "organisation", "participant_id", "received_on", "handed_over_on"]
    list_filter = ["unit"]
