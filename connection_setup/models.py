"""The Connection: one BC company linked to one Dataverse environment with Dynamics 365 Sales.

It merges BC's "Dataverse Connection Setup" (table 7200) and "Microsoft Dynamics 365 Connection Setup" (table 5330)
into one row per BC company, because our app configures both at once. Secrets are encrypted at rest and never
rendered back; the rules that span several fields live in ``clean()`` so that every form and service shares them.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from bcsales.crypto import EncryptedTextField

__all__ = [
    "SDK_API_VERSIONS",
    "AssistedSetup",
    "AuthenticationType",
    "Connection",
    "OwnershipModel",
    "SdkVersion",
    "WizardStep",
]

DEFAULT_BC_SERVICE_ROOT = "https://api.businesscentral.dynamics.com"
DEFAULT_AUTHORITY_HOST = "https://login.microsoftonline.com"
MUTUAL_EXCLUSION_MESSAGE = (
    "Legacy Sales Order Integration and Bidirectional Sales Order Integration exclude each other; turn one of them off."
)


class AuthenticationType(models.TextChoices):
    """How the integration user signs in; the values are the connection string's ``AuthType`` tokens."""

    CLIENT_SECRET = "ClientSecret", "OAuth 2.0 client secret (service-to-service)"
    CERTIFICATE = "Certificate", "OAuth 2.0 certificate (service-to-service)"
    PASSWORD = "OAuth", "User name and password (legacy OAuth)"


class OwnershipModel(models.TextChoices):
    PERSON = "Person", "Person"
    TEAM = "Team", "Team"


class SdkVersion(models.IntegerChoices):
    """BC's "Dynamics 365 SDK Version" list; 100 is the Dataverse ServiceClient that every online org speaks."""

    V9_0 = 9, "9.0"
    V9_1 = 91, "9.1"
    SERVICE_CLIENT = 100, "Dataverse ServiceClient (Web API 9.2)"


SDK_API_VERSIONS = {SdkVersion.V9_0: "9.0", SdkVersion.V9_1: "9.1", SdkVersion.SERVICE_CLIENT: "9.2"}


