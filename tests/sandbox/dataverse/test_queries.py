"""Query options, paging with next links, `$count`, `$expand`, change tracking and EntityDefinitions."""

import uuid
from xml.etree import ElementTree

import pytest

from sandbox.dataverse import service
from sandbox.dataverse.schema import table_named
from tests.sandbox.dataverse.conftest import create

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])
CALLER = "00000000-0000-0000-0000-000000000001"


def _accounts(count: int) -> None:
    service.write_many(
        table_named("account"),
        [{"name": f"Account {n:03}", "accountnumber": f"N{n:03}", "numberofemployees": n} for n in range(count)],
        mode="create",
        caller_id=CALLER,
    )


def test_filter_supports_comparisons_functions_and_null(dataverse):
    _accounts(20)
    query = "numberofemployees ge 5 and numberofemployees lt 8 and startswith(name,'account') and websiteurl eq null"
    names = [
        row["name"] for row in dataverse.get("accounts", params={"$filter": query, "$orderby": "name"}).json()["value"]
    ]
    assert names == ["Account 005", "Account 006", "Account 007"]
    either = dataverse.get("accounts", params={"$filter": "contains(name,'019') or not (numberofemployees gt 0)"})
    assert sorted(row["name"] for row in either.json()["value"]) == ["Account 000", "Account 019"]


def test_lookup_value_columns_filter_by_guid(dataverse):
    parent = create(dataverse, "accounts", {"name": "Parent"})
    create(dataverse, "contacts", {"lastname": "Kid", "parentcustomerid_account@odata.bind": f"/accounts({parent})"})
    create(dataverse, "contacts", {"lastname": "Orphan"})
    rows = dataverse.get("contacts", params={"$filter": f"_parentcustomerid_value eq {parent}"}).json()["value"]
    assert [row["lastname"] for row in rows] == ["Kid"]


def test_a_guid_column_compared_with_a_string_or_a_text_column_with_a_guid_is_a_400_naming_both_types(dataverse):
    guid_text = str(uuid.uuid4())  # a text column may hold a GUID's text: that compares with a string
    parent = create(dataverse, "accounts", {"name": "Parent", "description": guid_text})
    kid = create(
        dataverse, "contacts", {"lastname": "Kid", "parentcustomerid_account@odata.bind": f"/accounts({parent})"}
    )

    for query, types, kind in (
        (f"accountid eq '{parent}'", "'Edm.Guid' and 'Edm.String'", "Equal"),
        (f"'{parent}' le accountid", "'Edm.String' and 'Edm.Guid'", "LessThanOrEqual"),
        (f"name eq 'Parent' and _modifiedby_value ne '{CALLER}'", "'Edm.Guid' and 'Edm.String'", "NotEqual"),
        (f"description eq {guid_text}", "'Edm.String' and 'Edm.Guid'", "Equal"),  # a text column, an unquoted GUID
    ):
        refused = dataverse.get("accounts", params={"$filter": query})
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "0x80060888"
        assert f"Found operand types {types} for operator kind '{kind}'." in refused.json()["error"]["message"]
    looked_up = dataverse.get("contacts", params={"$filter": f"_parentcustomerid_value eq '{parent}'"})
    assert looked_up.status_code == 400
    assert [row["contactid"] for row in _rows(dataverse, "contacts", f"_parentcustomerid_value eq {parent}")] == [kid]
    assert [row["accountid"] for row in _rows(dataverse, "accounts", f"description eq '{guid_text}'")] == [parent]


def _rows(dataverse, entity_set: str, query: str) -> list[dict]:
    response = dataverse.get(entity_set, params={"$filter": query})
    assert response.status_code == 200, response.text
    return response.json()["value"]


@pytest.mark.parametrize("operator", ["in", "IN"])
def test_odata_in_is_not_implemented_by_the_web_api(dataverse, operator):
    account = create(dataverse, "accounts", {"name": "Adatum"})

    listed = dataverse.get("accounts", params={"$filter": f"name eq 'x' or accountid {operator} ({account})"})
    spelled_out = dataverse.get("accounts", params={"$filter": f"accountid eq {account} or name eq 'x in (y)'"})

    assert listed.status_code == 400
    assert listed.json()["error"] == {"code": "0x80060888", "message": "The method or operation is not implemented."}
    assert [row["accountid"] for row in spelled_out.json()["value"]] == [account]


