import frappe
from frappe import _
from frappe.model.document import Document


class BusinessRegistration(Document):
    """One platform Business: its id (the document name) and the Company its books live in."""

    def validate(self):
        if self.usage_limit is not None and self.usage_limit < 0:
            frappe.throw(_("Session Limit cannot be negative"))
        if self.monthly_usage is not None and self.monthly_usage < 0:
            frappe.throw(_("Sessions This Month cannot be negative"))