class Connection(models.Model):
    """Everything BC's two connection setup records hold, for one BC company; several connections may exist."""

    name = models.CharField(max_length=100, unique=True, help_text="A name that tells the connections apart.")

    bc_service_root = models.CharField(
        "Business Central API URL",
        max_length=250,
        default=DEFAULT_BC_SERVICE_ROOT,
        help_text="Service root of the Business Central API; the online service unless you use a sandbox.",
    )
    bc_tenant = models.CharField(
        "Business Central tenant", max_length=100, help_text="Microsoft Entra tenant id or domain of Business Central."
    )
    bc_environment = models.CharField(
        "Environment", max_length=100, default="production", help_text="Name of the Business Central environment."
    )
    bc_company_id = models.UUIDField("Company id", null=True, blank=True, help_text="SystemId of the BC company.")
    bc_company_name = models.CharField("Company", max_length=100, blank=True)
    bc_web_client_url = models.CharField(
        "Dynamics 365 Business Central Web Client URL",
        max_length=250,
        blank=True,
        help_text="Published to Dynamics 365 Sales so that users can open the coupled record in Business Central.",
    )

    server_address = models.CharField(
        "Dynamics 365 Sales URL",
        max_length=250,
        help_text="The URL of your Dynamics 365 Sales environment, for example https://mycrm.crm4.dynamics.com.",
    )
    authority_host = models.CharField(
        "Authority host",
        max_length=250,
        default=DEFAULT_AUTHORITY_HOST,
        help_text="Microsoft identity platform that issues the tokens.",
    )
    tenant = models.CharField(
        "Dataverse tenant",
        max_length=100,
        help_text="Microsoft Entra tenant id or domain of the Dataverse environment.",
    )
    authentication_type = models.CharField(
        max_length=20, choices=AuthenticationType.choices, default=AuthenticationType.CLIENT_SECRET
    )
    client_id = models.CharField(
        "Client ID", max_length=100, blank=True, help_text="Application (client) id of the Microsoft Entra app."
    )
    client_secret = EncryptedTextField("Client secret", blank=True)
    certificate = EncryptedTextField("Certificate", blank=True, help_text="PEM with the private key and certificate.")
    user_name = models.CharField(
        "User Name", max_length=250, blank=True, help_text="E-mail of the integration user (legacy OAuth only)."
    )
    password = EncryptedTextField("Password", blank=True)
    connection_string = models.TextField(
        blank=True, help_text="Connection string template with placeholders; it never holds the secret itself."
    )
    proxy_version = models.PositiveIntegerField(
        "Dynamics 365 SDK Version",
        choices=SdkVersion.choices,
        default=SdkVersion.SERVICE_CLIENT,
        help_text="Must be equal to or newer than the version used by Dynamics 365 Sales.",
    )
    integration_user_id = models.UUIDField(null=True, blank=True)
    integration_user_name = models.CharField("Integration user", max_length=250, blank=True)
    ownership_model = models.CharField(max_length=10, choices=OwnershipModel.choices, default=OwnershipModel.TEAM)
    business_unit_id = models.UUIDField(null=True, blank=True)
    business_unit_name = models.CharField("Coupled Business Unit", max_length=160, blank=True)

    crm_version = models.CharField("Dynamics 365 Sales Version", max_length=30, blank=True)
    base_currency_id = models.UUIDField(null=True, blank=True)
    base_currency_code = models.CharField("Currency", max_length=5, blank=True)
    base_currency_symbol = models.CharField(max_length=5, blank=True)
    base_currency_precision = models.PositiveSmallIntegerField(null=True, blank=True)
    currency_decimal_precision = models.PositiveSmallIntegerField(null=True, blank=True)
    is_solution_installed = models.BooleanField(
        "Dynamics 365 Business Central Integration Solution Imported", default=False
    )
    solution_version = models.CharField(max_length=30, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    connected_companies = models.PositiveSmallIntegerField(
        default=0,
        help_text="Business Central companies connected to this Dataverse environment, read at the last test.",
    )

    is_enabled = models.BooleanField("Enabled", default=False)
    disable_reason = models.CharField(max_length=250, blank=True)

    item_availability_enabled = models.BooleanField(
        "Automatically Synchronize Item Availability",
        default=False,
        help_text="Schedules the item availability job, which runs every 30 minutes and updates coupled items.",
    )
    legacy_sales_order_integration = models.BooleanField(
        "Legacy Sales Order Integration Enabled",
        default=False,
        help_text="Sales orders submitted in Dynamics 365 Sales are created and processed in Business Central.",
    )
    bidirectional_sales_order_integration = models.BooleanField(
        "Bidirectional Sales Order Integration",
        default=False,
        help_text="Synchronizes sales orders in both directions.",
    )
    auto_create_sales_orders = models.BooleanField(
        "Automatically Create Sales Orders",
        default=False,
        help_text="Creates a sales order in Business Central when a user submits one in Dynamics 365 Sales.",
    )
    auto_process_sales_quotes = models.BooleanField(
        "Automatically Process Sales Quotes",
        default=False,
        help_text="Processes a sales quote in Business Central when a user activates one in Dynamics 365 Sales.",
    )
    unit_group_mapping_enabled = models.BooleanField(
        "Unit Group Mapping",
        default=True,
        help_text="Maps unit groups and item/resource units of measure instead of units of measure alone.",
    )
    use_newest_ui = models.BooleanField("Open Coupled Entities in Dynamics 365 Sales Hub", default=False)
    newest_ui_app_module_id = models.CharField(max_length=50, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["bc_service_root", "bc_tenant", "bc_environment", "bc_company_id"],
                name="connection_one_per_bc_company",
                violation_error_message="Another connection already links this Business Central company.",
            ),
            models.CheckConstraint(
                condition=~Q(legacy_sales_order_integration=True, bidirectional_sales_order_integration=True),
                name="connection_sales_order_modes_exclusive",
                violation_error_message=MUTUAL_EXCLUSION_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.legacy_sales_order_integration and self.bidirectional_sales_order_integration:
            raise ValidationError(MUTUAL_EXCLUSION_MESSAGE)
        if self.auto_create_sales_orders and not self.legacy_sales_order_integration:
            raise ValidationError(
                {"auto_create_sales_orders": "Automatically Create Sales Orders needs Legacy Sales Order Integration."}
            )

    @property
    def api_version(self) -> str:
        """The Dataverse Web API version that the chosen SDK version speaks."""
        return SDK_API_VERSIONS[SdkVersion(self.proxy_version)]

    @property
    def has_secret(self) -> bool:
        return bool(self.client_secret or self.certificate or self.password)


class WizardStep(models.TextChoices):
    """Steps of "Set up a connection to Dynamics 365 Sales", in order."""

    START = "start", "Welcome"
    BUSINESS_CENTRAL = "business_central", "Business Central"
    CREDENTIALS = "credentials", "Credentials"
    FIELD_SERVICE = "field_service", "Field Service"
    FINISH = "finish", "Finish"


class AssistedSetup(models.Model):
    """An administrator's progress through the wizard, kept so that leaving and coming back resumes it."""

    connection = models.OneToOneField(Connection, on_delete=models.CASCADE, related_name="assisted_setup")
    step = models.CharField(max_length=20, choices=WizardStep.choices, default=WizardStep.START)
    import_solution = models.BooleanField("Import Dynamics 365 Sales Solution", default=True)
    enable_connection = models.BooleanField("Enable Dynamics 365 Sales Connection", default=True)
    show_advanced = models.BooleanField(default=False)
    completed = models.BooleanField(default=False)
    started_by = models.CharField(max_length=150, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Assisted setup of {self.connection}"
