"""Who may call the platform's API: the platform's integration user alone, by its role.

The API writes with ``ignore_permissions`` (it must write into every Business's company), so a role check is all
that keeps a site user (a Sales User of one company, say) from writing documents into another company's books.
Deny by default: a user without the role is refused whatever else it may do on the site. Frappe gives the
Administrator every role.
"""

import functools

import frappe
from frappe import _

INTEGRATION_ROLE = "Voice Integration"


def integration_only(function):
    @functools.wraps(function)
    def guarded(*args, **kwargs):
        if INTEGRATION_ROLE not in frappe.get_roles():
            raise frappe.PermissionError(
                _("Only a user with the role {0} may call {1}").format(INTEGRATION_ROLE, function.__name__))
        return function(*args, **kwargs)
    return guarded
