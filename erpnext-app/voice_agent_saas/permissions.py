"""Company isolation of the voice documents, on top of Frappe's User Permissions.

A user with User Permissions on one or more Companies sees, in lists and reports, only the voice documents of
those companies, and cannot open another company's document. A user without any sees none: every company's calls
and customers are here, so only the platform's integration user and System Managers see them all.
"""

import frappe

from voice_agent_saas.access import INTEGRATION_ROLE

UNLIMITED_ROLES = {"System Manager", INTEGRATION_ROLE}


def allowed_companies(user):
    """None for a user seeing every company; otherwise the companies it may see (none without a User Permission)."""
    user = user or frappe.session.user
    if user == "Administrator" or UNLIMITED_ROLES & set(frappe.get_roles(user)):
        return None
    companies = frappe.get_all("User Permission", filters={"user": user, "allow": "Company"}, pluck="for_value")
    return sorted(set(companies))


def query_conditions(user=None, doctype=None):
    companies = allowed_companies(user)
    if companies is None:
        return ""
    if not companies:
        return "1=0"
    table = "`tab{0}`".format(doctype)
    return "{0}.`company` in ({1})".format(table, ", ".join(frappe.db.escape(c) for c in companies))


def has_permission(doc, ptype=None, user=None, debug=False):
    """False denies; None leaves the decision to the roles (returning True would grant more than they do)."""
    companies = allowed_companies(user)
    if companies is not None and doc.company not in companies:
        return False
    return None
