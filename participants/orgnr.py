"""Swedish organisation numbers (organisationsnummer) of employers.

The check digit and length are python-stdnum's (`stdnum.se.orgnr`). On top of that:
- a 12-digit form with the century prefix ``16`` (as Skatteverket writes legal persons) is
  accepted and shortened to ten digits;
- a legal person's number has 20 or more in the "month" position (third and fourth digit).
  A number below that is a sole trader's personnummer: personal data of the owner that the
  employer register must not hold, so it is refused with a message that says what to do.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_exceptions
from stdnum.se import orgnr as stdnum_orgnr


def normalise_orgnr(value: str) -> str:
    """Return the number as ``NNNNNN-NNNN`` or raise ValidationError (code says why)."""
    digits = stdnum_orgnr.compact(value or "")
    if len(digits) == 12 and digits.startswith("16"):
        digits = digits[2:]
    try:
        digits = stdnum_orgnr.validate(digits)
    except stdnum_exceptions.InvalidLength:  # (a subclass of InvalidFormat: catch it first)
        raise ValidationError(_("An organisation number has ten digits, e.g. 556036-0793."), code="length") from None
    except stdnum_exceptions.InvalidFormat:
        raise ValidationError(_("Use digits only, e.g. 556036-0793."), code="format") from None
    except stdnum_exceptions.InvalidChecksum:
        raise ValidationError(
            _("The check digit does not match: check the number against the employer's papers."), code="checksum"
        ) from None
    if int(digits[2:4]) < 20:
        raise ValidationError(
            _(
                "This is a personnummer (a sole trader's number). Leave the organisation number empty "
                "for a sole trader: the register does not keep personal identity numbers."
            ),
            code="personnummer",
        )
    return stdnum_orgnr.format(digits)
