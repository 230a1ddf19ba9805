"""Company isolation of the voice documents, on top of Frappe's User Permissions.

A user with User Permissions on one or more Companies sees, in lists and reports, only the voice documents of
those companies, and cannot open another company's document; a user without any (the platform's integration
user, a System Manager) is not limited here.
"""

import frappe

UNLIMITED_ROLES = {"System Manager"}


def allowed_companies(user):
    user = user or frappe.session.user
    if user == "Administrator" or UNLIMITED_ROLES & set(frappe.get_roles(user)):
        return None
    companies = frappe.get_all("User Permission", filters={"user": user, "allow": "Company"}, pluck="for_value")
    return sorted(set(companies)) or None


def query_conditions(user=None, doctype=None):
    companies = allowed_companies(user)
    if companies is None:
        return ""
    table = "`tab{0}`".format(doctype)
    return "{0}.`company` in ({1})".format(table, ", ".join(frappe.db.escape(c) for c in companies))


def has_permission(doc, ptype=None, user=None, debug=False):
    """False denies; None leaves the decision to the roles (returning True would grant more than they do)."""
    companies = allowed_companies(user)
    if companies is not None and doc.company not in companies:
        return False
    return None
