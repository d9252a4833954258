"""The extra field mappings BC adds after every default set-up (``AddExtraIntegrationFieldMappings``).

Read off ``CRMIntegrationManagement.AddExtraFieldMappings`` (Integration/Dataverse), which ``CDSSetupDefaults``
and ``CRMSetupDefaults`` call at the end of Use Default Synchronization Setup and after a mapping's reset. They go
to every real (not temporary) mapping between the named tables, default or custom, and arrive **disabled**: an
administrator switches on the ones wanted. A field or column the mapping already maps is left alone.
"""

from mappings.choices import MappingStatus
from mappings.defaults.spec import BOTH, TO, FieldSpec, field_spec

__all__ = ["EXTRA_FIELD_MAPPINGS", "extra_field_mappings"]

SOURCE = "CRMIntegrationManagement.AddExtraFieldMappings"


def _extra(bc_field: str, dataverse_field: str, direction) -> FieldSpec:
    return field_spec(bc_field, dataverse_field, direction, status=MappingStatus.DISABLED)


_ACCOUNT_EXTRAS = (_extra("No.", "accountnumber", TO), _extra("Mobile Phone No.", "telephone2", BOTH))

# (BC table, Dataverse table) → extra field mappings, in BC's insertion order.
EXTRA_FIELD_MAPPINGS: dict[tuple[str, str], tuple[FieldSpec, ...]] = {
    ("Customer", "account"): _ACCOUNT_EXTRAS,
    ("Vendor", "account"): _ACCOUNT_EXTRAS,
    ("Contact", "contact"): (_extra("Salutation Code", "salutation", BOTH),),
    ("Salesperson/Purchaser", "systemuser"): (
        _extra("Job Title", "jobtitle", BOTH),
        _extra("E-Mail 2", "personalemailaddress", BOTH),
    ),
    ("Opportunity", "opportunity"): (
        _extra("Date Closed", "actualclosedate", TO),
        _extra("Probability %", "closeprobability", TO),
        _extra("Calcd. Current Value (LCY)", "actualvalue", TO),
    ),
}


def extra_field_mappings(bc_table: str, dataverse_table: str) -> tuple[FieldSpec, ...]:
    """The extras BC adds to a mapping between these two tables; none for other pairs."""
    return EXTRA_FIELD_MAPPINGS.get((bc_table, dataverse_table), ())
