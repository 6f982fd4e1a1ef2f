"""Organisation numbers of employers (participants/orgnr.py): one row per case."""

import pytest
from django.core.exceptions import ValidationError

from participants.orgnr import normalise_orgnr

VALID = [
    ("556036-0793", "556036-0793"),  # aktiebolag, the usual form
    ("5560360793", "556036-0793"),  # without hyphen
    (" 556036 0793 ", "556036-0793"),  # spaces
    ("16556036-0793", "556036-0793"),  # with the century prefix 16 used for legal persons
    ("212000-0142", "212000-0142"),  # a kommun (group 2)
    ("802002-4280", "802002-4280"),  # an ideell förening (group 8)
]


@pytest.mark.parametrize(("value", "expected"), VALID)
def test_valid_numbers_are_normalised(value, expected):
    assert normalise_orgnr(value) == expected


INVALID = [
    ("556036-0794", "checksum"),  # wrong check digit
    ("556036-079", "length"),  # nine digits
    ("55603607931", "length"),  # eleven digits
    ("17556036-0793", "length"),  # twelve digits without the 16 prefix
    ("556O36-0793", "format"),  # a letter O for a zero
    ("900101-0017", "personnummer"),  # a sole trader's personnummer (month 01 < 20)
    ("19900101-0017", "length"),  # a 12-digit personnummer
]


@pytest.mark.parametrize(("value", "code"), INVALID)
def test_invalid_numbers_say_why(value, code):
    with pytest.raises(ValidationError) as exc:
        normalise_orgnr(value)
    assert exc.value.code == code