def test_orderby_top_and_select(dataverse):
    _accounts(10)
    body = dataverse.get(
        "accounts", params={"$orderby": "numberofemployees desc", "$top": "3", "$select": "name"}
    ).json()
    assert [row["name"] for row in body["value"]] == ["Account 009", "Account 008", "Account 007"]
    assert "@odata.nextLink" not in body and set(body["value"][0]) == {"@odata.etag", "name", "accountid"}


def test_maxpagesize_pages_with_next_links_until_every_row_is_read_once(dataverse):
    _accounts(25)
    url, seen = "accounts?$select=name&$count=true", []
    while url:
        body = dataverse.get(url, headers={"Prefer": "odata.maxpagesize=10"}).json()
        assert len(body["value"]) <= 10 and body["@odata.count"] == 25
        seen += [row["name"] for row in body["value"]]
        url = body.get("@odata.nextLink")
    assert sorted(seen) == [f"Account {n:03}" for n in range(25)]


def test_paging_ordered_by_a_data_column_is_stable(dataverse):
    _accounts(7)
    url, seen = "accounts?$orderby=name desc", []
    while url:
        body = dataverse.get(url, headers={"Prefer": "odata.maxpagesize=3"}).json()
        seen += [row["name"] for row in body["value"]]
        url = body.get("@odata.nextLink")
    assert seen == [f"Account {n:03}" for n in reversed(range(7))]


def test_malformed_filter_and_skip_get_clear_400s(dataverse):
    bad = dataverse.get("accounts", params={"$filter": "name eq"})
    assert bad.status_code == 400 and "$filter" in bad.json()["error"]["message"]
    assert dataverse.get("accounts", params={"$skip": "5"}).status_code == 400
    unknown = dataverse.get("accounts", params={"$select": "nosuch"})
    assert unknown.status_code == 400 and "nosuch" in unknown.json()["error"]["message"]


def test_expand_of_a_single_valued_lookup(dataverse):
    contact = create(dataverse, "contacts", {"lastname": "Primary", "firstname": "Pat"})
    account = create(
        dataverse, "accounts", {"name": "With contact", "primarycontactid@odata.bind": f"/contacts({contact})"}
    )
    body = dataverse.get(
        f"accounts({account})", params={"$select": "name", "$expand": "primarycontactid($select=fullname)"}
    ).json()
    assert body["primarycontactid"]["fullname"] == "Pat Primary"


def test_change_tracking_returns_changes_and_deletions_since_the_delta_link(dataverse):
    kept = create(dataverse, "accounts", {"name": "Kept"})
    dropped = create(dataverse, "accounts", {"name": "Dropped"})
    first = dataverse.get("accounts?$select=name", headers={"Prefer": "odata.track-changes"}).json()
    assert len(first["value"]) == 2
    dataverse.patch(f"accounts({kept})", json={"name": "Kept and changed"})
    dataverse.delete(f"accounts({dropped})")
    create(dataverse, "contacts", {"lastname": "Unrelated"})
    delta = dataverse.get(first["@odata.deltaLink"]).json()
    changed = [row["name"] for row in delta["value"] if "name" in row]
    deleted = [row["id"] for row in delta["value"] if row.get("reason") == "deleted"]
    assert changed == ["Kept and changed"] and deleted == [dropped]
    assert dataverse.get(delta["@odata.deltaLink"]).json()["value"] == []


def test_delta_responses_are_paged_and_only_the_last_page_carries_the_delta_link(dataverse):
    first = dataverse.get("accounts?$select=name", headers={"Prefer": "odata.track-changes"}).json()
    ids = [create(dataverse, "accounts", {"name": f"Changed {n}"}) for n in range(4)]
    dataverse.delete(f"accounts({ids[0]})")
    pages, url = [], first["@odata.deltaLink"]
    while url:
        page = dataverse.get(url, headers={"Prefer": "odata.maxpagesize=2"}).json()
        pages.append(page)
        url = page.get("@odata.nextLink")
    assert [len(page["value"]) for page in pages] == [2, 2]
    assert ["@odata.deltaLink" in page for page in pages] == [False, True]
    values = [row for page in pages for row in page["value"]]
    assert [row.get("name") for row in values[:3]] == ["Changed 1", "Changed 2", "Changed 3"]
    assert values[-1] == {**values[-1], "id": ids[0], "reason": "deleted"}
    assert dataverse.get(pages[-1]["@odata.deltaLink"]).json()["value"] == []


