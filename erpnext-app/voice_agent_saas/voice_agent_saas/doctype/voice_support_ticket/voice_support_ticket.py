import frappe
from frappe import _
from frappe.model.document import Document


class VoiceSupportTicket(Document):
    """A ticket opened by the voice agent."""

    def validate(self):
        if not (self.subject or "").strip():
            frappe.throw(_("A ticket needs a subject"))
