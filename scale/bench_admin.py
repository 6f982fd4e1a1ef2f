"""A read-only Django admin for participants, on its own AdminSite: a baseline for the benchmark.

Participants are deliberately not in the production admin (personal data goes through
participants.access only). This site exists only in the bench URLconf (scale/urls.py), which only
krami.settings_bench loads; it shows what "the Django admin changelist for the same participants"
costs, as the tool an admin would otherwise use.
"""

from django.contrib import admin

from participants.models import Participant

site = admin.AdminSite(name="bench_admin")


@admin.register(Participant, site=site)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "masked_personnummer", "phase", "phase_since", "handler", "unit", "municipality"]
    list_filter = ["phase", "gender", "unit"]
    list_select_related = ["handler", "unit", "municipality"]
    list_per_page = 25
    search_fields = ["last_name", "first_name"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser
