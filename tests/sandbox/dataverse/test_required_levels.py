"""Column requirement levels as the real Web API has them: system-required columns are refused empty on create and
cannot be cleared; application-required ("business required") columns are a form's concern, so the API accepts rows
without them; columns the platform fills may be left out; EntityDefinitions reports each column's level."""

import pytest

from tests.sandbox.dataverse.conftest import create

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])

# Per entity set, the system-required columns a caller must give, each as (column, the body property that sets it).
SYSTEM_REQUIRED = {
    "transactioncurrencies": (
        ("isocurrencycode", "isocurrencycode"),
        ("currencyname", "currencyname"),
        ("currencysymbol", "currencysymbol"),
        ("exchangerate", "exchangerate"),
    ),
    "solutions": (("uniquename", "uniquename"), ("friendlyname", "friendlyname"), ("version", "version")),
    "pricelevels": (("name", "name"),),
    "products": (("productnumber", "productnumber"),),
    "productpricelevels": (("pricelevelid", "pricelevelid@odata.bind"), ("productid", "productid@odata.bind")),
    "uomschedules": (("name", "name"),),
    "uoms": (("name", "name"), ("uomscheduleid", "uomscheduleid@odata.bind")),
    "quotedetails": (("quoteid", "quoteid@odata.bind"),),
    "salesorderdetails": (("salesorderid", "salesorderid@odata.bind"),),
    "invoicedetails": (("invoiceid", "invoiceid@odata.bind"),),
    "posts": (("regardingobjectid", "regardingobjectid_account@odata.bind"),),
    "businessunits": (("name", "name"),),
    "roles": (("name", "name"), ("businessunitid", "businessunitid@odata.bind")),
    "teams": (("name", "name"), ("businessunitid", "businessunitid@odata.bind")),
    "systemusers": (("businessunitid", "businessunitid@odata.bind"),),
}
CASES = [
    (entity_set, column, body_property)
    for entity_set, pairs in SYSTEM_REQUIRED.items()
    for column, body_property in pairs
]


def _complete_rows(dataverse) -> dict[str, dict]:
    """A body per entity set that fills every system-required column (and nothing else), with its parents made."""
    group = create(dataverse, "uomschedules", {"name": "Units"})
    price_list = create(dataverse, "pricelevels", {"name": "Retail"})
    item = create(dataverse, "products", {"productnumber": "1000"})
    business_unit = f"/businessunits({create(dataverse, 'businessunits', {'name': 'Sales'})})"
    parents = {name: create(dataverse, f"{name}s", {}) for name in ("quote", "salesorder", "invoice")}
    account = create(dataverse, "accounts", {})
    money = {"isocurrencycode": "EUR", "currencyname": "Euro", "currencysymbol": "€", "exchangerate": 0.9}
    return {
        "transactioncurrencies": money,
        "solutions": {"uniquename": "bcsales_test", "friendlyname": "Test", "version": "1.0.0.0"},
        "pricelevels": {"name": "Wholesale"},
        "products": {"productnumber": "1001"},
        "productpricelevels": {
            "pricelevelid@odata.bind": f"/pricelevels({price_list})",
            "productid@odata.bind": f"/products({item})",
        },
        "uomschedules": {"name": "Boxes"},
        "uoms": {"name": "Box", "uomscheduleid@odata.bind": f"/uomschedules({group})"},
        **{f"{name}details": {f"{name}id@odata.bind": f"/{name}s({row})"} for name, row in parents.items()},
        "posts": {"regardingobjectid_account@odata.bind": f"/accounts({account})"},
        "businessunits": {"name": "Service"},
        "roles": {"name": "Clerk", "businessunitid@odata.bind": business_unit},
        "teams": {"name": "Desk", "businessunitid@odata.bind": business_unit},
        "systemusers": {"businessunitid@odata.bind": business_unit},
    }


def _count(dataverse, entity_set: str) -> int:
    return dataverse.get(entity_set, params={"$count": "true"}).json()["@odata.count"]


@pytest.mark.parametrize(("entity_set", "column", "body_property"), CASES)
def test_a_create_without_a_system_required_column_is_refused(dataverse, entity_set, column, body_property):
    body = _complete_rows(dataverse)[entity_set]
    before = _count(dataverse, entity_set)
    refused = dataverse.post(entity_set, json={k: v for k, v in body.items() if k != body_property})
    assert refused.status_code == 400, refused.text
    error = refused.json()["error"]
    assert error["code"] == "0x80040203"
    assert (
        f"The '{column}' attribute of the " in error["message"]
        and "is required and cannot be empty" in error["message"]
    )
    assert _count(dataverse, entity_set) == before
    assert dataverse.post(entity_set, json=body).status_code == 204


