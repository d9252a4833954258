"""What the engine reads from the services' answers: row versions from Dataverse ETags."""

import pytest

from mappings.engine.endpoints import etag_version


@pytest.mark.parametrize(
    ("etag", "version"),
    [
        ('W/"1234567"', 1234567),
        ('"1234567"', 1234567),
        ('W/"12x34"', 1234),
        ('W/"²"', None),
        ('W/""', None),
        ("", None),
        (None, None),
    ],
)
def test_a_row_version_is_the_digits_of_its_etag(etag, version):
    assert etag_version(etag) == version
