"""Dataverse base mappings: salespeople, customers, vendors, contacts, currencies and the three option mappings.

Read off BC's ``CDSSetupDefaults`` codeunit (Integration/Dataverse). Filters are OData ``$filter`` expressions:
Dataverse filters on column logical names, BC filters on the BC API's field names. "Filter by company" stands for
BC's "company id is this company or empty" condition, whose value only exists once a connection knows its company.
"""

from mappings.choices import Direction
from mappings.defaults.spec import (
    BOTH,
    DATAVERSE_SERVICE,
    FROM,
    TO,
    FieldSpec,
    JobSpec,
    MappingSpec,
    field_spec,
    owner_fields,
)

__all__ = ["DATAVERSE_BASE_MAPPINGS"]

ACCOUNT_FILTER = "statecode eq 0 and customertypecode eq {}"
ACCOUNT_DEPENDENCIES = "SALESPEOPLE|CURRENCY|PAYMENT TERMS|SHIPMENT METHOD|SHIPPING AGENT"


def _address(*, with_contact_name: bool) -> tuple[FieldSpec, ...]:
    """The primary address block that customers, vendors and contacts share; country is never validated."""
    contact_name = (field_spec("Contact", "address1_primarycontactname", BOTH, validate_field=False),)
    return (
        *(contact_name if with_contact_name else ()),
        field_spec("Address", "address1_line1", BOTH),
        field_spec("Address 2", "address1_line2", BOTH),
        field_spec("Post Code", "address1_postalcode", BOTH),
        field_spec("City", "address1_city", BOTH),
        field_spec("Country/Region Code", "address1_country", BOTH, validate_field=False),
        field_spec("County", "address1_stateorprovince", BOTH),
    )


def _account_fields(owner_field: str, credit_limit: tuple[FieldSpec, ...]) -> tuple[FieldSpec, ...]:
    return (
        *owner_fields(owner_field),
        field_spec("Name", "name", BOTH),
        *_address(with_contact_name=True),
        field_spec("Currency Code", "transactioncurrencyid", BOTH),
        field_spec("E-Mail", "emailaddress1", BOTH),
        field_spec("Fax No.", "fax", BOTH),
        field_spec("Home Page", "websiteurl", BOTH),
        field_spec("Phone No.", "telephone1", BOTH),
        field_spec("Shipment Method Code", "address1_freighttermscode", BOTH),
        field_spec("Shipping Agent Code", "address1_shippingmethodcode", BOTH),
        field_spec("Payment Terms Code", "paymenttermscode", BOTH),
        *credit_limit,
        field_spec("Primary Contact No.", "primarycontactid", BOTH, clear_value_on_failed_sync=True),
    )


def _option_mapping(name: str, bc_table: str, option_field: str, source: str) -> MappingSpec:
    """An option mapping: BC codes ↔ the values of one account option set (sync_engine §2.10); never bidirectional."""
    return MappingSpec(
        name=name,
        bc_table=bc_table,
        dataverse_table="account",
        dataverse_option_field=option_field,
        direction=Direction.TO_INTEGRATION,
        fields=(field_spec("Code", option_field, TO, use_for_match_based_coupling=True),),
        synch_after_bulk_coupling=True,
        create_new_if_no_match=True,
        service=DATAVERSE_SERVICE,
        job=JobSpec(30, 1440, category="BCI OPTION"),
        source=f"CDSSetupDefaults.{source}; field direction To as ResetOptionMappingConfiguration sets it",
    )


CUSTOMER_JOB = JobSpec(30, 720, category="BCI CUST")

