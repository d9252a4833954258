"""Advanced / Simple on the credentials step redraws it without losing what the administrator typed there."""

import pytest

from sandbox.demo import credentials as demo
from tests.connection_setup.test_wizard import HTMX, begin, submit

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])


def test_advanced_keeps_the_typed_credentials_but_never_renders_the_secret(admin_client):
    setup = begin(admin_client)
    typed = {"tenant": demo.TENANT_ID, "client_id": demo.CLIENT_ID, "client_secret": "typed-secret-value"}

    page = submit(admin_client, setup, "credentials", typed | {"import_solution": "on", "nav": "advanced"}, **HTMX)

    html = page.content.decode()
    assert f'value="{demo.TENANT_ID}"' in html and f'value="{demo.CLIENT_ID}"' in html
    assert "typed-secret-value" not in html


def test_advanced_shows_the_settings_as_the_hidden_inputs_carried_them(admin_client):
    setup = begin(admin_client)

    page = submit(admin_client, setup, "credentials", {"import_solution": "on", "nav": "advanced"}, **HTMX)

    form = page.context["forms"].advanced
    assert form.initial["import_solution"] is True and form.initial["enable_connection"] is False


def test_simple_keeps_the_advanced_choices_made_before_it(admin_client):
    setup = begin(admin_client)
    submit(admin_client, setup, "credentials", {"nav": "advanced"}, **HTMX)

    chosen = {"bidirectional_sales_order_integration": "on", "proxy_version": "91", "nav": "simple"}
    page = submit(admin_client, setup, "credentials", chosen, **HTMX).content.decode()

    assert '<input type="hidden" name="bidirectional_sales_order_integration" value="on">' in page
    assert '<input type="hidden" name="proxy_version" value="91">' in page
    assert 'name="import_solution"' not in page
