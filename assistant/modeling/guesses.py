"""What a column probably is, from its name, type and profiled content; each guess says why."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.modeling.profile import MAX_SAMPLE_VALUES, ColumnProfile, TableProfile

_KEY_NAME = re.compile(r"^(id|uuid)$|_(id|key|uuid|code|no|number)$")
_MONEY_NAME = re.compile(
    r"(^|_)(amount|price|revenue|cost|costs|fee|fees|spend|spent|paid|payment|discount|salary|income|mrr|arr|"
    r"balance|charge|charges|gmv|sales|total|subtotal|tax|refund|budget|invoice_total)(_|$)"
)
_PII_NAMES = {
    "email": "an email address", "e_mail": "an email address", "email_address": "an email address",
    "phone": "a phone number", "phone_number": "a phone number", "mobile": "a phone number",
    "mobile_phone": "a phone number", "tel": "a phone number", "telephone": "a phone number",
    "first_name": "a personal name", "last_name": "a personal name", "full_name": "a personal name",
    "surname": "a personal name", "given_name": "a personal name", "patient_name": "a personal name",
    "customer_name": "a personal name", "contact_name": "a personal name",
    "address": "a postal address", "street": "a postal address", "street_address": "a postal address",
    "ssn": "an ID number", "passport": "an ID number", "passport_number": "an ID number",
    "id_card": "an ID number", "id_number": "an ID number", "national_id": "an ID number",
    "tax_id": "an ID number", "birth_date": "a birth date", "date_of_birth": "a birth date", "dob": "a birth date",
    "ip_address": "an IP address",
}  # fmt: skip
_PERSON_TABLE_HINTS = ("email", "phone", "mobile")
_PERSON_WORDS = ("person", "patient", "contact", "user", "member", "employee", "staff", "owner", "holder", "guest",
                 "student", "doctor", "author")  # fmt: skip
_CONTENT = {
    "email addresses": re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"),
    "phone numbers": re.compile(r"^\+?(?=(?:\D*\d){7,15}\D*$)[\d\s().-]{7,22}$"),
    "ID numbers": re.compile(r"^(\d{17}[\dXx]|\d{3}-\d{2}-\d{4})$"),
    "personal names": re.compile(r"^([A-Z][a-z'-]+( [A-Z][a-z'-]+){1,2}|[\u4e00-\u9fff]{2,4})$"),
}
CONTENT_SHARE = 0.8  # this share of sampled values must look alike before content marks a column personal
TEXT_MIN_MAX_LENGTH, TEXT_MIN_AVG_LENGTH = 80, 15


@dataclass(frozen=True)
class Guess:
    yes: bool
    why: str = ""


def key_named(name: str) -> bool:
    return bool(_KEY_NAME.search(name.lower()))


def money_like(profile: ColumnProfile) -> Guess:
    name = profile.name.lower()
    if profile.column.kind not in ("decimal", "integer", "float"):
        return Guess(False)
    if _MONEY_NAME.search(name):
        return Guess(True, f"numeric and named like money ('{profile.name}')")
    if profile.column.kind == "decimal" and re.search(r",\s*2\)", profile.column.type):
        return Guess(True, f"{profile.column.type}: two decimals, like money")
    return Guess(False)


def personal(profile: ColumnProfile, table: TableProfile) -> Guess:
    """Personal data by name or by content (a share of sampled values shaped like emails, phones...)."""
    name = profile.name.lower()
    if name in _PII_NAMES:
        return Guess(True, f"the name says {_PII_NAMES[name]}")
    if profile.column.kind != "string" or profile.distinct <= MAX_SAMPLE_VALUES or not profile.samples:
        return Guess(False)
    if key_named(name):  # identifiers the data makes up (C0000123) are not personal data
        return Guess(False)
    for what, pattern in _CONTENT.items():
        share = sum(1 for value in profile.samples if pattern.match(value.strip())) / len(profile.samples)
        if share < CONTENT_SHARE:
            continue
        if what == "personal names" and not _names_a_person(name, table):
            continue
        return Guess(True, f"{share:.0%} of {len(profile.samples)} sampled values look like {what}")
    return Guess(False)


def _names_a_person(name: str, table: TableProfile) -> bool:
    """Short capitalised or CJK words are names only where the column or its table speaks of people."""
    has_contact = any(column.lower().endswith(_PERSON_TABLE_HINTS) for column in table.columns)
    return "name" in name and (has_contact or any(word in name for word in _PERSON_WORDS))


def free_text(profile: ColumnProfile) -> Guess:
    if profile.column.kind != "string" or profile.max_length is None or profile.avg_length is None:
        return Guess(False)
    if profile.max_length >= TEXT_MIN_MAX_LENGTH and profile.avg_length >= TEXT_MIN_AVG_LENGTH:
        return Guess(
            True,
            f"free text: {profile.avg_length:.0f} characters on average, up to {profile.max_length:,}, "
            f"{profile.distinct:,} distinct",
        )
    return Guess(False)


def listed_values(profile: ColumnProfile) -> bool:
    """Few distinct values that repeat: list them so questions can name them."""
    return bool(profile.top_values) and profile.distinct * 2 <= max(profile.non_null, 1)