def _levels(dataverse, logical_name: str) -> dict[str, str]:
    attributes = dataverse.get(
        f"EntityDefinitions(LogicalName='{logical_name}')/Attributes", params={"$select": "LogicalName,RequiredLevel"}
    ).json()["value"]
    return {item["LogicalName"]: item["RequiredLevel"]["Value"] for item in attributes}


def test_the_cases_above_are_every_system_required_column_a_caller_must_give(dataverse):
    """What the test above walks is what EntityDefinitions reports, so no enforced column goes untested."""
    filled_by_the_service = {"ownerid", "statecode", "productstructure"}
    for entity_set, pairs in SYSTEM_REQUIRED.items():
        found = dataverse.get("EntityDefinitions", params={"$filter": f"EntitySetName eq '{entity_set}'"})
        (definition,) = found.json()["value"]
        attributes = dataverse.get(f"EntityDefinitions(LogicalName='{definition['LogicalName']}')/Attributes")
        reported = {
            item["LogicalName"]
            for item in attributes.json()["value"]
            if item["RequiredLevel"]["Value"] == "SystemRequired"
            and item["IsValidForCreate"]
            and not item["IsPrimaryId"]
        }
        assert reported - filled_by_the_service == {column for column, _ in pairs}, entity_set


def test_entity_definitions_report_the_requirement_level_of_each_column(dataverse):
    account, product, unit_group = (_levels(dataverse, name) for name in ("account", "product", "uomschedule"))
    assert (account["accountid"], account["ownerid"], account["statecode"]) == ("SystemRequired",) * 3
    assert (account["name"], account["telephone1"], account["statuscode"]) == ("ApplicationRequired", "None", "None")
    assert (product["productnumber"], product["name"], product["pricelevelid"]) == (
        "SystemRequired",
        "ApplicationRequired",
        "Recommended",
    )
    assert (unit_group["name"], unit_group["baseuomname"]) == ("SystemRequired", "None")
    assert _levels(dataverse, "contact")["lastname"] == "ApplicationRequired"
    assert _levels(dataverse, "salesorderdetail")["salesorderid"] == "SystemRequired"


def test_a_system_required_column_cannot_be_cleared_by_an_update(dataverse):
    group = create(dataverse, "uomschedules", {"name": "Units"})
    unit = create(dataverse, "uoms", {"name": "Box", "uomscheduleid@odata.bind": f"/uomschedules({group})"})
    for change in ({"name": None}, {"name": ""}, {"uomscheduleid@odata.bind": None}):
        refused = dataverse.patch(f"uoms({unit})", json=change)
        assert (refused.status_code, refused.json()["error"]["code"]) == (400, "0x80040203"), change
    row = dataverse.get(f"uoms({unit})", params={"$select": "name,_uomscheduleid_value"}).json()
    assert (row["name"], row["_uomscheduleid_value"]) == ("Box", group)
    assert dataverse.patch(f"uoms({unit})", json={"quantity": 12}).status_code == 204


def test_the_web_api_accepts_rows_without_their_application_required_columns(dataverse):
    account = create(dataverse, "accounts", {"accountnumber": "C-9"})
    contact = create(dataverse, "contacts", {"firstname": "Ada"})
    product = create(dataverse, "products", {"productnumber": "2000"})
    order = create(dataverse, "salesorders", {"description": "no name, customer or price list"})
    line = create(dataverse, "salesorderdetails", {"salesorderid@odata.bind": f"/salesorders({order})"})
    post = create(dataverse, "posts", {"regardingobjectid_account@odata.bind": f"/accounts({account})"})
    assert dataverse.get(f"accounts({account})", params={"$select": "name"}).json()["name"] is None
    assert dataverse.get(f"contacts({contact})", params={"$select": "lastname,fullname"}).json()["fullname"] == "Ada"
    assert dataverse.get(f"salesorderdetails({line})", params={"$select": "quantity"}).json()["quantity"] is None
    assert dataverse.get(f"products({product})").status_code == dataverse.get(f"posts({post})").status_code == 200
    assert dataverse.patch(f"accounts({account})", json={"name": "Named"}).status_code == 204
    assert dataverse.patch(f"accounts({account})", json={"name": None}).status_code == 204


def test_columns_the_platform_fills_may_be_left_out_of_a_create(dataverse):
    caller = dataverse.get("WhoAmI").json()["UserId"]
    account = dataverse.post("accounts", json={"name": "Owned"}, headers={"Prefer": "return=representation"}).json()
    assert (account["_ownerid_value"], account["statecode"], account["statuscode"]) == (caller, 0, 1)
    product = create(dataverse, "products", {"productnumber": "3000"})
    assert dataverse.get(f"products({product})", params={"$select": "productstructure"}).json()["productstructure"] == 1
