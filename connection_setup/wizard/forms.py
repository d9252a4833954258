"""One form per step of "Set up a connection to Dynamics 365 Sales"; each validates its own step."""

from django import forms
from django.core.exceptions import ValidationError

from connection_setup.forms import ConnectionFieldsForm, ConnectionForm
from connection_setup.models import MUTUAL_EXCLUSION_MESSAGE, AssistedSetup, Connection

__all__ = ["AdvancedForm", "BusinessCentralForm", "CredentialsForm", "StartForm"]

BLANK_URL_MESSAGE = "You must specify the URL of your Dynamics 365 Sales solution."


class StartForm(ConnectionFieldsForm):
    """Welcome: a name for the connection and the Dynamics 365 Sales URL."""

    class Meta:
        model = Connection
        fields = ["name", "server_address"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["server_address"].error_messages["required"] = BLANK_URL_MESSAGE
        self.fields["server_address"].widget.attrs["placeholder"] = "https://mycrm.crm4.dynamics.com"


class CredentialsForm(ConnectionForm):
    """The integration user's credentials; the secret inputs are write-only as on the setup page."""

    class Meta(ConnectionForm.Meta):
        fields = [
            "tenant",
            "authority_host",
            "authentication_type",
            "client_id",
            "client_secret",
            "certificate",
            "user_name",
            "password",
            "integration_user_name",
        ]


class AdvancedForm(forms.Form):
    """The seed's advanced settings: solution import, item availability, the sales order modes, enable, SDK."""

    import_solution = forms.BooleanField(required=False, label="Import Dynamics 365 Sales Solution")
    item_availability_enabled = forms.BooleanField(
        required=False,
        label="Automatically Synchronize Item Availability",
        help_text="Schedules the item availability job queue entry, which runs every 30 minutes.",
    )
    legacy_sales_order_integration = forms.BooleanField(
        required=False,
        label="Enable Legacy Sales Order Integration",
        help_text="Cannot be used together with Bidirectional Sales Order Integration.",
    )
    enable_connection = forms.BooleanField(required=False, label="Enable Dynamics 365 Sales Connection")
    proxy_version = forms.TypedChoiceField(
        coerce=int,
        choices=Connection._meta.get_field("proxy_version").choices,
        label="Dynamics 365 SDK Version",
        help_text="Must be equal to or newer than the version used by Dynamics 365 Sales.",
    )
    bidirectional_sales_order_integration = forms.BooleanField(
        required=False,
        label="Enable Bidirectional Sales Order Integration",
        help_text="Cannot be used together with Legacy Sales Order Integration.",
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("legacy_sales_order_integration") and data.get("bidirectional_sales_order_integration"):
            raise ValidationError(MUTUAL_EXCLUSION_MESSAGE)
        if data.get("legacy_sales_order_integration") and not data.get("import_solution"):
            self.add_error(
                "legacy_sales_order_integration",
                "Legacy Sales Order Integration needs the Dynamics 365 Sales solution: choose Import Dynamics 365 "
                "Sales Solution.",
            )
        return data

    @classmethod
    def initial_for(cls, connection: Connection, setup: AssistedSetup) -> dict:
        return {
            "import_solution": setup.import_solution,
            "enable_connection": setup.enable_connection,
            "proxy_version": connection.proxy_version,
            **{name: getattr(connection, name) for name in SWITCH_FIELDS},
        }

    def save(self, connection: Connection, setup: AssistedSetup) -> None:
        setup.import_solution = self.cleaned_data["import_solution"]
        setup.enable_connection = self.cleaned_data["enable_connection"]
        connection.proxy_version = self.cleaned_data["proxy_version"]
        for name in SWITCH_FIELDS:
            setattr(connection, name, self.cleaned_data[name])


SWITCH_FIELDS = ("item_availability_enabled", "legacy_sales_order_integration", "bidirectional_sales_order_integration")


class BusinessCentralForm(ConnectionFieldsForm):
    """Which Business Central company the connection links; the company is looked up before Next."""

    class Meta:
        model = Connection
        fields = ["bc_service_root", "bc_tenant", "bc_environment", "bc_company_name", "bc_web_client_url"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bc_tenant"].required = True
        self.fields["bc_company_name"].required = True
        self.fields["bc_company_name"].help_text = "The name of the company, as the Companies list shows it."
