import frappe
from frappe import _
from frappe.model.document import Document


class SubscriptionChange(Document):
    """A plan change of a Business, with what the proration came to."""

    def validate(self):
        if self.old_plan and self.old_plan == self.new_plan:
            frappe.throw(_("The new plan is the plan the business already has"))
