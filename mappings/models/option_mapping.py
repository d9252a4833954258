"""Option mapping rows: one BC code ↔ one value of a Dataverse choice column (sync_engine §2.10)."""

from django.db import models

from mappings.models.synch_state import SynchState

__all__ = ["OptionMapping"]


class OptionMapping(SynchState):
    """BC's "CRM Option Mapping": couples a record of an option mapping's BC table to an option value.

    Lookups from ordinary mappings (a customer's Payment Terms Code → the account's paymenttermscode) translate
    through these rows; a code without a row makes the record fail with "must be coupled". The result, job, error
    and Skipped fields mean what the coupling's fields of the same names mean, so the engine's Skipped rule and the
    Skipped Records page treat both alike: ``*_to`` is the pass to Dataverse, ``*_from`` the pass from it.
    """

    table_mapping = models.ForeignKey("mappings.TableMapping", on_delete=models.CASCADE, related_name="option_mappings")
    bc_code = models.CharField("Code", max_length=20, help_text="Primary key of the BC record, e.g. 14 DAYS.")
    bc_system_id = models.UUIDField(null=True, blank=True, help_text="SystemId of the BC record.")
    option_value = models.IntegerField(help_text="The Dataverse option's value.")
    option_caption = models.CharField("Option Value Caption", max_length=250, blank=True)
    last_synch_at = models.DateTimeField(null=True, blank=True)
    bc_modified_on = models.DateTimeField(
        null=True, blank=True, help_text="Last Synch. Modified On: BC SystemModifiedAt after the last synch."
    )

    class Meta:
        ordering = ["table_mapping", "bc_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["table_mapping", "bc_code"],
                name="option_mapping_unique_code",
                violation_error_message="This BC code is already mapped to an option.",
            ),
            models.UniqueConstraint(
                fields=["table_mapping", "option_value"],
                name="option_mapping_unique_value",
                violation_error_message="This option value is already mapped to a BC code.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bc_code} ↔ {self.option_value} ({self.option_caption})"

    def restore(self) -> None:
        """Retry of a skipped value: un-skip only; the next run retries it because its result is still Failure."""
        self.skipped = False
        self.save(update_fields=["skipped"])
