"""Freight lines, prices including VAT and the order's price list under extended pricing (sales_flows §1.6, §2.5)."""

from decimal import Decimal

import pytest

from mappings.flows.freight import FREIGHT_DESCRIPTION
from mappings.flows.legacy_orders import create_in_business_central
from mappings.flows.price_lists import DEFAULT_PRICE_LIST
from mappings.flows.quotes import process_sales_quotes
from mappings.flows.vat_prices import bc_round
from mappings.models import TableMapping
from sandbox.bc import service as bc_service
from synclog.models import SyncError
from tests.mappings.flows.test_quotes import _quote
from tests.mappings.flows.world import bc_rows, later, sales_row, sales_rows, sales_setup, store_insert, synchronize

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def _lines(header: dict) -> list[dict]:
    return sorted(bc_rows("Sales Line", **{"Document No.": header["No."]}), key=lambda line: line["Line No."])


def test_freight_amount_becomes_the_last_line_on_the_freight_account(world):
    sales_setup(**{"Freight G/L Acc. No.": "6810"})
    order_id = world.order(lines=(("1000", 2, 100.0), ("LINDA", 1, 80.0)), freightamount=25.5)

    outcome = create_in_business_central(world.connection, order_id)

    lines = _lines(outcome.header)
    freight = lines[-1]
    assert (freight["Type"], freight["No."], freight["Description"]) == ("G/L Account", "6810", FREIGHT_DESCRIPTION)
    assert (freight["Quantity"], freight["Unit Price"], freight["Line No."]) == (1, 25.5, 30000)
    assert [line["Type"] for line in lines] == ["Item", "Resource", "G/L Account"]


def test_freight_without_the_setup_account_is_refused_naming_the_setting(world):
    sales_setup()
    order_id = world.order(freightamount=10.0)

    outcome = create_in_business_central(world.connection, order_id)

    assert outcome.header is None
    assert outcome.message == (
        "The sales order cannot be created. Freight G/L Acc. No. must have a value in Sales & Receivables Setup: "
        "Primary Key=. It cannot be zero or empty."
    )
    assert SyncError.objects.get().dataverse_row_id == order_id
    assert bc_rows("Sales Header") == []


def test_order_without_freight_needs_no_freight_account(world):
    order_id = world.order(freightamount=0)

    outcome = create_in_business_central(world.connection, order_id)

    assert outcome.created and [line["Type"] for line in _lines(outcome.header)] == ["Item"]


def test_quote_freight_becomes_a_freight_line(world):
    sales_setup(**{"Freight G/L Acc. No.": "6810"})
    quote_id = _quote(world, "QUO-F")
    store_insert("quote", sales_row("quote", quote_id) | {"freightamount": 12.0}, row_id=quote_id)

    process_sales_quotes(world.connection)

    quote = bc_rows("Sales Header", **{"Your Reference": "QUO-F"})[0]
    assert [(line["Type"], line["Unit Price"]) for line in _lines(quote)][-1] == ("G/L Account", 12.0)


def _vat_setup(world, customer_group: str) -> None:
    bc_service.create(
        "General Ledger Setup", {"Primary Key": "", "LCY Code": "USD", "Unit-Amount Rounding Precision": 0.01}
    )
    bc_service.create(
        "VAT Posting Setup", {"VAT Bus. Posting Group": "DOMESTIC", "VAT Prod. Posting Group": "VAT25", "VAT %": 25}
    )
    customer = bc_rows("Customer", **{"No.": "C00010"})[0]
    bc_service.update("Customer", customer["id"], {"VAT Bus. Posting Group": customer_group})
    item = bc_rows("Item", **{"No.": "1000"})[0]
    prices = {"Price Includes VAT": True, "VAT Bus. Posting Gr. (Price)": "DOMESTIC"}
    bc_service.update("Item", item["id"], prices | {"VAT Prod. Posting Group": "VAT25"})


def test_price_including_vat_is_converted_and_rounded_as_bc_rounds(world):
    _vat_setup(world, "DOMESTIC")
    order_id = world.order(lines=(("1000", 2, 125.99), ("1100", 1, 125.99)))

    outcome = create_in_business_central(world.connection, order_id)

    prices = [(line["No."], line["Unit Price"]) for line in _lines(outcome.header)]
    assert prices == [("1000", 100.79), ("1100", 125.99)]


def test_price_including_vat_stays_for_a_customer_in_another_vat_group(world):
    _vat_setup(world, "EXPORT")
    order_id = world.order(lines=(("1000", 1, 125.0),))

    outcome = create_in_business_central(world.connection, order_id)

    assert _lines(outcome.header)[0]["Unit Price"] == 125.0


def test_bc_round_takes_halves_away_from_zero():
    assert bc_round(Decimal("0.125"), Decimal("0.01")) == Decimal("0.13")
    assert bc_round(Decimal("-0.125"), Decimal("0.01")) == Decimal("-0.13")
    assert bc_round(Decimal("100.792"), Decimal("0.05")) == Decimal("100.80")


def _pushed_price_list(world) -> dict:
    """A submitted order synchronized into BC, changed there and sent back: the price list it then has."""
    order_id = world.order(ordernumber="SO-PL", lines=(("1000", 1, 100.0),))
    synchronize(world.connection)
    header = bc_rows("Sales Header", **{"Your Reference": "SO-PL"})[0]
    later()
    bc_service.update("Sales Header", header["id"], {"Status": "Open"})
    bc_service.update("Sales Header", header["id"], {"Status": "Released", "Requested Delivery Date": "2025-04-01"})
    synchronize(world.connection)
    price_list_id = sales_row("salesorder", order_id)["_pricelevelid_value"]
    return next(
        row | {"order_no": header["No."]} for row in sales_rows("pricelevel") if str(row["id"]) == price_list_id
    )


def test_extended_pricing_gives_the_order_a_price_list_of_its_own(world):
    TableMapping.objects.create(
        connection=world.connection, name="PLHEADER-PRICE", bc_table="Price List Header", dataverse_table="pricelevel"
    )

    price_list = _pushed_price_list(world)

    assert price_list["name"] == f"Business Central Order {price_list['order_no']} Price List"


def test_without_extended_pricing_the_order_takes_the_price_list_of_its_currency(world):
    price_list = _pushed_price_list(world)

    assert price_list["name"] == DEFAULT_PRICE_LIST
