from frappe.model.document import Document


class VoiceOrderItem(Document):
    pass
