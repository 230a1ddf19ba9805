import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime


class VoiceSession(Document):
    """One call with the business's voice agent, as the platform closed it."""

    def validate(self):
        if self.started_at and self.ended_at and get_datetime(self.ended_at) < get_datetime(self.started_at):
            frappe.throw(_("A session cannot end before it starts"))
