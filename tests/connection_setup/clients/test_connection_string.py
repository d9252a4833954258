"""Connection strings: every format of BC's templates parses, builds back without secrets, and every malformed or
unsupported string is refused with a message that names the token at fault."""

import pytest

from connection_setup.clients.connection_string import AuthType, parse_connection_string
from connection_setup.clients.errors import ConnectionStringError

APP = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"
URL = "https://cronus.crm4.dynamics.com"
SECRET_STRING = f"AuthType=ClientSecret; Url={URL}; ClientId={APP}; ClientSecret={{CLIENTSECRET}}; ProxyVersion=100;"
CERTIFICATE_STRING = f"AuthType=Certificate; Url={URL}; ClientId={APP}; Certificate={{CERTIFICATE}}; ProxyVersion=100;"
OAUTH_STRING = (
    "Url=https://crm.contoso.local/cronus; UserName=bob@contoso.local; Password={PASSWORD}; ProxyVersion=9; "
    f"AuthType=OAuth; AppId={APP} ;RedirectUri=app://58145B91-0C36-4500-8554-080854F2AC97 ;"
    "TokenCacheStorePath=c:\\tokens ;LoginPrompt=Auto;"
)


def _refusal(text: str) -> str:
    with pytest.raises(ConnectionStringError) as caught:
        parse_connection_string(text)
    return caught.value.message


def test_the_client_secret_template_parses():
    parsed = parse_connection_string(SECRET_STRING)

    assert parsed.auth_type == AuthType.CLIENT_SECRET
    assert (parsed.url, parsed.client_id, parsed.proxy_version) == (URL, APP, 100)
    assert parsed.unresolved() == ["ClientSecret"]


def test_the_certificate_template_parses():
    parsed = parse_connection_string(CERTIFICATE_STRING)

    assert parsed.auth_type == AuthType.CERTIFICATE
    assert parsed.unresolved() == ["Certificate"]


def test_the_on_premises_oauth_string_parses_every_token():
    parsed = parse_connection_string(OAUTH_STRING)

    assert parsed.auth_type == AuthType.OAUTH
    assert parsed.url == "https://crm.contoso.local/cronus"
    assert parsed.user_name == "bob@contoso.local"
    assert parsed.client_id == APP
    assert parsed.redirect_uri == "app://58145B91-0C36-4500-8554-080854F2AC97"
    assert parsed.token_cache_store_path == "c:\\tokens"
    assert parsed.login_prompt == "Auto"
    assert parsed.proxy_version == 9
    assert parsed.unresolved() == ["Password"]


def test_the_administrator_access_token_string_parses():
    parsed = parse_connection_string(f"Url={URL}; AccessToken=eyJ0eXAi.abc.def; ProxyVersion=100; AuthType=Office365;")

    assert parsed.auth_type == AuthType.OFFICE365
    assert parsed.access_token == "eyJ0eXAi.abc.def"


@pytest.mark.parametrize("text", [SECRET_STRING, CERTIFICATE_STRING, OAUTH_STRING])
def test_a_template_builds_back_to_an_equal_string(text):
    parsed = parse_connection_string(text)

    assert parse_connection_string(parsed.template()) == parsed


def test_the_stored_template_never_holds_the_secret():
    entered = f'AuthType=ClientSecret; Url={URL}; ClientId={APP}; ClientSecret="s3cr;et""x"; ProxyVersion=100'

    parsed = parse_connection_string(entered)

    assert parsed.client_secret == 's3cr;et"x'
    assert parsed.template() == SECRET_STRING
    assert "s3cr" not in repr(parsed)


def test_placeholders_are_filled_with_the_stored_credentials():
    parsed = parse_connection_string(OAUTH_STRING).with_credentials(password="hunter2", client_secret="ignored")

    assert parsed.password == "hunter2"
    assert parsed.client_secret == ""
    assert parsed.require_resolved() is parsed


def test_a_set_value_is_not_replaced_by_a_stored_credential():
    parsed = parse_connection_string(SECRET_STRING.replace("{CLIENTSECRET}", "typed")).with_credentials(
        client_secret="stored"
    )

    assert parsed.client_secret == "typed"


def test_an_unfilled_placeholder_is_named_at_connect_time():
    with pytest.raises(ConnectionStringError) as caught:
        parse_connection_string(SECRET_STRING).require_resolved()

    assert "ClientSecret={CLIENTSECRET}" in caught.value.message


