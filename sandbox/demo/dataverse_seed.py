"""Seed the demo Sales environment through ``sandbox.dataverse.service``: organization, business unit, roles,
users (administrator, non-admin integration user, the app's application user, salespeople), currencies, a
price list, products and accounts that match BC records by number or name, contacts, submitted sales orders
and activated quotes. Lines are added while their order or quote is still active, then the header's state
changes, as a Sales user would do it."""

import random
import uuid

from sandbox import store
from sandbox.dataverse import service
from sandbox.dataverse.privileges import CUSTOMIZER_TEMPLATES
from sandbox.dataverse.schema import table_named
from sandbox.demo import bc_data as data
from sandbox.demo import credentials as demo
from sandbox.demo.bc_seed import demo_id

__all__ = ["seed_sales"]

CURRENCIES = [("USD", "US Dollar", "$", 1.0), ("EUR", "Euro", "€", 0.92), ("GBP", "Pound Sterling", "£", 0.79)]
ROLES = ("System Administrator", "Sales Manager", "Salesperson", "Basic User")
ADMIN = str(uuid.UUID(demo.ADMIN_USER_ID))


def _id(table: str, key: str) -> uuid.UUID:
    return demo_id("dataverse", table, key)


def _bind(entity_set: str, table: str, key: str) -> str:
    return f"/{entity_set}({_id(table, key)})"


def _create(table: str, key: str, body: dict) -> uuid.UUID:
    return service.create(table_named(table), body, caller_id=ADMIN, row_id=_id(table, key)).row_id


def _set_state(table: str, key: str, state: int, status: int) -> None:
    service.update(table_named(table), _id(table, key), {"statecode": state, "statuscode": status}, caller_id=ADMIN)


def _organization() -> None:
    for iso, name, symbol, rate in CURRENCIES:
        body = {"isocurrencycode": iso, "currencyname": name, "currencysymbol": symbol, "exchangerate": rate}
        _create("transactioncurrency", iso, {**body, "currencyprecision": 2})
    body = {"name": "cronususa", "basecurrencysymbol": "$", "pricingdecimalprecision": 2, "languagecode": 1033}
    body["basecurrencyid@odata.bind"] = _bind("transactioncurrencies", "transactioncurrency", "USD")
    service.create(table_named("organization"), body, caller_id=ADMIN, row_id=uuid.UUID(demo.ORGANIZATION_ID))
    _create("businessunit", "root", {"name": "cronususa"})
    templates = {name: template for template, name in CUSTOMIZER_TEMPLATES.items()}
    for role in ROLES:
        body = {"name": role, "businessunitid@odata.bind": _bind("businessunits", "businessunit", "root")}
        _create("role", role, body | ({"roletemplateid": templates[role]} if role in templates else {}))


def _user(key: str, first: str, last: str, email: str, *, role: str, **extra) -> None:
    body = {"firstname": first, "lastname": last, "fullname": f"{first} {last}".strip(), "internalemailaddress": email}
    body |= {"domainname": email, "isdisabled": False, "islicensed": True, "isintegrationuser": False, **extra}
    body["businessunitid@odata.bind"] = _bind("businessunits", "businessunit", "root")
    user_id = service.create(table_named("systemuser"), body, caller_id=ADMIN, row_id=_user_id(key)).row_id
    role_id = _id("role", role)
    pair = uuid.uuid5(uuid.NAMESPACE_URL, f"systemuserroles/{user_id}/{role_id}")
    store.insert("dataverse", "systemuserroles", pair, {"systemuserid": str(user_id), "roleid": str(role_id)})


def _user_id(key: str) -> uuid.UUID:
    return uuid.UUID(demo.ADMIN_USER_ID) if key == "admin" else _id("systemuser", key)


def _users() -> None:
    _user(
        "admin",
        "Sales",
        "Administrator",
        demo.ADMIN_UPN,
        role="System Administrator",
        azureactivedirectoryobjectid=demo.ADMIN_USER_ID,
    )
    _user(
        "integration",
        "Business Central",
        "Integration",
        demo.INTEGRATION_UPN,
        role="Basic User",
        azureactivedirectoryobjectid=demo.INTEGRATION_USER_ID,
        isintegrationuser=True,
    )
    _user(
        "application",
        "# Business Central",
        "Integration (app)",
        f"app-{demo.CLIENT_ID[:8]}@{demo.TENANT_DOMAIN}",
        role="Basic User",
        applicationid=demo.CLIENT_ID,
        accessmode=4,
        islicensed=False,
    )
    for code, name, title in data.SALESPEOPLE:
        first, last = name.split(" ", 1)
        _user(code, first, last, f"{first.lower()}@cronus-demosite.com", role="Salesperson", jobtitle=title)
    _user("former", "Dana", "Former", "dana.former@cronus-demosite.com", role="Salesperson", isdisabled=True)


