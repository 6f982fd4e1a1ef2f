"""Django admin for the system administrator: organisations, units, staff and memberships.

Personal data of participants is deliberately not in the admin: it would bypass the access
model and the read log. Logs are shown read-only.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from krami.federation import services as federation_services
from krami.models import (
    AccessLog,
    AuditEvent,
    FederatedIdentity,
    IdentityProvider,
    Membership,
    Municipality,
    Organisation,
    StaffProfile,
    Unit,
)
from krami.services import membership_grant, membership_revoke, unit_set_parties


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "division"]
    list_filter = ["kind"]
    search_fields = ["name"]
    filter_horizontal = ["municipalities"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    """The parties go through `unit_set_parties`, so that access groups and grants follow."""

    list_display = ["name", "is_active"]
    filter_horizontal = ["municipalities", "parties"]

    def save_related(self, request, form, formsets, change):
        parties = form.cleaned_data.pop("parties")
        super().save_related(request, form, formsets, change)
        unit_set_parties(unit=form.instance, parties=parties, by=request.user)


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "title", "is_demo_account"]
    list_filter = ["organisation", "is_demo_account"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Goes through the membership services so that access groups follow."""

    list_display = ["user", "role", "unit", "organisation", "created_at"]
    list_filter = ["role", "unit", "organisation"]
    search_fields = ["user__username"]

    def has_change_permission(self, request, obj=None):
        return False  # end the membership and grant a new one: access groups must follow

    def save_model(self, request, obj, form, change):
        try:
            membership = membership_grant(
                user=obj.user, role=obj.role, organisation=obj.organisation, unit=obj.unit, by=request.user
            )
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
            return
        obj.pk = membership.pk

    def delete_model(self, request, obj):
        membership_revoke(membership=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            membership_revoke(membership=membership, by=request.user)


class ReadOnlyLogAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "username", "participant_reference", "action", "categories", "unit"]
    list_filter = ["action", "unit"]
    search_fields = ["username", "participant_reference"]
    date_hierarchy = "at"


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyLogAdmin):
    list_display = ["at", "action", "object_type", "object_id", "user", "unit"]
    list_filter = ["action", "unit"]
    date_hierarchy = "at"


class FederatedIdentityInline(admin.TabularInline):
    """Who may sign in through the provider: accounts the administrator created, each linked to
    the person's value of the identifying attribute (docs/security.md, "Federated sign-in")."""

    model = FederatedIdentity
    extra = 1
    autocomplete_fields = ["user"]
    fields = ["user", "subject", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(IdentityProvider)
class IdentityProviderAdmin(admin.ModelAdmin):
    """An organisation's identity provider. Saving goes through the federation services, which
    write the audit entries."""

    list_display = ["organisation", "entity_id", "identifying_attribute", "is_active"]
    list_filter = ["is_active"]
    readonly_fields = ["entity_id", "created_at"]
    fields = [
        "organisation", "is_active", "metadata_xml", "entity_id", "identifying_attribute", "mfa_contexts",
        "require_encrypted_assertions", "created_at",
    ]
    inlines = [FederatedIdentityInline]

    def save_model(self, request, obj, form, change):
        federation_services.provider_save(provider=obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        for identity in formset.save(commit=False):
            federation_services.identity_link(identity=identity, by=request.user)
        for identity in formset.deleted_objects:
            federation_services.identity_unlink(identity=identity, by=request.user)
