import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt


class VoiceRestaurantOrder(Document):
    """An order taken by the voice agent. Line totals and the total are computed here, whatever was sent."""

    def validate(self):
        if not self.items:
            frappe.throw(_("An order needs at least one item"))
        total = 0
        for row in self.items:
            if not row.quantity or row.quantity < 1:
                frappe.throw(_("Row {0}: the quantity of {1} must be at least 1").format(row.idx, row.item_name))
            if flt(row.unit_price) < 0:
                frappe.throw(_("Row {0}: the price of {1} cannot be negative").format(row.idx, row.item_name))
            row.line_total = flt(flt(row.unit_price) * row.quantity, 2)
            total += row.line_total
        self.total = flt(total, 2)
