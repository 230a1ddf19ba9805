import os
import sys

import pytest

HERE = os.path.dirname(__file__)
sys.path.insert(0, os.path.join(HERE, "stubs"))
sys.path.insert(0, os.path.join(HERE, ".."))

import frappe  # noqa: E402  (the stub)


def field(fieldname, fieldtype="Data", **kw):
    return dict(fieldname=fieldname, fieldtype=fieldtype, label=fieldname.replace("_", " ").title(), **kw)


# The ERPNext and Frappe DocTypes the app links to or writes, with the fields it uses (from ERPNext v15).
ERPNEXT = {
    "Company": [field("company_name", reqd=1), field("abbr", reqd=1),
                field("default_currency", "Link", options="Currency", reqd=1), field("voice_business_id")],
    "Currency": [field("currency_name")],
    "Customer": [field("customer_name", reqd=1),
                 field("customer_type", "Select", options="Company\nIndividual\nPartnership"),
                 field("mobile_no"), field("email_id"), field("voice_business_id"),
                 field("voice_external_id", unique=1)],
    "Item": [field("item_code", reqd=1), field("item_name"), field("item_group"), field("stock_uom"),
             field("is_stock_item", "Check")],
    "Sales Invoice": [field("company", "Link", options="Company", reqd=1),
                      field("customer", "Link", options="Customer", reqd=1),
                      field("currency", "Link", options="Currency"), field("posting_date", "Date"),
                      field("due_date", "Date"), field("voice_external_id", unique=1),
                      field("items", "Table", options="Sales Invoice Item", reqd=1)],
    "Sales Invoice Item": [field("item_code", "Link", options="Item", reqd=1), field("qty", "Float"),
                           field("rate", "Currency"), field("description")],
    "User Permission": [field("user", reqd=1), field("allow", reqd=1), field("for_value", reqd=1)],
}
NAMING = {"Company": "field:company_name", "Currency": "field:currency_name", "Customer": "field:customer_name",
          "Item": "field:item_code", "Sales Invoice": "hash"}


INTEGRATION_USER = "platform@integration.test"


@pytest.fixture(autouse=True)
def site():
    frappe.reset(ERPNEXT)
    for doctype, autoname in NAMING.items():
        frappe.get_meta(doctype)["autoname"] = autoname
    for currency in ("USD", "EUR"):
        frappe.get_doc({"doctype": "Currency", "currency_name": currency}).insert()
    for name, abbr in (("Mario Pizza", "MP"), ("Smith Clinic", "SC")):
        frappe.get_doc({"doctype": "Company", "company_name": name, "abbr": abbr,
                        "default_currency": "USD"}).insert()
    frappe.set_user(INTEGRATION_USER, roles=["Voice Integration"])  # the platform's API calls come as this user
    yield frappe
