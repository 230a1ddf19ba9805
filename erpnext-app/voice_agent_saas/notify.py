"""Tells a Business's staff, live in the desk, that the voice agent brought something in."""

import frappe


def staff(registration, event, doc):
    """A realtime event to every user limited to the Business's company (a User Permission on it): the
    business's own room. Nobody else's desk hears of it. Sent after the commit, so nothing is announced that a
    rollback then takes back."""
    users = frappe.get_all("User Permission", filters={"allow": "Company", "for_value": registration.company},
                           pluck="user")
    message = {"doctype": doc.doctype, "name": doc.name, "business_id": registration.name,
               "company": registration.company, "status": doc.get("status")}
    for user in sorted(set(users)):
        frappe.publish_realtime(event, message, user=user, after_commit=True)
