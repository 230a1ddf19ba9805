import pytest

import frappe
from voice_agent_saas import api

MARIO = "9a3c1b7e-0000-4000-8000-000000000001"
CLINIC = "9a3c1b7e-0000-4000-8000-000000000002"

ORDER = {"orderId": "o-1", "number": 7, "status": "placed", "currency": "USD", "total": "999.00",
         "notes": "no onions", "customer": {"name": "Ann", "phone": "+14155550199"},
         "items": [{"name": "Margherita Pizza", "quantity": 2, "unitPrice": "18.99", "lineTotal": "1.00"},
                   {"name": "Tiramisu", "quantity": 1, "unitPrice": "8.50", "lineTotal": "8.50"}]}


@pytest.fixture
def businesses():
    api.upsert_business_registration(MARIO, "Mario Pizza", display_name="Mario's Pizza Palace",
                                     business_type="restaurant", subdomain="mario-pizza", plan="professional")
    api.upsert_business_registration(CLINIC, "Smith Clinic", display_name="Dr. Smith", business_type="appointment",
                                     subdomain="dr-smith")


def test_every_api_method_is_whitelisted_for_post_only_and_never_for_guests():
    public = [n for n in dir(api) if callable(getattr(api, n)) and not n.startswith("_")
              and getattr(api, n).__module__ == api.__name__]
    assert sorted("voice_agent_saas.api." + n for n in public) == sorted(
        k for k in frappe.whitelisted if k.startswith("voice_agent_saas.api."))
    for rules in frappe.whitelisted.values():
        assert rules == {"allow_guest": False, "methods": ["POST"]}


def test_a_registration_is_created_then_updated_in_place(businesses):
    updated = api.upsert_business_registration(MARIO, "Mario Pizza", display_name="Mario's", plan="enterprise",
                                               active=0)

    assert updated["name"] == MARIO
    assert (updated["display_name"], updated["plan"], updated["active"]) == ("Mario's", "enterprise", 0)
    assert len(frappe.db.rows("Business Registration")) == 2


def test_a_registration_cannot_move_to_another_company_or_link_a_missing_one(businesses):
    with pytest.raises(frappe.PermissionError, match="another company"):
        api.upsert_business_registration(MARIO, "Smith Clinic")
    with pytest.raises(frappe.LinkValidationError, match="Could not find Company"):
        api.upsert_business_registration("new-one", "No Such Company")
    with pytest.raises(frappe.MandatoryError):
        api.upsert_business_registration("", "Mario Pizza")
    with pytest.raises(frappe.ValidationError, match="Unknown plan"):
        api.upsert_business_registration(MARIO, "Mario Pizza", plan="gold")


def test_deactivation_keeps_the_registration_and_its_company(businesses):
    assert api.deactivate_business(MARIO)["active"] == 0
    assert api.deactivate_business(MARIO)["active"] == 0  # again: nothing changes
    assert frappe.db.exists("Company", "Mario Pizza")
    with pytest.raises(frappe.DoesNotExistError):
        api.deactivate_business("unknown")


def test_an_order_is_totalled_server_side_in_the_businesss_company(businesses):
    order = api.place_order(MARIO, "o-1", ORDER)

    assert order["company"] == "Mario Pizza"
    assert order["business_registration"] == MARIO
    assert [(i["item_name"], i["quantity"], i["line_total"]) for i in order["items"]] == [
        ("Margherita Pizza", 2, 37.98), ("Tiramisu", 1, 8.5)]
    assert order["total"] == 46.48  # not the 999.00 that was sent
    assert (order["customer_name"], order["customer_phone"], order["order_number"]) == ("Ann", "+14155550199", 7)
    assert order["status"] == "Placed"


def test_a_repeated_order_returns_the_first_document(businesses):
    first = api.place_order(MARIO, "o-1", ORDER)
    again = api.place_order(MARIO, "o-1", dict(ORDER, notes="changed"))

    assert again["name"] == first["name"]
    assert again["notes"] == "no onions"
    assert len(frappe.db.rows("Voice Restaurant Order")) == 1


def test_another_businesss_external_id_is_refused_not_returned(businesses):
    api.place_order(MARIO, "o-1", ORDER)

    with pytest.raises(frappe.PermissionError, match="another company"):
        api.place_order(CLINIC, "o-1", ORDER)


