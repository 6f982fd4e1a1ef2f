"""The write rules as a table (docs/access.md, "Who may write"), written independently of
participants/authority.py so that the tests check the code.

The world's participants are all owned by the unit's kommun (tests/fixtures.py).
"""

from __future__ import annotations

from krami.models import DataCategory
from tests.fixtures import expected_categories

ORG_OF = {"kommun_vagledare": "kommun", "kommun_samordnare": "kommun", "kv_vagledare": "kv", "af_vagledare": "af"}
OWNER = "kommun"
CATEGORY_OWNER = {
    DataCategory.CRIMINAL_JUSTICE: "kv",
    DataCategory.SOCIAL_SERVICES: "kommun",
    DataCategory.LABOUR_MARKET: "af",
}


def sees(world, user_key, state) -> bool:
    """The team's shared work (the steps of the Krami path, notes, referrals): whoever sees the participant."""
    return DataCategory.CORE in expected_categories(world, user_key, state)


def owns_core(world, user_key, state) -> bool:
    """The core record, personnummer and case worker included: only the owning organisation."""
    return sees(world, user_key, state) and ORG_OF.get(user_key) == OWNER


def owns_category(category):
    """One category's data: only the party of the category's kind, when it sees the participant."""
    return lambda world, user_key, state: sees(world, user_key, state) and ORG_OF.get(user_key) == CATEGORY_OWNER[category]


def record_of(org_key: str):
    """A record owned record by record (note, drug test, internship …, a consent by its releasing party)."""
    return lambda world, user_key, state: sees(world, user_key, state) and ORG_OF.get(user_key) == org_key


def sees_test_of(org_key: str):
    """A drug test's no-show, decided by the team: whoever sees the test (its organisation, and the others
    once the participant shares health data)."""
    def may(world, user_key, state):
        if not sees(world, user_key, state):
            return False
        return ORG_OF.get(user_key) == org_key or DataCategory.HEALTH in expected_categories(world, user_key, state)

    return may
