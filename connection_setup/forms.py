"""Forms of the Connection Setup page and the wizard: every field rule of BC's setup record, with its message.

Secrets are write-only: the inputs never render a stored value, and a blank input keeps what is stored.
"""

from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from django import forms
from django.core.exceptions import ValidationError

from connection_setup.models import AuthenticationType, Connection
from connection_setup.services.server_address import check_server_address

__all__ = [
    "SECRET_FIELDS",
    "AdminCredentials",
    "AdminCredentialsForm",
    "ConnectionFieldsForm",
    "ConnectionForm",
    "SwitchesForm",
    "check_certificate",
    "check_connection_string",
]

SECRET_FIELDS = ("client_secret", "certificate", "password")
PLACEHOLDERS = ("{PASSWORD}", "{CLIENTSECRET}", "{CERTIFICATE}")
URL_FIELDS = {
    "server_address": False,
    "authority_host": False,
    "bc_service_root": False,
    "bc_web_client_url": True,
}


def check_certificate(pem: str) -> None:
    """A certificate credential must hold both the private key and the certificate, as msal needs both."""
    try:
        load_pem_private_key(pem.encode(), password=None)
    except (ValueError, TypeError):
        raise ValidationError("The certificate must contain an unencrypted PEM private key.") from None
    try:
        x509.load_pem_x509_certificate(pem.encode())
    except ValueError:
        raise ValidationError("The certificate must contain the PEM certificate next to the private key.") from None


def check_connection_string(template: str) -> str:
    """BC §4.3: a stored template must name where the secret goes, and never hold the secret itself."""
    template = template.strip()
    if template and not any(placeholder in template for placeholder in PLACEHOLDERS):
        raise ValidationError("The connection string must include one of the placeholders " + ", ".join(PLACEHOLDERS))
    return template


class SecretInput(forms.PasswordInput):
    def __init__(self) -> None:
        super().__init__(render_value=False, attrs={"autocomplete": "new-password"})


class ConnectionFieldsForm(forms.ModelForm):
    """Field rules shared by the setup page and the wizard steps; each cleaner runs only for fields in the form."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in URL_FIELDS.keys() & self.fields.keys():
            # Our address rules replace Django's URL field, which adds http:// and refuses dot-less hosts.
            url = self.fields[name]
            self.fields[name] = forms.CharField(
                label=url.label, required=url.required, help_text=url.help_text, initial=url.initial, max_length=250
            )

    def _clean_url(self, name: str) -> str:
        return check_server_address(
            self.cleaned_data.get(name, ""), label=str(self.fields[name].label), keep_path=URL_FIELDS[name]
        )

    def clean_server_address(self) -> str:
        return self._clean_url("server_address")

    def clean_authority_host(self) -> str:
        return self._clean_url("authority_host")

    def clean_bc_service_root(self) -> str:
        return self._clean_url("bc_service_root")

    def clean_bc_web_client_url(self) -> str:
        value = self.cleaned_data.get("bc_web_client_url", "")
        return self._clean_url("bc_web_client_url") if value else ""

    def clean_connection_string(self) -> str:
        return check_connection_string(self.cleaned_data.get("connection_string", ""))

    def clean_certificate(self) -> str:
        pem = self.cleaned_data.get("certificate", "").strip()
        if pem:
            check_certificate(pem)
        return pem


class ConnectionForm(ConnectionFieldsForm):
    """The connection fields; editable only while the connection is disabled (BC's IsEditable)."""

    client_secret = forms.CharField(
        required=False, widget=SecretInput(), help_text="Leave blank to keep the stored secret."
    )
    certificate = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        help_text="Paste a PEM with the private key and the certificate. Leave blank to keep the stored one.",
    )
    password = forms.CharField(required=False, widget=SecretInput(), help_text="Leave blank to keep the stored one.")

    class Meta:
        model = Connection
        fields = [
            "name",
            "server_address",
            "authority_host",
            "tenant",
            "authentication_type",
            "client_id",
            "client_secret",
            "certificate",
            "user_name",
            "password",
            "connection_string",
            "proxy_version",
            "integration_user_name",
            "ownership_model",
            "bc_service_root",
            "bc_tenant",
            "bc_environment",
            "bc_company_id",
            "bc_company_name",
            "bc_web_client_url",
        ]
        widgets = {"connection_string": forms.TextInput()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "integration_user_name"
        ].help_text = (
            "Name or e-mail of the Dataverse user that synchronizes; it must not hold the System Administrator role."
        )
        if self.instance.pk and self.instance.is_enabled:
            for form_field in self.fields.values():
                form_field.disabled = True

    def clean_user_name(self) -> str:
        return self.cleaned_data.get("user_name", "").strip()

    def clean(self) -> dict:
        data = super().clean()
        for name in SECRET_FIELDS:
            if not data.get(name):
                data[name] = getattr(self.instance, name, "")
        self._check_credentials(data)
        return data

    def _require(self, data: dict, name: str, message: str) -> None:
        if not data.get(name) and name not in self.errors:
            self.add_error(name, message)

    def _check_credentials(self, data: dict) -> None:
        """The credential each authentication type signs in with; the legacy one also needs an e-mail user name."""
        kind = data.get("authentication_type")
        self._require(data, "client_id", "A client ID (the app registration's application ID) is required.")
        if kind == AuthenticationType.CLIENT_SECRET:
            self._require(data, "client_secret", "A client secret is required for client secret authentication.")
        if kind == AuthenticationType.CERTIFICATE:
            self._require(data, "certificate", "A certificate is required for certificate authentication.")
        if kind == AuthenticationType.PASSWORD:
            if "@" not in data.get("user_name", ""):
                self.add_error(
                    "user_name", "The user name must be a valid e-mail address when the authentication type is OAuth."
                )
            self._require(data, "password", "A password is required for user name and password authentication.")


class SwitchesForm(forms.ModelForm):
    """Dynamics 365 Sales settings and advanced settings; their side effects live in ``services.switches``.

    The mutual exclusion of the two sales order modes is the model's rule (``Connection.clean``).
    """

    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput())

    class Meta:
        model = Connection
        fields = [
            "legacy_sales_order_integration",
            "auto_create_sales_orders",
            "auto_process_sales_quotes",
            "bidirectional_sales_order_integration",
            "use_newest_ui",
            "item_availability_enabled",
            "unit_group_mapping_enabled",
        ]

    def clean(self) -> dict:
        data = super().clean()
        unit_group_changed = data.get("unit_group_mapping_enabled") != self.instance.unit_group_mapping_enabled
        if unit_group_changed and self.instance.is_enabled:
            self.add_error(
                "unit_group_mapping_enabled", "Unit Group Mapping can be changed only while the connection is disabled."
            )
        return data


@dataclass(frozen=True)
class AdminCredentials:
    """A Dynamics 365 Sales administrator's sign-in, used once for the solution import and never stored."""

    user_name: str
    password: str = field(repr=False)


class AdminCredentialsForm(forms.Form):
    """BC's "Dynamics 365 Sales Admin Credentials" dialog."""

    admin_user_name = forms.EmailField(
        label="User name", error_messages={"required": "Enter user name", "invalid": "Enter the user's e-mail address."}
    )
    admin_password = forms.CharField(
        label="Password", widget=SecretInput(), error_messages={"required": "Enter password"}
    )

    def credentials(self) -> AdminCredentials:
        return AdminCredentials(self.cleaned_data["admin_user_name"], self.cleaned_data["admin_password"])