def _products() -> None:
    _create("uomschedule", "default", {"name": "Default Unit", "baseuomname": "Primary Unit", "statecode": 0})
    body = {"name": "Primary Unit", "quantity": 1, "isschedulebaseuom": True}
    _create("uom", "default", {**body, "uomscheduleid@odata.bind": _bind("uomschedules", "uomschedule", "default")})
    price_list = {"name": "CRONUS USA Default Price List", "statecode": 0}
    price_list["transactioncurrencyid@odata.bind"] = _bind("transactioncurrencies", "transactioncurrency", "USD")
    _create("pricelevel", "default", price_list)
    products = [(number, name, price, 1) for number, name, _, price, *_ in data.ITEMS[:10]]
    products += [(number, name, price, 3) for number, name, _, price, *_ in data.RESOURCES[:2]]
    products.append(("SALES-ONLY-1", "Ergonomic Footrest", 39.9, 1))
    for number, name, price, product_type in products:
        body = {"name": name, "productnumber": number, "price": price, "producttypecode": product_type}
        body |= {"quantitydecimal": 2, "statecode": 0, "statuscode": 1}
        body["defaultuomscheduleid@odata.bind"] = _bind("uomschedules", "uomschedule", "default")
        body["defaultuomid@odata.bind"] = _bind("uoms", "uom", "default")
        body["pricelevelid@odata.bind"] = _bind("pricelevels", "pricelevel", "default")
        _create("product", number, body)
        item = {"amount": price, "productid@odata.bind": _bind("products", "product", number)}
        item |= {"pricelevelid@odata.bind": _bind("pricelevels", "pricelevel", "default")}
        _create("productpricelevel", number, {**item, "uomid@odata.bind": _bind("uoms", "uom", "default")})


def _accounts(rng: random.Random) -> list[str]:
    """Accounts with BC customer names (to couple by matching) and a few that exist only in Sales."""
    names = [*data.CUSTOMER_NAMES[:12], "Datum Corporation", "Baldwin Museum of Science", "Liberty's Delightful Sweets"]
    for index, name in enumerate(names):
        city, state, post = data.CITIES[index % len(data.CITIES)]
        body = {"name": name, "customertypecode": 3, "address1_city": city, "address1_stateorprovince": state}
        body |= {"address1_postalcode": f"{post}{rng.randint(10, 99)}", "address1_country": "US", "statecode": 0}
        body |= {"telephone1": f"+1 {rng.randint(201, 989)} 555 {rng.randint(1000, 9999)}"}
        body["ownerid@odata.bind"] = _bind("systemusers", "systemuser", data.SALESPEOPLE[index % 8][0])
        _create("account", name, body)
        for person in range(1 + index % 2):
            first, last = rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES)
            contact = {"firstname": first, "lastname": last, "emailaddress1": f"{first}.{last}@example.com".lower()}
            contact["parentcustomerid_account@odata.bind"] = _bind("accounts", "account", name)
            _create("contact", f"{name} {person}", contact)
    return names


def _document(kind: str, index: int, account: str, rng: random.Random) -> None:
    line_table, parent = ("salesorderdetail", "salesorderid") if kind == "salesorder" else ("quotedetail", "quoteid")
    entity_set = "salesorders" if kind == "salesorder" else "quotes"
    number = f"{'ORD' if kind == 'salesorder' else 'QUO'}-{1001 + index:05d}-C3D2B1"
    body = {
        "name": f"{account} {kind} {index + 1}",
        "customerid_account@odata.bind": _bind("accounts", "account", account),
    }
    body |= {"pricelevelid@odata.bind": _bind("pricelevels", "pricelevel", "default")}
    body |= {"transactioncurrencyid@odata.bind": _bind("transactioncurrencies", "transactioncurrency", "USD")}
    body |= {"ordernumber" if kind == "salesorder" else "quotenumber": number}
    if kind == "quote":
        body["revisionnumber"] = 0
    _create(kind, str(index), body)
    for line in range(1 + index % 3):
        product_no, _name, _, price, *_ = data.ITEMS[(index * 3 + line) % 10]
        detail = {"quantity": rng.randint(1, 10), "priceperunit": price, "sequencenumber": line + 1}
        detail |= {"productid@odata.bind": _bind("products", "product", product_no)}
        detail |= {
            "uomid@odata.bind": _bind("uoms", "uom", "default"),
            f"{parent}@odata.bind": f"/{entity_set}({_id(kind, str(index))})",
        }
        _create(line_table, f"{kind} {index} {line}", detail)
    if kind == "salesorder":
        _set_state(kind, str(index), 1, 3)
    else:
        _set_state(kind, str(index), 1, 2)


def seed_sales() -> None:
    rng = random.Random(11)
    _organization()
    _users()
    _products()
    accounts = _accounts(rng)
    for index in range(4):
        _document("salesorder", index, accounts[index * 2], rng)
    for index in range(3):
        _document("quote", index, accounts[index * 3 + 1], rng)
    for index, account in enumerate(accounts[:3]):
        body = {"name": f"Furniture for {account}", "estimatedvalue": 15000.0 + 5000 * index, "statecode": 0}
        body["customerid_account@odata.bind"] = _bind("accounts", "account", account)
        _create("opportunity", str(index), body)