DATAVERSE_BASE_MAPPINGS: tuple[MappingSpec, ...] = (
    MappingSpec(
        name="SALESPEOPLE",
        bc_table="Salesperson/Purchaser",
        dataverse_table="systemuser",
        direction=Direction.FROM_INTEGRATION,
        dataverse_table_filter="isdisabled eq false and islicensed eq true and isintegrationuser eq false",
        fields=(
            field_spec("E-Mail", "internalemailaddress", FROM),
            field_spec("Name", "fullname", FROM),
            field_spec("Phone No.", "mobilephone", FROM),
        ),
        service=DATAVERSE_SERVICE,
        job=JobSpec(30, 1440, person_model_only=True),
        source="CDSSetupDefaults.ResetSalesPeopleSystemUserMapping",
    ),
    MappingSpec(
        name="CUSTOMER",
        bc_table="Customer",
        dataverse_table="account",
        direction=Direction.BIDIRECTIONAL,
        bc_table_filter="blocked eq ' '",
        dataverse_table_filter=ACCOUNT_FILTER.format(3),
        filter_by_company=True,
        dependency_filter=ACCOUNT_DEPENDENCIES,
        bc_config_template="BCICUST",
        dataverse_config_template="BCICUSTOME",
        fields=_account_fields("Salesperson Code", (field_spec("Credit Limit (LCY)", "creditlimit", TO),)),
        service=DATAVERSE_SERVICE,
        job=CUSTOMER_JOB,
        source="CDSSetupDefaults.ResetCustomerAccountMapping",
    ),
    MappingSpec(
        name="VENDOR",
        bc_table="Vendor",
        dataverse_table="account",
        direction=Direction.BIDIRECTIONAL,
        bc_table_filter="blocked eq ' '",
        dataverse_table_filter=ACCOUNT_FILTER.format(11),
        filter_by_company=True,
        dependency_filter=ACCOUNT_DEPENDENCIES,
        bc_config_template="BCIVEND",
        dataverse_config_template="BCIVENDOR",
        fields=_account_fields("Purchaser Code", ()),
        service=DATAVERSE_SERVICE,
        job=CUSTOMER_JOB,
        source="CDSSetupDefaults.ResetVendorAccountMapping",
    ),
    MappingSpec(
        name="CONTACT",
        bc_table="Contact",
        dataverse_table="contact",
        direction=Direction.BIDIRECTIONAL,
        bc_table_filter="type eq 'Person' and companyNo ne ''",
        # BC filters its proxy table on ParentCustomerIdType = account; the Web API has no such column, so the
        # engine drops contacts whose parent is another contact after reading (mappings.engine.hooks).
        dataverse_table_filter="_parentcustomerid_value ne null and statecode eq 0",
        filter_by_company=True,
        dependency_filter="CUSTOMER|VENDOR",
        fields=(
            *owner_fields("Salesperson Code"),
            field_spec("Currency Code", "transactioncurrencyid", BOTH),
            *_address(with_contact_name=False),
            field_spec("E-Mail", "emailaddress1", BOTH),
            field_spec("Fax No.", "fax", BOTH),
            field_spec("First Name", "firstname", BOTH),
            field_spec("Middle Name", "middlename", BOTH),
            field_spec("Surname", "lastname", BOTH),
            field_spec("Home Page", "websiteurl", BOTH),
            field_spec("Mobile Phone No.", "mobilephone", BOTH),
            field_spec("Pager", "pager", BOTH),
            field_spec("Phone No.", "telephone1", BOTH),
            field_spec("Type", "", FROM, "Person"),
            field_spec("", "parentcustomeridtype", TO, "account", validate_field=False),
        ),
        service=DATAVERSE_SERVICE,
        job=CUSTOMER_JOB,
        source="CDSSetupDefaults.ResetContactContactMapping",
    ),
    MappingSpec(
        name="CURRENCY",
        bc_table="Currency",
        dataverse_table="transactioncurrency",
        direction=Direction.TO_INTEGRATION,
        synch_after_bulk_coupling=True,
        create_new_if_no_match=True,
        fields=(
            field_spec("Code", "isocurrencycode", TO, use_for_match_based_coupling=True),
            field_spec("Symbol", "currencysymbol", TO),
            field_spec("Description", "currencyname", TO),
        ),
        service=DATAVERSE_SERVICE,
        job=JobSpec(30, 720),
        source="CDSSetupDefaults.ResetCurrencyTransactionCurrencyMapping",
    ),
    _option_mapping("PAYMENT TERMS", "Payment Terms", "paymenttermscode", "ResetPaymentTermsMapping"),
    _option_mapping("SHIPMENT METHOD", "Shipment Method", "address1_freighttermscode", "ResetShipmentMethodMapping"),
    _option_mapping("SHIPPING AGENT", "Shipping Agent", "address1_shippingmethodcode", "ResetShippingAgentMapping"),
)