def test_bad_orders_are_refused_with_frappes_errors(businesses):
    with pytest.raises(frappe.MandatoryError, match="items"):
        api.place_order(MARIO, "o-2", dict(ORDER, items=[]))
    with pytest.raises(frappe.ValidationError, match="quantity"):
        api.place_order(MARIO, "o-3", dict(ORDER, items=[{"name": "Pizza", "quantity": 0, "unitPrice": "1"}]))
    with pytest.raises(frappe.ValidationError, match="cannot be negative"):
        api.place_order(MARIO, "o-4", dict(ORDER, items=[{"name": "Pizza", "quantity": 1, "unitPrice": "-1"}]))
    with pytest.raises(frappe.DoesNotExistError):
        api.place_order("unknown-business", "o-5", ORDER)
    with pytest.raises(frappe.MandatoryError):
        api.place_order(MARIO, "", ORDER)
    with pytest.raises(frappe.MandatoryError):
        api.place_order(MARIO, "o-6", "[1, 2]")
    assert frappe.db.rows("Voice Restaurant Order") == []


def test_a_json_string_payload_is_accepted_as_a_form_post_would_send_it(businesses):
    assert api.place_order(MARIO, "o-1", frappe.as_json(ORDER))["total"] == 46.48


def test_appointments_are_booked_in_the_system_time_zone_and_cancelled_once(businesses):
    booked = api.book_appointment(CLINIC, "a-1", {"service": "Blood Test", "startsAt": "2026-12-07T14:00-06:00",
                                                  "endsAt": "2026-12-07T14:15-06:00",
                                                  "customer": {"name": "Di", "phone": "+13125550300"}})
    assert (booked["starts_at"], booked["ends_at"]) == ("2026-12-07 21:00:00", "2026-12-07 21:15:00")
    assert booked["status"] == "Booked"

    cancelled = api.cancel_appointment(CLINIC, "a-1", {"appointmentId": "a-1"})
    again = api.cancel_appointment(CLINIC, "a-1", {"appointmentId": "a-1"})

    assert cancelled["status"] == again["status"] == "Cancelled"
    with pytest.raises(frappe.DoesNotExistError):
        api.cancel_appointment(CLINIC, "a-404", {})
    with pytest.raises(frappe.PermissionError):
        api.cancel_appointment(MARIO, "a-1", {})
    with pytest.raises(frappe.ValidationError, match="end after it starts"):
        api.book_appointment(CLINIC, "a-2", {"service": "Blood Test", "startsAt": "2026-12-07T14:00:00Z",
                                             "endsAt": "2026-12-07T13:00:00Z"})


def test_appointments_carry_their_staff_and_a_move_changes_time_and_staff_once(businesses):
    booked = api.book_appointment(CLINIC, "a-7", {"service": "Blood Test", "staff": "Dr. Jones",
                                                  "resourceId": "r-jones", "startsAt": "2026-12-07T14:00-06:00",
                                                  "endsAt": "2026-12-07T14:15-06:00"})
    assert (booked["staff"], booked["resource_id"]) == ("Dr. Jones", "r-jones")
    move = {"service": "Blood Test", "staff": "Dr. Patel", "resourceId": "r-patel",
            "startsAt": "2026-12-08T09:00-06:00", "endsAt": "2026-12-08T09:15-06:00"}

    moved = api.reschedule_appointment(CLINIC, "a-7", move)
    again = api.reschedule_appointment(CLINIC, "a-7", move)

    assert (moved["staff"], moved["resource_id"], moved["starts_at"], moved["ends_at"]) == (
        "Dr. Patel", "r-patel", "2026-12-08 16:00:00", "2026-12-08 16:15:00")
    assert again == moved
    assert len(frappe.db.rows("Voice Appointment")) == 1
    with pytest.raises(frappe.DoesNotExistError):
        api.reschedule_appointment(CLINIC, "a-404", move)
    with pytest.raises(frappe.PermissionError):
        api.reschedule_appointment(MARIO, "a-7", move)
    with pytest.raises(frappe.ValidationError, match="end after it starts"):
        api.reschedule_appointment(CLINIC, "a-7", dict(move, endsAt="2026-12-08T08:00-06:00"))
    api.cancel_appointment(CLINIC, "a-7", {})
    with pytest.raises(frappe.ValidationError, match="is cancelled"):
        api.reschedule_appointment(CLINIC, "a-7", dict(move, startsAt="2026-12-09T09:00-06:00",
                                                       endsAt="2026-12-09T09:15-06:00"))


def test_tickets_map_the_platforms_priorities(businesses):
    ticket = api.create_ticket(MARIO, "t-1", {"number": 3, "category": "Billing Questions", "priority": "high",
                                              "subject": "Charged twice", "description": "Twice on the 3rd"})
    assert (ticket["priority"], ticket["status"], ticket["ticket_number"]) == ("High", "Open", 3)
    assert api.create_ticket(MARIO, "t-1", {"subject": "other"})["name"] == ticket["name"]
    with pytest.raises(frappe.ValidationError, match="Unknown priority"):
        api.create_ticket(MARIO, "t-2", {"category": "x", "subject": "y", "priority": "whenever"})
    with pytest.raises(frappe.ValidationError, match="subject"):
        api.create_ticket(MARIO, "t-3", {"category": "x"})


