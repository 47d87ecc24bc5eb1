"""The origin-country guard: personal data of persons of concern never goes to the state
they fled, by any route, unless they consented to it for their own voluntary return.

This is the rule the sharing context's export guard calls (issue #6, part 6). It applies
UNHCR's Policy on the Protection of Personal Data of Persons of Concern (2015), chapter 6
(transfers to third parties), to the one recipient that can most endanger a refugee: data
go to the country of origin only for a voluntary repatriation the person has agreed to, and
then only the data that purpose needs.
Statistics protected by :mod:`limes.registry.disclosure` are not personal data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from limes.errors import LimesError
from limes.registry.consent import ConsentPurpose, ConsentRecord
from limes.registry.disclosure import PublishedTable, check_published
from limes.registry.model import Individual, check_party

PERSONAL_FIELDS: frozenset[str] = frozenset(
    {
        "individual_id",
        "household_id",
        "name_ar",
        "names_latin",
        "sex",
        "date_of_birth",
        "country_of_origin",
        "nationality",
        "documents",
        "status_history",
        "location",
        "household_members",
        "life_events",
        "consents",
        "registered_on",
    }
)
"""Every field of a person's record."""

RETURN_FIELDS: frozenset[str] = frozenset(
    {
        "name_ar",
        "names_latin",
        "sex",
        "date_of_birth",
        "nationality",
        "documents",
        "return_date",
        "crossing_point",
    }
)
"""What a voluntary return needs the country of origin to know: who arrives, with which
documents, where and when. Never the place of refuge, the household left behind, the status
history (the grounds of the claim) or the consents."""


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether data may go to a recipient, which fields, and why (for the audit trail)."""

    allowed: bool
    fields: frozenset[str]
    reason: str
    consent_id: str | None = None


def may_share_personal_data(
    person: Individual,
    recipient_party: str,
    consents: Iterable[ConsentRecord],
    *,
    on: date,
) -> Decision:
    """May ``person``'s record go to ``recipient_party`` (ISO 3166 alpha-3) on the day
    ``on``? The caller gives the day from its clock: this rule reads no clock.

    To the person's country of origin or nationality: refused, unless a consent of theirs for
    a voluntary return to that state is in effect; then only the fields that consent lists
    among :data:`RETURN_FIELDS`. To any other state this rule does not object, and the
    sharing agreement decides.
    """
    check_party(recipient_party, "recipient_party")
    if recipient_party not in person.protected_parties:
        return Decision(
            True,
            PERSONAL_FIELDS,
            f"{recipient_party} is not the person's country of origin or "
            "nationality; the sharing agreement decides",
        )
    status = person.status.value if person.status else "person of concern"
    for consent in consents:
        if consent.covers(
            person.individual_id, ConsentPurpose.VOLUNTARY_RETURN, recipient_party, on
        ):
            fields = consent.fields & RETURN_FIELDS
            if not fields:
                continue  # a consent that lets nothing go does not hide a later one that does
            return Decision(
                True,
                fields,
                f"consent {consent.consent_id} for a voluntary return to "
                f"{recipient_party}; only the fields it lists that the return "
                "needs",
                consent.consent_id,
            )
    return Decision(
        False,
        frozenset(),
        f"personal data of a {status} never goes to {recipient_party}, their "
        "country of origin, without their recorded, specific consent for a "
        "voluntary return",
    )


def may_share_statistics(table: PublishedTable, recipient_party: str) -> Decision:
    """Protected statistics may go to any state, the country of origin included.

    Refused when the table fails :func:`check_published` (a cell from 1 to 4, a total that
    does not add up, or a hidden cell that can be worked out).
    """
    check_party(recipient_party, "recipient_party")
    try:
        check_published(table)
    except LimesError as refused:
        return Decision(False, frozenset(), f"the table is not protected: {refused.message}")
    return Decision(
        True,
        frozenset({"statistics"}),
        f"aggregate statistics under disclosure control ({table.method.value})",
    )


def redact(record: Mapping[str, object], decision: Decision) -> dict[str, object]:
    """Only the fields ``decision`` allows; nothing when it refuses."""
    if not decision.allowed:
        return {}
    return {k: v for k, v in record.items() if k in decision.fields}
