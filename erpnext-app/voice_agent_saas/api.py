"""Whitelisted methods the platform calls (token auth, POST only, never guests, the integration role only).

Every method names the Business by its platform id; the Business Registration says which Company its documents
belong to. Writes are idempotent on the platform's ``external_id``: a repeated call returns the first document.
A document that exists under another company is refused (PermissionError, HTTP 403), never returned.
Errors are Frappe's exceptions, so the REST answer carries the status and ``exc_type`` of the contract.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.utils import flt, get_system_timezone, getdate, nowdate

from voice_agent_saas import notify
from voice_agent_saas.access import integration_only

PLANS = ("starter", "professional", "enterprise")
PRIORITIES = {"low": "Low", "medium": "Medium", "high": "High", "urgent": "Urgent"}


def _registration(business_id):
    if not business_id:
        raise frappe.MandatoryError(_("business_id is required"))
    if not frappe.db.exists("Business Registration", business_id):
        raise frappe.DoesNotExistError(_("No Business Registration {0}").format(business_id))
    return frappe.get_doc("Business Registration", business_id)


def _payload(payload):
    payload = frappe.parse_json(payload) if isinstance(payload, str) else payload
    if not isinstance(payload, dict):
        raise frappe.MandatoryError(_("payload must be an object"))
    return payload


def _existing(doctype, external_id, registration):
    """The document made earlier for this external id, if any; refused when it is another company's."""
    if not external_id:
        raise frappe.MandatoryError(_("external_id is required"))
    name = frappe.db.get_value(doctype, {"external_id": external_id}, "name")
    if not name:
        return None
    doc = frappe.get_doc(doctype, name)
    if doc.company != registration.company:
        raise frappe.PermissionError(
            _("{0} {1} belongs to another company").format(_(doctype), external_id))
    return doc


def _new(doctype, registration, external_id, fields):
    doc = frappe.get_doc(dict(doctype=doctype, company=registration.company,
                              business_registration=registration.name, external_id=external_id, **fields))
    doc.insert(ignore_permissions=True)
    return doc


def _customer_fields(payload):
    customer = payload.get("customer") or {}
    return {"customer_name": customer.get("name"), "customer_phone": customer.get("phone")}


@frappe.whitelist(methods=["POST"])
@integration_only
def upsert_business_registration(business_id, company, display_name=None, business_type=None, subdomain=None,
                                 plan=None, active=1, trial_end=None, usage_limit=None):
    """Creates or updates the Business Registration (name = business_id) linking a Business to its Company."""
    if not business_id or not company:
        raise frappe.MandatoryError(_("business_id and company are required"))
    if plan and plan not in PLANS:
        frappe.throw(_("Unknown plan {0}").format(plan))
    fields = {"display_name": display_name or business_id, "business_type": business_type,
              "subdomain": subdomain, "plan": plan or "starter", "active": 1 if int(active or 0) else 0,
              "trial_end": trial_end, "usage_limit": usage_limit}
    if frappe.db.exists("Business Registration", business_id):
        doc = frappe.get_doc("Business Registration", business_id)
        if doc.company != company:
            raise frappe.PermissionError(
                _("Business Registration {0} belongs to another company").format(business_id))
        doc.update(fields)
        doc.save(ignore_permissions=True)
    else:
        doc = frappe.get_doc(dict(doctype="Business Registration", business_id=business_id, company=company,
                                  **fields))
        doc.insert(ignore_permissions=True)
    return doc.as_dict()


@frappe.whitelist(methods=["POST"])
@integration_only
def deactivate_business(business_id):
    """Marks the Business inactive; its company and documents stay (the Retain deletion policy)."""
    doc = _registration(business_id)
    if doc.active:
        doc.active = 0
        doc.save(ignore_permissions=True)
    return doc.as_dict()


@frappe.whitelist(methods=["POST"])
@integration_only
def upsert_customer(business_id, external_id, payload):
    """A caller as an ERPNext Customer (site-wide in ERPNext), marked with the Business it came from."""
    registration = _registration(business_id)
    payload = _payload(payload)
    if not external_id:
        raise frappe.MandatoryError(_("external_id is required"))
    if not payload.get("name"):
        raise frappe.MandatoryError(_("payload.name is required"))
    name = frappe.db.get_value("Customer", {"voice_external_id": external_id}, "name")
    if name:
        doc = frappe.get_doc("Customer", name)
        if doc.voice_business_id != registration.name:
            raise frappe.PermissionError(_("Customer {0} belongs to another business").format(external_id))
        doc.update({"customer_name": payload["name"], "mobile_no": payload.get("phone"),
                    "email_id": payload.get("email")})
        doc.save(ignore_permissions=True)
        return doc.as_dict()
    doc = frappe.get_doc(dict(doctype="Customer", customer_name=payload["name"], customer_type="Individual",
                              mobile_no=payload.get("phone"), email_id=payload.get("email"),
                              voice_business_id=registration.name, voice_external_id=external_id))
    doc.insert(ignore_permissions=True)
    return doc.as_dict()


