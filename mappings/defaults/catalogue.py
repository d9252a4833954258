"""Which default mappings and jobs a connection gets, following its switches (connection_setup §6.7).

The order is BC's: the Dataverse base mappings, then units, products, prices, invoices, opportunities and sales
orders. Jobs that run flows rather than mappings are the connection set-up's (connection_setup.services.jobs).
The ownership model trims what only the Person model needs: owner field mappings, the SALESPEOPLE job and
the SALESPEOPLE dependency of customers and vendors.
"""

from dataclasses import dataclass, replace
from itertools import product

from mappings.defaults.dataverse_base import DATAVERSE_BASE_MAPPINGS
from mappings.defaults.sales_documents import (
    BIDIRECTIONAL_SALES_ORDER_MAPPINGS,
    INVOICE_MAPPINGS,
    LEGACY_SALES_ORDER_MAPPINGS,
    OPPORTUNITY_MAPPING,
)
from mappings.defaults.sales_products import (
    LEGACY_PRICE_MAPPINGS,
    UNIT_GROUP_MAPPINGS,
    UNIT_OF_MEASURE_MAPPINGS,
    price_list_mappings,
    product_mappings,
)
from mappings.defaults.spec import MappingSpec

__all__ = [
    "Switches",
    "catalogue_names",
    "default_mapping",
    "default_mappings",
]


@dataclass(frozen=True)
class Switches:
    """The connection settings that change the default set-up."""

    person_ownership: bool = False
    unit_groups: bool = True
    extended_pricing: bool = True
    legacy_sales_orders: bool = False
    bidirectional_sales_orders: bool = False

    @classmethod
    def of(cls, connection, *, extended_pricing: bool = True) -> "Switches":
        """Read the switches off a ``connection_setup.Connection``."""
        return cls(
            person_ownership=connection.ownership_model == "Person",
            unit_groups=connection.unit_group_mapping_enabled,
            extended_pricing=extended_pricing,
            legacy_sales_orders=connection.legacy_sales_order_integration,
            bidirectional_sales_orders=connection.bidirectional_sales_order_integration,
        )


def _sales_orders(switches: Switches) -> tuple[MappingSpec, ...]:
    # With both flags set BC builds the legacy mapping and then overwrites it with the bidirectional one.
    if switches.bidirectional_sales_orders:
        return BIDIRECTIONAL_SALES_ORDER_MAPPINGS
    return LEGACY_SALES_ORDER_MAPPINGS if switches.legacy_sales_orders else ()


def _for_ownership(spec: MappingSpec, person: bool) -> MappingSpec:
    if person:
        return spec
    job = None if spec.job and spec.job.person_model_only else spec.job
    dependencies = "|".join(name for name in spec.dependency_filter.split("|") if name != "SALESPEOPLE")
    fields = tuple(field for field in spec.fields if not field.person_model_only)
    return replace(spec, job=job, dependency_filter=dependencies, fields=fields)


def default_mappings(switches: Switches) -> tuple[MappingSpec, ...]:
    """Every default table mapping for these switches, in BC's set-up order."""
    units = UNIT_GROUP_MAPPINGS if switches.unit_groups else UNIT_OF_MEASURE_MAPPINGS
    prices = (
        price_list_mappings(unit_groups=switches.unit_groups) if switches.extended_pricing else LEGACY_PRICE_MAPPINGS
    )
    specs = (
        *DATAVERSE_BASE_MAPPINGS,
        *units,
        *product_mappings(unit_groups=switches.unit_groups),
        *prices,
        *INVOICE_MAPPINGS,
        OPPORTUNITY_MAPPING,
        *_sales_orders(switches),
    )
    return tuple(_for_ownership(spec, switches.person_ownership) for spec in specs)


def default_mapping(name: str, switches: Switches) -> MappingSpec | None:
    """The default declaration of one mapping, or None for a mapping that is not in the catalogue."""
    return next((spec for spec in default_mappings(switches) if spec.name == name), None)


def catalogue_names() -> set[str]:
    """Every mapping name any switch setting can create; the ones a setting does not choose are removed by it."""
    variants = product((False, True), (False, True), (False, True))
    return {
        spec.name
        for unit_groups, extended_pricing, bidirectional in variants
        for spec in default_mappings(
            Switches(
                unit_groups=unit_groups,
                extended_pricing=extended_pricing,
                legacy_sales_orders=not bidirectional,
                bidirectional_sales_orders=bidirectional,
            )
        )
    }
