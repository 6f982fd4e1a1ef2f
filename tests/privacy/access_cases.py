"""Access-matrix cases for the privacy URLs (tests/access/registry.py).

The access-log review is the unit coordinator's; the register extract follows the participant's
core visibility (its content is then limited to the categories the user may see).
"""

from tests.access.registry import has_role_in_unit, participant, scoped

coordinator = has_role_in_unit("samordnare")


def unit_kwargs(w):
    return {"unit_id": w.unit.pk}


scoped("privacy:log_review", kwargs=unit_kwargs, allowed=coordinator)
scoped(
    "privacy:log_review_sign_off",
    method="POST",
    kwargs=unit_kwargs,
    allowed=coordinator,
    data=lambda w, kwargs: {"month": "2026-01", "comment": "Granskat."},
)
participant("privacy:extract")
participant("privacy:extract_pdf")
participant("privacy:extract_json")
