"""The core's own home-page section: the user's units, their parties, coordinator links."""

from django.db.models import Prefetch, prefetch_related_objects

from krami import home
from krami.models import Organisation, Role


@home.register(order=90, template="krami/home_units.html")
def units_section(request, access):
    units = access.units()
    if not units and not access.has_role(Role.SYSADMIN):
        return None
    coordinated = access.unit_ids(Role.SAMORDNARE)
    # The units came with the memberships (krami.access.user_access): only their parties are read.
    prefetch_related_objects(units, Prefetch("parties", queryset=Organisation.objects.order_by("kind", "name")))
    return {
        "units": [{"unit": u, "is_coordinator": u.pk in coordinated} for u in units],
        "is_sysadmin": access.has_role(Role.SYSADMIN),
    }
