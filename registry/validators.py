"""Field validators for the registry's identifiers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc

# ROR ids: "0", six Crockford base32 characters and a two-digit checksum.
ROR_PATTERN = re.compile(r"^https://ror\.org/(0[0-9a-hjkmnp-tv-z]{6}[0-9]{2})$")
ROR_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
WIKIDATA_PATTERN = re.compile(r"^Q[1-9][0-9]*$")
STAR_STOCK_CODE_PATTERN = re.compile(r"^68[89][0-9]{3}$")


def normalize_uscc(value: str) -> str:
    """Upper-case the code and drop spaces and hyphens."""
    return uscc.compact(value or "")


# GB 32100-2015: a registration authority and a category (digits or letters),
# six digits of administrative division, nine characters of organization code
# and a check character. Letters exclude I, O, Z, S and V.
USCC_CHARACTER = "[0-9A-HJ-NPQRTUWXY]"
USCC_REGEX = rf"^{USCC_CHARACTER}{{2}}[0-9]{{6}}{USCC_CHARACTER}{{10}}$"
USCC_FORMAT_MESSAGE = _("Enter an 18-character unified social credit code.")


def validate_uscc(value: str) -> None:
    """A Unified Social Credit Code valid by GB 32100-2015.

    python-stdnum computes the check character, but its format check wants
    eight leading digits, which refuses codes whose authority or category is a
    letter (such as N for farmers' cooperatives); the format is checked here.
    """
    code = normalize_uscc(value)
    if not re.match(USCC_REGEX, code):
        raise ValidationError(USCC_FORMAT_MESSAGE, code="uscc_format")
    if uscc.calc_check_digit(code[:17]) != code[17]:
        raise ValidationError(
            _("The check character of this credit code is wrong."),
            code="uscc_checksum",
        )


def normalize_ror_id(value: str) -> str:
    """Accept "05gxmms51", "ror.org/05gxmms51" or the full URL; store the URL."""
    value = (value or "").strip().lower()
    if not value:
        return ""
    value = re.sub(r"^(https?://)?(www\.)?ror\.org/", "", value)
    return f"https://ror.org/{value}"


def validate_ror_id(value: str) -> None:
    """A well-formed ROR id whose checksum (ISO 7064 mod 97-10) holds."""
    match = ROR_PATTERN.match(normalize_ror_id(value))
    if match:
        body, check = match.group(1)[:-2], int(match.group(1)[-2:])
        number = 0
        for char in body:
            number = number * 32 + ROR_ALPHABET.index(char)
        if 98 - (number * 100) % 97 == check:
            return
    raise ValidationError(
        _("Enter a ROR id such as https://ror.org/05gxmms51."), code="ror_id"
    )


def normalize_wikidata_id(value: str) -> str:
    """Accept "q1115363", " Q1115363 " or the item's URL; store "Q1115363"."""
    value = (value or "").strip()
    value = re.sub(
        r"^(https?://)?(www\.|m\.)?wikidata\.org/(wiki|entity)/",
        "",
        value,
        flags=re.IGNORECASE,
    )
    return value.upper()


def validate_wikidata_id(value: str) -> None:
    if not WIKIDATA_PATTERN.match(value):
        raise ValidationError(
            _("Enter a Wikidata item id such as Q1115363."), code="wikidata_id"
        )


def identifier_in(text: str) -> tuple[str, str] | None:
    """The organization field and stored form of the identifier `text` is
    written as, if it is one: a valid credit code (`uscc`), ROR id (`ror_id`)
    or Wikidata item id (`wikidata_id`); otherwise None."""
    for field, normalize, validate in IDENTIFIERS:
        try:
            validate(text)
        except ValidationError:
            continue
        return field, normalize(text)
    return None


def _validate_wikidata_text(value: str) -> None:
    validate_wikidata_id(normalize_wikidata_id(value))


IDENTIFIERS = [
    ("uscc", normalize_uscc, validate_uscc),
    ("ror_id", normalize_ror_id, validate_ror_id),
    ("wikidata_id", normalize_wikidata_id, _validate_wikidata_text),
]


def validate_star_stock_code(value: str) -> None:
    if not STAR_STOCK_CODE_PATTERN.match(value):
        raise ValidationError(
            _("Enter a six-digit STAR Market stock code such as 688131."),
            code="stock_code",
        )


# Mainland mobile numbers (11 digits from 13x to 19x, optionally with +86), or
# any number in international E.164 form.
MAINLAND_MOBILE_PATTERN = re.compile(r"^(?:\+86)?1[3-9][0-9]{9}$")
INTERNATIONAL_PHONE_PATTERN = re.compile(r"^\+[1-9][0-9]{6,14}$")


def normalize_phone(value: str) -> str:
    """Drop spaces, hyphens, dots and brackets; "0086" becomes "+86"."""
    value = re.sub(r"[\s\-.()]", "", value or "")
    if value.startswith("00"):
        value = "+" + value[2:]
    return value


def validate_phone(value: str) -> None:
    """A mainland mobile number, or an international number starting with +."""
    value = normalize_phone(value)
    if MAINLAND_MOBILE_PATTERN.match(value) or INTERNATIONAL_PHONE_PATTERN.match(value):
        return
    raise ValidationError(
        _(
            "Enter a mainland mobile number such as 13812345678, or an "
            "international number starting with +, such as +44 20 7946 0000."
        ),
        code="phone",
    )
