"""agreements/staffing.py: warnings (not errors) for staffing below the national guideline."""

from decimal import Decimal as D

import pytest

from agreements.staffing import staffing_warnings


@pytest.mark.parametrize(
    ("af", "kv", "kommun", "expected"),
    [
        ("2", "2", "2", []),  # Stockholm 2023
        ("1", "1", "1", []),  # Trollhättan
        ("0.5", "1", "2", ["Arbetsförmedlingen should contribute at least 1 FTE."]),
        ("1", "0", "3", ["Kriminalvården should contribute at least 1 FTE."]),
        ("1", "1", "0.5", ["A Krami team should have at least 3 FTE; this one has 2,5."]),
        ("0", "0", "0", [
            "Arbetsförmedlingen should contribute at least 1 FTE.",
            "Kriminalvården should contribute at least 1 FTE.",
            "A Krami team should have at least 3 FTE; this one has 0.",
        ]),
    ],
)
def test_staffing_warnings(af, kv, kommun, expected):
    assert staffing_warnings({"af": D(af), "kv": D(kv), "kommun": D(kommun)}) == expected
