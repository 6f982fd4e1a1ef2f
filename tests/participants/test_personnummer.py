"""Personnummer and samordningsnummer: validation, normal form, masking, encryption at rest."""

import hashlib
from datetime import date

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from participants import personnummer

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    "value, digits, born, coordination",
    [
        ("19811218-9876", "198112189876", date(1981, 12, 18), False),
        ("198112189876", "198112189876", date(1981, 12, 18), False),
        ("811218-9876", "198112189876", date(1981, 12, 18), False),
        ("8112189876", "198112189876", date(1981, 12, 18), False),
        (" 19811218 - 9876 ".replace(" ", ""), "198112189876", date(1981, 12, 18), False),
        ("121212+1212", "191212121212", date(1912, 12, 12), False),  # '+': 100 years or older
        ("121212-1212", "201212121212", date(2012, 12, 12), False),
        ("19701063-2391", "197010632391", date(1970, 10, 3), True),  # samordningsnummer: day + 60
    ],
)
def test_valid_numbers_normalise_to_twelve_digits(value, digits, born, coordination):
    pnr = personnummer.parse(value, today=TODAY)
    assert (pnr.digits, pnr.birth_date, pnr.coordination) == (digits, born, coordination)


@pytest.mark.parametrize(
    "value, code",
    [
        ("19811218-9875", "checksum"),
        ("19811318-9876", "date"),  # month 13
        ("19810230-1234", "date"),  # 30 February
        ("20301218-9876", "date"),  # in the future
        ("1981-12-18", "format"),
        ("abc", "format"),
        ("", "format"),
    ],
)
def test_invalid_numbers_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as exc:
        personnummer.parse(value, today=TODAY)
    assert exc.value.code == code


def test_mask_shows_the_date_and_hides_the_last_four():
    assert personnummer.mask(date(1990, 1, 1)) == "19900101-****"
    assert personnummer.mask(date(1970, 10, 3), coordination=True) == "19701063-****"


def test_encryption_round_trips_and_does_not_store_the_number_in_clear():
    token = personnummer.encrypt("198112189876")
    assert "198112189876" not in token
    assert personnummer.decrypt(token) == "198112189876"


def test_lookup_hash_is_keyed_and_stable():
    assert personnummer.lookup_hash("198112189876") == personnummer.lookup_hash("198112189876")
    assert personnummer.lookup_hash("198112189876") != personnummer.lookup_hash("198112189877")

    assert personnummer.lookup_hash("198112189876") != hashlib.sha256(b"198112189876").hexdigest()


def test_key_rotation_keeps_old_records_readable(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PERSONNUMMER_KEYS = [old]
    token = personnummer.encrypt("198112189876")
    settings.PERSONNUMMER_KEYS = [new, old]
    assert personnummer.decrypt(token) == "198112189876"
    rotated = personnummer.rotate(token)
    settings.PERSONNUMMER_KEYS = [new]
    assert personnummer.decrypt(rotated) == "198112189876"


@given(st.dates(min_value=date(1920, 1, 1), max_value=date(2008, 12, 31)), st.integers(0, 999), st.booleans())
def test_an_invented_number_is_valid_and_is_born_on_its_date(born, serial, coordination):
    """The one generator of invented numbers (demo, scale data, tests) makes numbers parse() accepts."""
    parsed = personnummer.parse(personnummer.invented(born, serial, coordination=coordination))
    assert (parsed.birth_date, parsed.coordination) == (born, coordination)