def test_a_session_is_recorded_once_and_completed_by_a_later_delivery(businesses):
    ended = api.record_session(MARIO, "call-1", {"caller": "+14155550199", "channel": "phone",
                                                 "startedAt": "2026-11-25T10:00:00Z",
                                                 "endedAt": "2026-11-25T10:03:00Z", "durationSeconds": 180,
                                                 "transcript": [{"role": "agent", "text": "Hello"}]})
    billed = api.record_session(MARIO, "call-1", {"billedSeconds": 180})

    assert billed["name"] == ended["name"]
    assert (billed["duration_seconds"], billed["billed_seconds"]) == (180, 180)
    assert '"Hello"' in billed["transcript"]
    with pytest.raises(frappe.PermissionError):
        api.record_session(CLINIC, "call-1", {"billedSeconds": 1})
    with pytest.raises(frappe.ValidationError, match="end before"):
        api.record_session(MARIO, "call-2", {"startedAt": "2026-11-25T10:00:00Z",
                                             "endedAt": "2026-11-25T09:00:00Z"})


def test_the_months_usage_invoice_is_made_once_per_stripe_invoice(businesses):
    bill = {"period": "2026-11", "plan": "professional", "planFee": 99, "currency": "USD", "date": "2026-12-01",
            "overage": {"sessions": 40, "unitPrice": "0.50"}}
    invoice = api.record_usage_invoice(MARIO, "in_123", bill)
    again = api.record_usage_invoice(MARIO, "in_123", bill)

    assert again["name"] == invoice["name"]
    assert invoice["company"] == "Mario Pizza"
    assert invoice["customer"] == "Mario's Pizza Palace"
    assert [(i["item_code"], i["qty"], i["rate"]) for i in invoice["items"]] == [
        ("Voice Plan Fee", 1, 99.0), ("Voice Overage Session", 40, 0.5)]
    assert len(frappe.db.rows("Sales Invoice")) == 1
    with pytest.raises(frappe.PermissionError):
        api.record_usage_invoice(CLINIC, "in_123", bill)
    no_overage = api.record_usage_invoice(CLINIC, "in_124", dict(bill, overage={"sessions": 0}))
    assert len(no_overage["items"]) == 1


def test_a_plan_change_is_recorded_and_moves_the_registration(businesses):
    change = api.upgrade_subscription(MARIO, "sub-1", {"newPlan": "enterprise", "date": "2026-11-25",
                                                       "proratedAmount": "12.34", "currency": "USD"})

    assert (change["old_plan"], change["new_plan"], change["prorated_amount"]) == ("professional", "enterprise",
                                                                                  12.34)
    assert frappe.get_doc("Business Registration", MARIO).plan == "enterprise"
    assert api.upgrade_subscription(MARIO, "sub-1", {"newPlan": "starter"})["name"] == change["name"]
    with pytest.raises(frappe.ValidationError, match="already has"):
        api.upgrade_subscription(MARIO, "sub-2", {"newPlan": "enterprise"})
    with pytest.raises(frappe.ValidationError, match="Unknown plan"):
        api.upgrade_subscription(MARIO, "sub-3", {"newPlan": "gold"})
    with pytest.raises(frappe.PermissionError):
        api.upgrade_subscription(CLINIC, "sub-1", {"newPlan": "starter"})


def test_customers_are_marked_with_their_business_and_not_shared(businesses):
    made = api.upsert_customer(MARIO, "c-1", {"name": "Ann", "phone": "+14155550199"})
    renamed = api.upsert_customer(MARIO, "c-1", {"name": "Ann Smith", "phone": "+14155550199"})

    assert made["voice_business_id"] == MARIO
    assert renamed["customer_name"] == "Ann Smith"
    with pytest.raises(frappe.PermissionError):
        api.upsert_customer(CLINIC, "c-1", {"name": "Ann"})


def test_staff_of_the_business_alone_hear_of_a_new_order(businesses):
    frappe.get_doc({"doctype": "User Permission", "user": "staff@mario.test", "allow": "Company",
                    "for_value": "Mario Pizza", "name": "up-1"}).insert()
    frappe.get_doc({"doctype": "User Permission", "user": "staff@clinic.test", "allow": "Company",
                    "for_value": "Smith Clinic", "name": "up-2"}).insert()

    order = api.place_order(MARIO, "o-1", ORDER)
    api.place_order(MARIO, "o-1", ORDER)  # a repeat announces nothing

    assert frappe.realtime == [{"event": "voice_order", "room": None, "user": "staff@mario.test",
                                "after_commit": True,
                                "message": {"doctype": "Voice Restaurant Order", "name": order["name"],
                                            "business_id": MARIO, "company": "Mario Pizza", "status": "Placed"}}]
