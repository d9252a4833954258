"""Fixtures of the identity emulator tests: the registered test directory and its certificate."""

import pytest

from tests.sandbox.identity.directory import Certificate, make_certificate, register_directory


@pytest.fixture(scope="session")
def certificate() -> Certificate:
    return make_certificate()


@pytest.fixture
def directory(certificate: Certificate) -> Certificate:
    """Registers the test directory in the sandbox database; returns the app's certificate."""
    register_directory(certificate)
    return certificate
