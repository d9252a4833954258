"""The order of the wizard's steps and what each step's Next checks before the administrator may go on.

BC's wizard has Start → Credentials → Field Service; ours adds the Business Central company (BC knows its own
company) and a Finish summary. Each step is saved when it passes, so leaving and coming back resumes it.
"""

from dataclasses import dataclass

from django import forms

from connection_setup.models import AssistedSetup, Connection, WizardStep
from connection_setup.services.checks import check_business_central, check_credentials
from connection_setup.wizard.forms import AdvancedForm, BusinessCentralForm, CredentialsForm, StartForm

__all__ = ["ORDER", "StepForms", "bind_step", "next_step", "previous_step", "save_step"]

ORDER = [
    WizardStep.START,
    WizardStep.CREDENTIALS,
    WizardStep.BUSINESS_CENTRAL,
    WizardStep.FIELD_SERVICE,
    WizardStep.FINISH,
]
FIELD_SERVICE_APP_URL = (
    "https://appsource.microsoft.com/en-us/product/dynamics-365-business-central/"
    "PUBID.microsoftdynsmb|AID.fieldserviceintegration|PAPPID.1ba1031e-eae9-4f20-b9d2-d19b6d1e3f29"
)
MODEL_FORMS = {
    WizardStep.START: StartForm,
    WizardStep.CREDENTIALS: CredentialsForm,
    WizardStep.BUSINESS_CENTRAL: BusinessCentralForm,
}


@dataclass
class StepForms:
    """The forms one step shows: its model form, and on the credentials step the advanced settings."""

    main: forms.BaseForm | None
    advanced: AdvancedForm | None

    def is_valid(self) -> bool:
        return all(form.is_valid() for form in (self.main, self.advanced) if form is not None)


def next_step(step: str) -> str:
    return ORDER[min(ORDER.index(step) + 1, len(ORDER) - 1)]


def previous_step(step: str) -> str:
    return ORDER[max(ORDER.index(step) - 1, 0)]


def bind_step(step: str, connection: Connection, setup: AssistedSetup, data: dict | None = None) -> StepForms:
    form_class = MODEL_FORMS.get(step)
    main = form_class(data, instance=connection) if form_class else None
    advanced = None
    if step == WizardStep.CREDENTIALS:
        advanced = AdvancedForm(data, initial=AdvancedForm.initial_for(connection, setup))
    return StepForms(main, advanced)


def save_step(step: str, forms_: StepForms, connection: Connection, setup: AssistedSetup) -> bool:
    """Check the step against the services where it names them, then keep it; False leaves errors on the forms."""
    if step == WizardStep.CREDENTIALS:
        candidate = forms_.main.save(commit=False)
        forms_.advanced.save(candidate, setup)
        error = check_credentials(candidate)
        if error:
            forms_.main.add_error(None, error)
            return False
    elif step == WizardStep.BUSINESS_CENTRAL:
        candidate = forms_.main.save(commit=False)
        error = check_business_central(candidate)
        if error:
            forms_.main.add_error(None, error)
            return False
    if forms_.main is not None:
        forms_.main.save()
    setup.step = next_step(step)
    setup.save()
    return True
