"""A checklist result that the page renders: each step with its outcome, what was found, and the fix it needs."""

from collections.abc import Callable
from dataclasses import dataclass, field

from connection_setup.clients.errors import ServiceError
from connection_setup.services.errors import SetupError

__all__ = ["Check", "CheckFailed", "CheckReport"]


class CheckFailed(Exception):
    """A step found a problem; ``fix`` tells the administrator what to do about it."""

    def __init__(self, detail: str, fix: str = "") -> None:
        super().__init__(detail)
        self.detail = detail
        self.fix = fix


@dataclass
class Check:
    name: str
    ok: bool = False
    detail: str = ""
    fix: str = ""
    skipped: bool = False


@dataclass
class CheckReport:
    """Checks in order; a chained report (Test Connection) stops at the first failure, a checklist runs them all."""

    title: str
    checks: list[Check] = field(default_factory=list)
    chained: bool = True

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def first_failure(self) -> Check | None:
        return next((check for check in self.checks if not check.ok and not check.skipped), None)

    @property
    def summary(self) -> str:
        failure = self.first_failure
        if not self.chained:
            failed = sum(1 for check in self.checks if not check.ok)
            if failed:
                return f"{failed} of {len(self.checks)} checks failed; each one shows the fix it needs."
            return f"All {len(self.checks)} checks passed."
        if failure is None:
            return "The connection test was successful. The settings are valid."
        return f"The connection setup cannot be validated. Verify the settings and try again. {failure.name}: {failure.detail}"

    def run(self, name: str, step: Callable[[], str]) -> bool:
        """Run one step unless an earlier one of a chained report failed; a failure is recorded with its fix."""
        if self.chained and self.first_failure is not None:
            self.checks.append(Check(name, skipped=True, detail="Not run because an earlier step failed."))
            return False
        try:
            self.checks.append(Check(name, ok=True, detail=step()))
        except CheckFailed as failed:
            self.checks.append(Check(name, detail=failed.detail, fix=failed.fix))
        except (ServiceError, SetupError) as error:
            self.checks.append(Check(name, detail=describe(error), fix=fix_for(error)))
        return self.checks[-1].ok


def describe(error: Exception) -> str:
    if isinstance(error, ServiceError):
        return f"{error.code}: {error.message}" if error.code else error.message
    return str(error)


def fix_for(error: Exception) -> str:
    """The usual cure for a service error, by what the service said."""
    text = describe(error)
    hints = (
        ("AADSTS90002", "Check the tenant: enter the tenant id or domain of your Microsoft Entra tenant."),
        ("AADSTS7000215", "The client secret is wrong: copy a current secret of the app registration."),
        ("AADSTS7000222", "The client secret has expired: create a new secret for the app registration."),
        ("AADSTS700016", "The client ID is not registered in this tenant: check the client ID and the tenant."),
        ("AADSTS50126", "The user name or password is wrong."),
    )
    for code, hint in hints:
        if code in text:
            return hint
    if isinstance(error, ServiceError) and error.status == 0:
        return "The server cannot be reached: check the URL and that the server is running."
    if isinstance(error, ServiceError) and error.status in (401, 403):
        return "The integration user lacks privileges: redeploy the integration solution to assign its security roles."
    return "Verify the settings and try again."
