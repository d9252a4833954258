"""Coupling criteria that bcsales preselects where BC's setup code chooses none.

BC marks match fields only on its code-keyed mappings (currency, units, option mappings) and leaves CUSTOMER,
CONTACT, the products and the price lists to the administrator, so its Full Synchronization Review stops those
lines with "You must specify which fields … should be used for match-based coupling." until someone opens the
criteria page. We preselect the field a person would pick first (the name, the number, the e-mail) and let a
record without a match be created, so that Sync All on a fresh connection couples what both sides already hold
and creates the rest. The review shows the lines as "Review Selected Coupling Criteria", the dry run lists what
each record would do, and the administrator can change or clear the criteria before starting.
"""

from dataclasses import dataclass

__all__ = ["SUGGESTED_CRITERIA", "SuggestedCriterion"]


@dataclass(frozen=True)
class SuggestedCriterion:
    """A field mapping to match on; lower priorities are tried first, as on the criteria page."""

    bc_field: str
    dataverse_field: str
    priority: int = 1


SUGGESTED_CRITERIA: dict[str, tuple[SuggestedCriterion, ...]] = {
    "CUSTOMER": (SuggestedCriterion("Name", "name"),),
    "VENDOR": (SuggestedCriterion("Name", "name"),),
    "CONTACT": (
        SuggestedCriterion("E-Mail", "emailaddress1"),
        SuggestedCriterion("First Name", "firstname", 2),
        SuggestedCriterion("Surname", "lastname", 2),
    ),
    "ITEM-PRODUCT": (SuggestedCriterion("No.", "productnumber"),),
    "RESOURCE-PRODUCT": (SuggestedCriterion("No.", "productnumber"),),
    "OPPORTUNITY": (SuggestedCriterion("Description", "name"),),
    "PLHEADER-PRICE": (SuggestedCriterion("Code", "name"),),
    "CUSTPRCGRP-PRICE": (SuggestedCriterion("Code", "name"),),
}