def test_entity_definitions_filter_by_logical_name_with_attributes(dataverse):
    body = dataverse.get(
        "EntityDefinitions",
        params={
            "$select": "LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute",
            "$filter": "LogicalName eq 'account'",
            "$expand": "Attributes($select=LogicalName,AttributeType,MaxLength)",
        },
    ).json()
    [account] = body["value"]
    assert (account["EntitySetName"], account["PrimaryIdAttribute"], account["PrimaryNameAttribute"]) == (
        "accounts",
        "accountid",
        "name",
    )
    name = next(a for a in account["Attributes"] if a["LogicalName"] == "name")
    assert (name["AttributeType"], name["MaxLength"]) == ("String", 160)
    single = dataverse.get("EntityDefinitions(LogicalName='salesorder')/Attributes").json()["value"]
    assert any(a["LogicalName"] == "statecode" for a in single)


def test_collection_valued_expand_returns_each_orders_lines(dataverse):
    first = create(dataverse, "salesorders", {"name": "SO-1"})
    second = create(dataverse, "salesorders", {"name": "SO-2"})
    empty = create(dataverse, "salesorders", {"name": "SO-3"})
    for order, quantities in ((first, (1, 2)), (second, (5,))):
        for quantity in quantities:
            line = {"quantity": quantity, "salesorderid@odata.bind": f"/salesorders({order})"}
            create(dataverse, "salesorderdetails", line)
    body = dataverse.get(
        "salesorders", params={"$select": "name", "$expand": "order_details($select=quantity)", "$orderby": "name"}
    ).json()
    lines = {row["name"]: sorted(line["quantity"] for line in row["order_details"]) for row in body["value"]}
    assert lines == {"SO-1": [1, 2], "SO-2": [5], "SO-3": []}
    assert set(body["value"][0]["order_details"][0]) == {"@odata.etag", "quantity", "salesorderdetailid"}
    single = dataverse.get(f"salesorders({empty})", params={"$expand": "order_details"}).json()
    assert single["order_details"] == []


def test_expand_of_an_unknown_navigation_property_is_a_400(dataverse):
    response = dataverse.get("salesorders", params={"$expand": "order_lines"})
    assert response.status_code == 400
    assert "'order_lines' is not a navigation property of salesorder" in response.json()["error"]["message"]


def test_metadata_describes_entity_types_properties_navigation_and_entity_sets(dataverse):
    response = dataverse.get("$metadata")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/xml")
    edm = "{http://docs.oasis-open.org/odata/ns/edm}"
    schema = ElementTree.fromstring(response.content).find(f".//{edm}Schema")
    account = schema.find(f"{edm}EntityType[@Name='account']")
    assert account.find(f"{edm}Key/{edm}PropertyRef").get("Name") == "accountid"
    assert account.find(f"{edm}Property[@Name='name']").attrib == {
        "Name": "name",
        "Type": "Edm.String",
        "MaxLength": "160",
    }
    assert account.find(f"{edm}Property[@Name='_primarycontactid_value']").get("Type") == "Edm.Guid"
    assert account.find(f"{edm}NavigationProperty[@Name='primarycontactid']").get("Type") == "mscrm.contact"
    order = schema.find(f"{edm}EntityType[@Name='salesorder']")
    lines = order.find(f"{edm}NavigationProperty[@Name='order_details']")
    assert lines.get("Type") == "Collection(mscrm.salesorderdetail)"
    entity_set = schema.find(f"{edm}EntityContainer/{edm}EntitySet[@Name='accounts']")
    assert entity_set.get("EntityType") == "Microsoft.Dynamics.CRM.account"
    assert schema.find(f"{edm}Function[@Name='RetrieveVersion']") is not None


def test_a_url_longer_than_32768_characters_is_refused_with_414_and_the_limit(dataverse):
    _accounts(1)
    terms = [f"name eq 'Account {n:05}'" for n in range(1200)]

    def get(count: int):
        request = dataverse.build_request("GET", "accounts", params={"$filter": " or ".join(terms[:count])})
        return len(str(request.url)), dataverse.send(request)

    length, refused = get(1200)
    assert length > 32768 and refused.status_code == 414
    assert "at most 32,768" in refused.json()["error"]["message"]
    length, answered = get(800)
    assert length < 32768 and answered.status_code == 200
