"""The storage tests read through both emulators' APIs, with the clients their own conformance tests use."""

from tests.sandbox.bc.conftest import bc_client, bc_company, customer, item  # noqa: F401
from tests.sandbox.dataverse.conftest import dataverse  # noqa: F401