def _document(doctype, event, business_id, external_id, payload, fields):
    """The document for this external id: the first one when it was made before, else made now from
    ``fields(payload)`` and announced to the Business's staff."""
    registration = _registration(business_id)
    payload = _payload(payload)
    existing = _existing(doctype, external_id, registration)
    if existing:
        return existing.as_dict()
    doc = _new(doctype, registration, external_id, fields(payload))
    notify.staff(registration, event, doc)
    return doc.as_dict()


@frappe.whitelist(methods=["POST"])
@integration_only
def place_order(business_id, external_id, payload):
    """An order from the voice agent; the total is computed from the items, never taken from the payload."""
    def fields(payload):
        items = payload.get("items") or []
        if not items:
            raise frappe.MandatoryError(_("payload.items must list at least one item"))
        return dict(order_number=payload.get("number"), status="Placed", currency=payload.get("currency"),
                    notes=payload.get("notes"),
                    items=[{"item_name": i.get("name"), "quantity": i.get("quantity"),
                            "unit_price": flt(i.get("unitPrice"))} for i in items],
                    **_customer_fields(payload))
    return _document("Voice Restaurant Order", "voice_order", business_id, external_id, payload, fields)


@frappe.whitelist(methods=["POST"])
@integration_only
def book_appointment(business_id, external_id, payload):
    return _document("Voice Appointment", "voice_appointment", business_id, external_id, payload, lambda p: dict(
        service=p.get("service"), staff=p.get("staff"), resource_id=p.get("resourceId"),
        starts_at=_datetime(p.get("startsAt")), ends_at=_datetime(p.get("endsAt")), status="Booked",
        **_customer_fields(p)))


@frappe.whitelist(methods=["POST"])
@integration_only
def reschedule_appointment(business_id, external_id, payload):
    """Moves the appointment booked with this external id to the payload's time (and member of staff); the same move
    delivered again changes nothing. A cancelled appointment is not moved."""
    registration = _registration(business_id)
    payload = _payload(payload)
    doc = _existing("Voice Appointment", external_id, registration)
    if not doc:
        raise frappe.DoesNotExistError(_("Voice Appointment {0} not found").format(external_id))
    if doc.status == "Cancelled":
        raise frappe.ValidationError(_("Voice Appointment {0} is cancelled").format(external_id))
    moved = dict(starts_at=_datetime(payload.get("startsAt")), ends_at=_datetime(payload.get("endsAt")),
                 staff=payload.get("staff"), resource_id=payload.get("resourceId"))
    if any(str(doc.get(k) or "") != str(v or "") for k, v in moved.items()):
        doc.update(moved)
        doc.save(ignore_permissions=True)
        notify.staff(registration, "voice_appointment", doc)
    return doc.as_dict()


@frappe.whitelist(methods=["POST"])
@integration_only
def cancel_appointment(business_id, external_id, payload=None):
    """Cancels the appointment booked with this external id; cancelling it again changes nothing."""
    registration = _registration(business_id)
    doc = _existing("Voice Appointment", external_id, registration)
    if not doc:
        raise frappe.DoesNotExistError(_("Voice Appointment {0} not found").format(external_id))
    if doc.status != "Cancelled":
        doc.status = "Cancelled"
        doc.save(ignore_permissions=True)
        notify.staff(registration, "voice_appointment", doc)
    return doc.as_dict()


@frappe.whitelist(methods=["POST"])
@integration_only
def create_ticket(business_id, external_id, payload):
    def fields(payload):
        priority = PRIORITIES.get(str(payload.get("priority") or "medium").lower())
        if not priority:
            frappe.throw(_("Unknown priority {0}").format(payload.get("priority")))
        return dict(ticket_number=payload.get("number"), category=payload.get("category"), priority=priority,
                    subject=payload.get("subject"), description=payload.get("description"), status="Open",
                    **_customer_fields(payload))
    return _document("Voice Support Ticket", "voice_ticket", business_id, external_id, payload, fields)


