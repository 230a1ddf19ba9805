"""The API as a site user other than the platform would call it: refused, whatever the company, with nothing
written. The methods write with ignore_permissions, so the role check is the only thing in the way."""

import inspect

import pytest

import frappe
from voice_agent_saas import api, contract
from test_api import CLINIC, MARIO, ORDER

ARGUMENTS = {"business_id": CLINIC, "company": "Smith Clinic", "external_id": "attack-1", "payload": ORDER}


def methods():
    return [name.rsplit(".", 1)[1] for name in contract.generate()["methods"]]


def call(name, business_id):
    function = getattr(api, name)
    wanted = inspect.signature(function).parameters
    return function(**{k: (business_id if k == "business_id" else v) for k, v in ARGUMENTS.items() if k in wanted})


def everything():
    return {doctype: len(frappe.db.rows(doctype)) for doctype in frappe._meta}


@pytest.fixture
def registered():
    api.upsert_business_registration(MARIO, "Mario Pizza", subdomain="mario-pizza")
    api.upsert_business_registration(CLINIC, "Smith Clinic", subdomain="dr-smith")
    frappe.get_doc({"doctype": "User Permission", "user": "staff@mario.test", "allow": "Company",
                    "for_value": "Mario Pizza", "name": "staff@mario.test-0"}).insert()


@pytest.mark.parametrize("name", methods())
@pytest.mark.parametrize("business", [CLINIC, MARIO], ids=["another company", "own company"])
def test_a_sales_user_cannot_call_the_platforms_api(registered, name, business):
    before = everything()
    frappe.set_user("staff@mario.test", roles=["Sales User", "Sales Manager", "Accounts User"])

    with pytest.raises(frappe.PermissionError, match="Only a user with the role Voice Integration may call " + name):
        call(name, business)

    assert everything() == before


@pytest.mark.parametrize("name", methods())
def test_a_system_manager_without_the_integration_role_is_refused_too(registered, name):
    frappe.set_user("it@site.test", roles=["System Manager"])

    with pytest.raises(frappe.PermissionError):
        call(name, CLINIC)


def test_the_integration_user_is_served():
    frappe.set_user("platform@integration.test", roles=["Voice Integration"])

    assert api.upsert_business_registration(CLINIC, "Smith Clinic")["company"] == "Smith Clinic"
