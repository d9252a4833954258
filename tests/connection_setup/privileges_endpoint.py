"""``RetrieveUserPrivileges`` for the tests, until the sandbox serves it (reported to the sandbox's owner).

Dataverse answers a user's privileges through their roles. The sandbox stores role assignments but not what a
role grants, so this transport answers that one function from the sandbox's assignments and the privileges our
integration solution declares for its roles; every other request goes to the sandbox unchanged.
"""

import re

import httpx

from connection_setup.solution import INTEGRATION_ROLES
from sandbox import store

__all__ = ["PrivilegesEndpoint"]

FUNCTION = re.compile(r"/systemusers\(([0-9a-fA-F-]{36})\)/Microsoft\.Dynamics\.CRM\.RetrieveUserPrivileges\(\)$")


class PrivilegesEndpoint(httpx.BaseTransport):
    def __init__(self, sandbox: httpx.BaseTransport) -> None:
        self.sandbox = sandbox

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        match = FUNCTION.search(request.url.path)
        if match is None:
            return self.sandbox.handle_request(request)
        assigned = {row.data["roleid"] for row in store.find("dataverse", "systemuserroles", systemuserid=match[1])}
        names = sorted({name for role in INTEGRATION_ROLES if role.id in assigned for name in role.privileges})
        body = {"RolePrivileges": [{"PrivilegeName": name, "Depth": "Global"} for name in names]}
        return httpx.Response(200, json=body, request=request)
