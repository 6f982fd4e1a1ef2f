"""Personnummer and samordningsnummer: validation, normal form, masking, encryption at rest.

Accepted input: ``YYMMDD-NNNN``, ``YYMMDD+NNNN`` (100 years or older), ``YYYYMMDDNNNN``,
``YYYYMMDD-NNNN``, with or without the separator. A samordningsnummer has 60 added to the
day. The normal form is 12 digits (``YYYYMMDDNNNN``).

At rest the number is encrypted (Fernet, keys from PERSONNUMMER_KEYS; the first key encrypts,
all keys decrypt, which is how keys are rotated: see docs/security.md) and indexed by a
keyed hash (HMAC-SHA256 with PERSONNUMMER_HASH_KEY) so that duplicates can be found without
decrypting.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _
from stdnum import luhn

from krami.models import Gender

_PATTERN = re.compile(r"^(\d{2})?(\d{2})(\d{2})(\d{2})([-+]?)(\d{4})$")


@dataclass(frozen=True)
class Personnummer:
    digits: str  # 12 digits, normal form
    birth_date: date
    coordination: bool


def parse(value: str, *, today: date | None = None) -> Personnummer:
    """Validate and normalise; raises ValidationError with a message for the user."""
    today = today or date.today()
    raw = re.sub(r"\s", "", value or "")
    match = _PATTERN.match(raw)
    if not match:
        raise ValidationError(
            _("Enter the personnummer as YYYYMMDD-NNNN or YYMMDD-NNNN."), code="format"
        )
    century, yy, mm, dd, sep, tail = match.groups()
    day = int(dd)
    coordination = day > 60
    if coordination:
        day -= 60
    if century is None:
        # Ten digits: the century follows from the separator ('+' means 100 years or older).
        year = today.year - (today.year - int(yy)) % 100
        if sep == "+":
            year -= 100
        elif year > today.year:
            year -= 100
    else:
        year = int(century + yy)
    try:
        born = date(year, int(mm), day)
    except ValueError:
        raise ValidationError(_("The date in the personnummer does not exist."), code="date") from None
    if born > today:
        raise ValidationError(_("The date in the personnummer is in the future."), code="date")
    if not luhn.is_valid(f"{yy}{mm}{dd}{tail}"):
        raise ValidationError(_("The check digit is wrong; please check the number."), code="checksum")
    return Personnummer(digits=f"{year:04d}{mm}{dd}{tail}", birth_date=born, coordination=coordination)


def gender_default(digits: str) -> str:
    """The gender the number was issued for: the ninth digit (the last of the serial) is odd for a man,
    even for a woman. Only a default: the register records the gender the person states (krami.models.Gender)."""
    return Gender.MAN if int(digits[-2]) % 2 else Gender.WOMAN


def invented(born: date, serial: int, *, coordination: bool = False) -> str:
    """``YYYYMMDD-NNNC`` with a valid check digit, for an invented person (demo, scale data, tests).

    The one generator of invented numbers (issue 14). Demo and scale data use serials 900–999, which
    the tax agency keeps out of use for test numbers' sake; a samordningsnummer adds 60 to the day.
    """
    day = born.day + (60 if coordination else 0)
    body = f"{born:%y%m}{day:02d}{serial % 1000:03d}"
    return f"{born:%Y%m}{day:02d}-{serial % 1000:03d}{luhn.calc_check_digit(body)}"


def mask(birth_date: date, *, coordination: bool = False) -> str:
    """``19900101-****``: enough to tell people apart in a list, not enough to identify them."""
    day = birth_date.day + (60 if coordination else 0)
    return f"{birth_date.year:04d}{birth_date.month:02d}{day:02d}-****"


def display(digits: str) -> str:
    """``19900101-1234`` from the 12-digit normal form."""
    return f"{digits[:8]}-{digits[8:]}"


# --- Encryption at rest -----------------------------------------------------------


def _derived_key(label: str) -> bytes:
    """A development key derived from SECRET_KEY; only used when DEBUG is on."""
    digest = hashlib.sha256(f"{label}:{settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode() if isinstance(k, str) else k) for k in keys])


def _keys() -> tuple[str, ...]:
    keys = tuple(getattr(settings, "PERSONNUMMER_KEYS", ()) or ())
    if keys:
        return keys
    if settings.DEBUG or getattr(settings, "KRAMI_TESTING", False):
        return (_derived_key("pnr-encryption").decode(),)
    raise ImproperlyConfigured("PERSONNUMMER_KEYS must be set when DEBUG is off.")


def _hash_key() -> bytes:
    key = getattr(settings, "PERSONNUMMER_HASH_KEY", "")
    if key:
        return key.encode()
    if settings.DEBUG or getattr(settings, "KRAMI_TESTING", False):
        return _derived_key("pnr-hash")
    raise ImproperlyConfigured("PERSONNUMMER_HASH_KEY must be set when DEBUG is off.")


def encrypt(digits: str) -> str:
    return _fernet(_keys()).encrypt(digits.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(_keys()).decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured("A personnummer cannot be decrypted with the configured keys.") from None


def rotate(token: str) -> str:
    """Re-encrypt with the first (current) key."""
    return _fernet(_keys()).rotate(token.encode()).decode()


def lookup_hash(digits: str) -> str:
    return hmac.new(_hash_key(), digits.encode(), hashlib.sha256).hexdigest()
