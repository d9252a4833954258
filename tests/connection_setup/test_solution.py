"""The integration solution zip built in memory: manifest, customizations and the three roles by their fixed ids."""

import io
import zipfile

from connection_setup.solution import INTEGRATION_ROLES, SOLUTION_UNIQUE_NAME, build_solution_zip


def test_the_solution_zip_holds_the_manifest_and_the_customizations():
    archive = zipfile.ZipFile(io.BytesIO(build_solution_zip()))
    assert {"solution.xml", "customizations.xml", "[Content_Types].xml"} <= set(archive.namelist())
    assert f"<UniqueName>{SOLUTION_UNIQUE_NAME}</UniqueName>" in archive.read("solution.xml").decode()


def test_the_customizations_declare_the_three_roles_by_their_fixed_ids():
    customizations = zipfile.ZipFile(io.BytesIO(build_solution_zip())).read("customizations.xml").decode()
    assert len(INTEGRATION_ROLES) == 3
    for role in INTEGRATION_ROLES:
        assert f'<Role id="{{{role.id}}}"' in customizations
    assert 'name="prvReadsalesorder"' in customizations
