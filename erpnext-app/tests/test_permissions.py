import frappe
from voice_agent_saas import hooks, permissions


def limit(user, *companies):
    frappe.set_user(user, roles=["Sales User"])
    for i, company in enumerate(companies):
        frappe.get_doc({"doctype": "User Permission", "user": user, "allow": "Company", "for_value": company,
                        "name": "{0}-{1}".format(user, i)}).insert()


class Doc:
    def __init__(self, company):
        self.company = company


def test_every_voice_doctype_has_both_hooks():
    assert set(hooks.permission_query_conditions) == set(hooks.has_permission) == set(hooks.VOICE_DOCTYPES)
    for path in list(hooks.permission_query_conditions.values()) + list(hooks.has_permission.values()):
        module, function = path.rsplit(".", 1)
        assert callable(getattr(__import__(module, fromlist=["x"]), function))


def test_a_user_limited_to_one_company_lists_only_its_documents():
    limit("staff@mario.test", "Mario Pizza")

    condition = permissions.query_conditions("staff@mario.test", doctype="Voice Restaurant Order")

    assert condition == "`tabVoice Restaurant Order`.`company` in ('Mario Pizza')"


def test_company_names_are_escaped_in_the_condition():
    limit("odd@test", "O'Hara's")

    assert permissions.query_conditions("odd@test", doctype="Voice Session") == \
        "`tabVoice Session`.`company` in ('O\\'Hara\\'s')"


def test_a_user_limited_to_one_company_cannot_open_anothers_document():
    limit("staff@mario.test", "Mario Pizza")

    assert permissions.has_permission(Doc("Smith Clinic"), "read", "staff@mario.test") is False
    assert permissions.has_permission(Doc("Mario Pizza"), "read", "staff@mario.test") is None


def test_system_managers_and_the_integration_user_are_left_to_their_roles():
    frappe.set_user("admin@test", roles=["System Manager"])
    frappe.set_user("platform@test", roles=["Voice Integration"])

    for user in ("Administrator", "admin@test", "platform@test"):
        assert permissions.query_conditions(user, doctype="Voice Appointment") == ""
        assert permissions.has_permission(Doc("Smith Clinic"), "read", user) is None


def test_a_user_limited_to_no_company_sees_no_voice_document():
    frappe.set_user("new-hire@test", roles=["Sales User"])  # no User Permission on any Company yet

    assert permissions.query_conditions("new-hire@test", doctype="Voice Session") == "1=0"
    assert permissions.has_permission(Doc("Mario Pizza"), "read", "new-hire@test") is False
    assert permissions.has_permission(Doc("Smith Clinic"), "read", "new-hire@test") is False
