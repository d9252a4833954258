"""Local option sets of choice columns: ``…/Attributes(LogicalName='x')/Microsoft.Dynamics.CRM.PicklistAttributeMetadata``
with ``$expand=OptionSet``, and the ``InsertOptionValue`` / ``UpdateOptionValue`` actions that option mappings use.

A choice column starts with the options an out-of-the-box organization has (the catalogue below, for the columns
BC's option mappings read; other choice columns start empty). Options added or relabelled through the actions are
stored per table and column and win over the defaults. New options without a Value get the next value from
100000000 up, the range of the default publisher.
"""

import uuid

from sandbox import store
from sandbox.dataverse.api import ApiRequest, ApiResponse
from sandbox.dataverse.errors import DataverseError
from sandbox.dataverse.schema import Column, Table, table_named
from sandbox.odata import parse_expand, parse_select

__all__ = ["DEFAULT_OPTIONS", "insert_option_value", "options_of", "picklist_attribute", "update_option_value"]

SERVICE = "dataverse"
LANGUAGE = 1033
FIRST_CUSTOM_VALUE = 100000000
PICKLIST_CAST = "Microsoft.Dynamics.CRM.PicklistAttributeMetadata"
_FREIGHT_TERMS = {1: "FOB", 2: "No Charge"}
_SHIPPING_METHODS = {1: "Airborne", 2: "DHL", 3: "FedEx", 4: "UPS", 5: "Postal Mail", 6: "Full Load", 7: "Will Call"}
_PAYMENT_TERMS = {1: "Net 30", 2: "2% 10, Net 30", 3: "Net 45", 4: "Net 60"}
DEFAULT_OPTIONS: dict[tuple[str, str], dict[int, str]] = {
    ("account", "paymenttermscode"): _PAYMENT_TERMS,
    ("account", "address1_freighttermscode"): _FREIGHT_TERMS,
    ("account", "address1_shippingmethodcode"): _SHIPPING_METHODS,
    ("account", "shippingmethodcode"): _SHIPPING_METHODS,
    ("salesorder", "paymenttermscode"): _PAYMENT_TERMS,
    ("salesorder", "freighttermscode"): _FREIGHT_TERMS,
    ("salesorder", "shippingmethodcode"): _SHIPPING_METHODS,
}


def _label(text: str) -> dict:
    localized = {"Label": text, "LanguageCode": LANGUAGE, "IsManaged": False}
    return {"LocalizedLabels": [localized], "UserLocalizedLabel": localized}


def _choice_column(entity: object, attribute: object) -> tuple[Table, Column]:
    table = table_named(str(entity or ""))
    if table is None:
        raise DataverseError(404, "0x80040217", f"Could not find an entity with LogicalName '{entity}'.")
    column = table.column(str(attribute or ""))
    if column is None or column.type != "Picklist":
        raise DataverseError.bad_request(f"'{attribute}' is not a choice (Picklist) column of {table.logical_name}.")
    return table, column


def options_of(table: Table, column: Column) -> dict[int, str]:
    """Value → label, defaults overlaid with what the actions stored."""
    options = dict(DEFAULT_OPTIONS.get((table.logical_name, column.name), {}))
    for row in store.find(SERVICE, "optionvalue", entity=table.logical_name, attribute=column.name):
        options[row.data["value"]] = row.data["label"]
    return dict(sorted(options.items()))


def picklist_attribute(request: ApiRequest, table: Table, rest: str) -> ApiResponse:
    """``Attributes(LogicalName='x')/Microsoft.Dynamics.CRM.PicklistAttributeMetadata`` with an optional OptionSet."""
    key, _, cast = rest.removeprefix("Attributes(").partition(")")
    if cast.strip("/") != PICKLIST_CAST:
        raise DataverseError(404, "0x80060888", f"Resource not found for the segment '{rest}'.")
    name = key.partition("=")[2].strip("'") if "=" in key else key
    table, column = _choice_column(table.logical_name, name)
    metadata_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"dataverse-metadata/{table.logical_name}/{column.name}"))
    body = {"LogicalName": column.name, "AttributeType": "Picklist", "EntityLogicalName": table.logical_name}
    select = parse_select(request.query.get("$select"))
    body = {key: value for key, value in body.items() if not select or key in select} | {"MetadataId": metadata_id}
    for item in parse_expand(request.query.get("$expand")):
        if item.navigation != "OptionSet":
            raise DataverseError.bad_request(f"A PicklistAttributeMetadata can expand OptionSet only, not '{item}'.")
        options = [{"Value": value, "Label": _label(text)} for value, text in options_of(table, column).items()]
        body["OptionSet"] = {"MetadataId": str(uuid.uuid5(uuid.UUID(metadata_id), "optionset")), "Options": options}
    context = f"{request.root}$metadata#EntityDefinitions('{table.logical_name}')/Attributes/{PICKLIST_CAST}/$entity"
    return ApiResponse(200, {"@odata.context": context, **body})


def _label_text(body: dict) -> str:
    labels = (body.get("Label") or {}).get("LocalizedLabels") or []
    text = next((str(item.get("Label") or "") for item in labels if item.get("LanguageCode") == LANGUAGE), "")
    if not text.strip():
        raise DataverseError.bad_request(f"The Label needs a LocalizedLabel for language {LANGUAGE}.")
    return text.strip()


def _store_option(table: Table, column: Column, value: int, text: str) -> None:
    row_id = uuid.uuid5(uuid.NAMESPACE_URL, f"optionvalue/{table.logical_name}/{column.name}/{value}")
    data = {"entity": table.logical_name, "attribute": column.name, "value": value, "label": text}
    if store.get(SERVICE, "optionvalue", row_id) is None:
        store.insert(SERVICE, "optionvalue", row_id, data)
    else:
        store.update(SERVICE, "optionvalue", row_id, data)


def _action_input(request: ApiRequest, action: str) -> tuple[Table, Column, dict, dict[int, str]]:
    if request.method != "POST":
        raise DataverseError(405, "0x80060888", f"{action} is an action: call it with POST.")
    body = request.json()
    if body.get("OptionSetName"):
        raise DataverseError.bad_request(f"{action} on a global option set is not supported here; name the column.")
    table, column = _choice_column(body.get("EntityLogicalName"), body.get("AttributeLogicalName"))
    value = body.get("Value")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise DataverseError.bad_request(f"The Value of {action} must be a whole number, not {value!r}.")
    return table, column, body, options_of(table, column)


def insert_option_value(request: ApiRequest) -> ApiResponse:
    table, column, body, options = _action_input(request, "InsertOptionValue")
    value = body.get("Value")
    if value is None:
        value = max([FIRST_CUSTOM_VALUE - 1, *options]) + 1
    elif value in options:
        raise DataverseError.bad_request(
            f"The option value {value} already exists in {table.logical_name}.{column.name}.", "0x80047011"
        )
    _store_option(table, column, value, _label_text(body))
    context = f"{request.root}$metadata#Microsoft.Dynamics.CRM.InsertOptionValueResponse"
    return ApiResponse(200, {"@odata.context": context, "NewOptionValue": value})


def update_option_value(request: ApiRequest) -> ApiResponse:
    table, column, body, options = _action_input(request, "UpdateOptionValue")
    value = body.get("Value")
    if value not in options:
        raise DataverseError(
            404, "0x80047012", f"{table.logical_name}.{column.name} has no option with the value {value}."
        )
    _store_option(table, column, value, _label_text(body))
    return ApiResponse(204)
