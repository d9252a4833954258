"""Integration Table Mappings, field and option mappings, couplings and watermarks."""

from mappings.models.config_template import *  # noqa: F403
from mappings.models.coupling import *  # noqa: F403
from mappings.models.field_mapping import *  # noqa: F403
from mappings.models.full_sync_review import *  # noqa: F403
from mappings.models.job_queue_entry import *  # noqa: F403
from mappings.models.option_mapping import *  # noqa: F403
from mappings.models.table_mapping import *  # noqa: F403
