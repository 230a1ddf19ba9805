import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime


class VoiceAppointment(Document):
    """An appointment booked (or cancelled) by the voice agent."""

    def validate(self):
        if get_datetime(self.ends_at) <= get_datetime(self.starts_at):
            frappe.throw(_("An appointment must end after it starts"))