@frappe.whitelist(methods=["POST"])
@integration_only
def record_session(business_id, external_id, payload):
    """A finished call (external_id: the call id) with its duration, billed time and transcript."""
    registration = _registration(business_id)
    payload = _payload(payload)
    existing = _existing("Voice Session", external_id, registration)
    fields = dict(caller=payload.get("caller"), channel=payload.get("channel") or "web",
                  status=payload.get("status") or "Ended", started_at=_datetime(payload.get("startedAt")),
                  ended_at=_datetime(payload.get("endedAt")), duration_seconds=payload.get("durationSeconds"),
                  billed_seconds=payload.get("billedSeconds"), transcript=_transcript(payload.get("transcript")))
    if existing:
        # A later delivery may carry what an earlier one could not (the billed time comes after the end).
        existing.update({k: v for k, v in fields.items() if v is not None})
        existing.save(ignore_permissions=True)
        return existing.as_dict()
    return _new("Voice Session", registration, external_id, fields).as_dict()


@frappe.whitelist(methods=["POST"])
@integration_only
def record_usage_invoice(business_id, external_id, payload):
    """The month's Sales Invoice in the Business's company, from the platform's bill (one per Stripe invoice):
    the plan fee and, when there is overage, a line for the sessions past the plan."""
    registration = _registration(business_id)
    payload = _payload(payload)
    if not external_id:
        raise frappe.MandatoryError(_("external_id is required"))
    name = frappe.db.get_value("Sales Invoice", {"voice_external_id": external_id}, "name")
    if name:
        doc = frappe.get_doc("Sales Invoice", name)
        if doc.company != registration.company:
            raise frappe.PermissionError(_("Sales Invoice {0} belongs to another company").format(external_id))
        return doc.as_dict()
    items = [{"item_code": _service_item("Voice Plan Fee"), "qty": 1, "rate": flt(payload.get("planFee")),
              "description": _("{0} plan, {1}").format(payload.get("plan") or registration.plan,
                                                       payload.get("period") or "")}]
    overage = payload.get("overage") or {}
    if int(overage.get("sessions") or 0) > 0:
        items.append({"item_code": _service_item("Voice Overage Session"), "qty": int(overage["sessions"]),
                      "rate": flt(overage.get("unitPrice"))})
    doc = frappe.get_doc(dict(doctype="Sales Invoice", company=registration.company,
                              customer=_billing_customer(registration, payload.get("customer")),
                              currency=payload.get("currency"), posting_date=payload.get("date") or nowdate(),
                              due_date=payload.get("dueDate") or payload.get("date") or nowdate(),
                              voice_external_id=external_id, items=items))
    doc.insert(ignore_permissions=True)
    return doc.as_dict()


@frappe.whitelist(methods=["POST"])
@integration_only
def upgrade_subscription(business_id, external_id, payload):
    """Records a plan change with its proration and moves the registration to the new plan."""
    registration = _registration(business_id)
    payload = _payload(payload)
    existing = _existing("Subscription Change", external_id, registration)
    if existing:
        return existing.as_dict()
    new_plan = payload.get("newPlan")
    if new_plan not in PLANS:
        frappe.throw(_("Unknown plan {0}").format(new_plan))
    doc = _new("Subscription Change", registration, external_id, dict(
        old_plan=payload.get("oldPlan") or registration.plan, new_plan=new_plan,
        change_date=getdate(payload.get("date") or nowdate()), currency=payload.get("currency"),
        prorated_amount=flt(payload.get("proratedAmount"))))
    registration.plan = new_plan
    registration.save(ignore_permissions=True)
    return doc.as_dict()


def _billing_customer(registration, name):
    """Who the month's invoice is made out to: the given customer, or one named after the Business."""
    name = name or registration.display_name
    if not frappe.db.exists("Customer", name):
        frappe.get_doc(dict(doctype="Customer", customer_name=name, customer_type="Company",
                            voice_business_id=registration.name)).insert(ignore_permissions=True)
    return name


def _service_item(item_code):
    if not frappe.db.exists("Item", item_code):
        frappe.get_doc(dict(doctype="Item", item_code=item_code, item_name=item_code, item_group="Services",
                            stock_uom="Nos", is_stock_item=0)).insert(ignore_permissions=True)
    return item_code


def _datetime(value):
    """ISO-8601 with an offset (as the platform sends it) to Frappe's naive datetime in the system time zone."""
    if not value:
        return None
    moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if moment.tzinfo:
        moment = moment.astimezone(ZoneInfo(get_system_timezone())).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _transcript(value):
    if value is None or isinstance(value, str):
        return value
    return frappe.as_json(value)