def test_token_names_are_matched_without_case_spaces_or_the_sdk_aliases():
    parsed = parse_connection_string(f"authtype=clientsecret; Service Uri={URL}; APPID={APP}; Secret=x")

    assert (parsed.auth_type, parsed.url, parsed.client_id, parsed.client_secret) == (
        AuthType.CLIENT_SECRET,
        URL,
        APP,
        "x",
    )


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("", "empty"),
        (f"Url={URL}; ClientId={APP}; ClientSecret=x", "no AuthType"),
        (f"AuthType=Kerberos; Url={URL}", "AuthType=Kerberos"),
        (f"AuthType=ClientSecret; ClientId={APP}; ClientSecret=x", "no Url"),
        (f"AuthType=ClientSecret; Url={URL}; ClientSecret=x", "no ClientId"),
        (f"AuthType=ClientSecret; Url={URL}; ClientId={APP}", "no ClientSecret"),
        (f"AuthType=ClientSecret; Url={URL}; ClientId={APP}; ClientSecret= ", "no ClientSecret"),
        (f"AuthType=Certificate; Url={URL}; ClientId={APP}", "no Certificate"),
        (f"AuthType=OAuth; Url={URL}; Password=p; AppId={APP}", "no UserName"),
        (f"AuthType=OAuth; Url={URL}; UserName=bob; AppId={APP}", "no Password"),
        (f"AuthType=OAuth; Url={URL}; UserName=bob; Password=p; AppId= ;", "no AppId"),
        (f"AuthType=ClientSecret; Url=ftp://cronus; ClientId={APP}; ClientSecret=x", "Url=ftp://cronus"),
        (f"AuthType=ClientSecret; Url=cronus; ClientId={APP}; ClientSecret=x", "Url=cronus"),
        (f"AuthType=ClientSecret; Url={URL}; ClientId=my-app; ClientSecret=x", "my-app is not a GUID"),
        (f"AuthType=ClientSecret; Url={URL}; ClientId={APP}; ClientSecret=x; ProxyVersion=v9", "ProxyVersion=v9"),
        (f"AuthType=ClientSecret; Url={URL}; Url={URL}; ClientId={APP}; ClientSecret=x", "Url appears more"),
        (f"AuthType=ClientSecret; Url={URL}; ServiceUri={URL}; ClientId={APP}; ClientSecret=x", "Url appears more"),
        (f"AuthType=ClientSecret; Url={URL}; ClientId={APP}; ClientSecret=x; Colour=blue", "'Colour'"),
        (f"AuthType=ClientSecret; Url={URL}; ClientId={APP}; ClientSecret=x; garbage", "'garbage'"),
        (f"AuthType=ClientSecret; Url={URL}; ClientId={APP}; ClientSecret=x; UserName=bob", "UserName does not"),
        (f"AuthType=ClientSecret; Url={URL}; ClientId={APP}; ClientSecret=x; LoginPrompt=Auto", "LoginPrompt does"),
        (f"AuthType=OAuth; Url={URL}; UserName=b; Password=p; AppId={APP}; RedirectUri=nowhere", "RedirectUri=nowhere"),
        (f"AuthType=OAuth; Url={URL}; UserName=b; Password=p; AppId={APP}; LoginPrompt=Sometimes", "LoginPrompt=Some"),
        (f"AuthType=OAuth; Url={URL}; UserName=b; Password=p; AppId={APP}; LoginPrompt=Always", "interactive sign-in"),
        (f"AuthType=Certificate; Url={URL}; ClientId={APP}; Thumbprint=AB12; StoreName=My", "Thumbprint="),
    ],
)
def test_a_malformed_string_is_refused_naming_the_token(text, named):
    assert named in _refusal(text)


def test_the_deprecated_office365_password_type_is_refused_with_what_to_use_instead():
    message = _refusal(
        f"Url={URL}; UserName=bob@cronus.com; Password={{PASSWORD}}; ProxyVersion=9; AuthType=Office365;"
    )

    assert "deprecated" in message
    assert "use AuthType=ClientSecret or AuthType=Certificate" in message


@pytest.mark.parametrize(
    ("text", "instead"),
    [
        (
            f"Url={URL}; UserName=bob; Password={{PASSWORD}}; AuthType=AD; Domain=CRONUS;",
            "Domain= belongs to AuthType=AD",
        ),
        (f"Url={URL}; UserName=bob; Password={{PASSWORD}}; AuthType=AD;", "AuthType=AD (Windows sign-in"),
        (f"Url={URL}; UserName=bob; Password={{PASSWORD}}; AuthType=IFD;", "AuthType=IFD"),
        (f"Url={URL}; UserName=b; Password=p; AuthType=IFD; HomeRealmUri= ;", "HomeRealmUri= belongs to AuthType=IFD"),
    ],
)
def test_the_unsupported_on_premises_types_are_refused_with_what_to_use_instead(text, instead):
    assert instead in _refusal(text)


def test_the_error_code_names_the_token():
    with pytest.raises(ConnectionStringError) as caught:
        parse_connection_string(f"AuthType=ClientSecret; Url={URL}; ClientSecret=x")

    assert caught.value.code == "InvalidConnectionString.ClientId"
