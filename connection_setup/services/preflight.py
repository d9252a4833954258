"""The preflight checklist BC lacks, shown after a successful Test Connection (issue 5 part 3).

For every enabled integration table mapping: may the integration user read and write its Dataverse table, and do
the currencies, units, owners and option values its records use exist on the other side. Every check runs
(a checklist, not a chain) and a failing one names the fix. The cost is a handful of requests per mapping:
the user's privileges once, one paged read per side selecting only the referring fields, and one query per field
for the distinct values found — never one request per record.
"""

from functools import partial

from connection_setup.clients.errors import NotFoundError, ServiceError, ValidationError
from connection_setup.models import Connection
from connection_setup.services.checks import local_currency_code
from connection_setup.services.factory import business_central_client, dataverse_client
from connection_setup.services.privileges import check_table_privileges, user_privileges
from connection_setup.services.references import ReferenceReader, references_of
from connection_setup.services.report import CheckFailed, CheckReport
from mappings.choices import MappingStatus
from mappings.engine.errors import SyncConfigurationError
from mappings.engine.plan import load_plan
from mappings.models import TableMapping

__all__ = ["run_preflight"]

NO_MAPPINGS_FIX = "Choose Use Default Synchronization Setup to create the default integration table mappings."


def _fail(detail: str, fix: str) -> str:
    raise CheckFailed(detail, fix)


def _raise(error: Exception) -> str:
    raise error


def enabled_mappings(connection: Connection) -> list[TableMapping]:
    """The mappings a job runs: enabled, not a temporary copy; in the order they were created (catalogue order)."""
    mappings = TableMapping.objects.filter(connection=connection, status=MappingStatus.ENABLED, parent_name="")
    return list(mappings.filter(delete_after_synchronization=False).order_by("id"))


def _privileges(client, connection: Connection, found: dict) -> str:
    if not connection.integration_user_id:
        _fail("The integration user is not known yet.", "Run Test Connection, then the checklist again.")
    try:
        found["privileges"] = user_privileges(client, connection.integration_user_id)
    except (NotFoundError, ValidationError) as error:
        _fail(
            f"Dynamics 365 Sales did not report the privileges of the integration user: {error.message}",
            "Run Test Connection to identify the integration user again; the table permissions are not checked.",
        )
    return (
        f"{len(found['privileges'])} privileges read for {connection.integration_user_name or 'the integration user'}."
    )


def run_preflight(connection: Connection) -> CheckReport:
    """Run the checklist against both services; service errors become failing checks, never exceptions."""
    report = CheckReport("Preflight checklist", chained=False)
    mappings = enabled_mappings(connection)
    if not mappings:
        report.run(
            "Integration table mappings", partial(_fail, "No integration table mapping is enabled.", NO_MAPPINGS_FIX)
        )
        return report
    with dataverse_client(connection) as dataverse, business_central_client(connection) as bc:
        found: dict = {}
        report.run("Integration user privileges", partial(_privileges, dataverse, connection, found))
        local: dict = {}
        report.run("Local currency", partial(_local_currency, bc, connection, local))
        reader = ReferenceReader(connection, bc, dataverse, local_currency=local.get("code", ""))
        for mapping in mappings:
            _check_mapping(report, reader, mapping, found.get("privileges"))
    return report


def _local_currency(bc, connection: Connection, local: dict) -> str:
    local["code"] = local_currency_code(bc, connection)
    return f"Business Central's local currency is {local['code']}."


def _check_mapping(report: CheckReport, reader: ReferenceReader, mapping: TableMapping, privileges) -> None:
    name = mapping.name
    if privileges is not None:
        user = reader.connection.integration_user_name or "(the integration user)"
        report.run(
            f"{name}: permissions on {mapping.dataverse_table}",
            partial(check_table_privileges, mapping, privileges, user),
        )
    try:
        plan = load_plan(mapping)
    except SyncConfigurationError as error:
        report.run(f"{name}: field mappings", partial(_fail, str(error), NO_MAPPINGS_FIX))
        return
    refs = references_of(plan)
    if not refs:
        return
    try:
        used = reader.values_used(plan, refs)
    except ServiceError as error:
        report.run(f"{name}: read records", partial(_raise, error))
        return
    for ref in refs:
        report.run(f"{name}: {ref.label}", partial(reader.check, plan, ref, used[ref]))
