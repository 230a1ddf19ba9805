"""Document as the app's controllers see it: attribute access, child tables, insert/save with the DocType's
rules (mandatory, Link targets, unique fields, naming) and the controller's validate()."""

import frappe

NO_VALUE = {"Section Break", "Column Break", "Tab Break", "HTML", "Button", "Fold", "Heading", "Image"}


def _typed(fieldtype, value):
    """Defaults are strings in DocType JSON; Frappe casts them to the field's type."""
    if fieldtype in ("Int", "Check"):
        return int(value)
    if fieldtype in ("Float", "Currency", "Percent"):
        return float(value)
    return value


class _Row(dict):
    def __getattr__(self, key):
        return self.get(key)

    def __setattr__(self, key, value):
        self[key] = value


class Document:
    def __init__(self, values):
        object.__setattr__(self, "_values", {})
        meta = frappe.get_meta(values["doctype"])
        tables = {f["fieldname"]: f["options"] for f in meta["fields"] if f["fieldtype"] == "Table"}
        for key, value in values.items():
            if key in tables:
                value = [_Row(dict(row, idx=i + 1)) for i, row in enumerate(value or [])]
            self._values[key] = value

    def __getattr__(self, key):
        return self._values.get(key)

    def __setattr__(self, key, value):
        self._values[key] = value

    def get(self, key, default=None):
        return self._values.get(key, default)

    def update(self, values):
        for key, value in values.items():
            setattr(self, key, value)

    def as_dict(self):
        return frappe.parse_json(frappe.as_json(self._values))

    def _check(self):
        meta = frappe.get_meta(self.doctype)
        for field in meta["fields"]:
            if field["fieldtype"] in NO_VALUE:
                continue
            name = field["fieldname"]
            if self._values.get(name) in (None, "") and "default" in field:
                self._values[name] = _typed(field["fieldtype"], field["default"])
            value = self._values.get(name)
            if field.get("reqd") and value in (None, "", []):
                raise frappe.MandatoryError("{0}: {1} is mandatory".format(self.doctype, field["label"]))
            if field["fieldtype"] == "Link" and value and not frappe.db.exists(field["options"], value):
                raise frappe.LinkValidationError("Could not find {0}: {1}".format(field["label"], value))
            if field["fieldtype"] == "Select" and value and value not in field["options"].split("\n"):
                raise frappe.ValidationError("{0} cannot be {1}".format(field["label"], value))
            if field.get("unique") and value:
                other = frappe.db.exists(self.doctype, {name: value})
                if other and other != self.name:
                    raise frappe.UniqueValidationError("{0} {1} already exists".format(field["label"], value))

    def _run_validate(self):
        validate = getattr(type(self), "validate", None)
        if validate:
            validate(self)

    def insert(self, ignore_permissions=False):
        meta = frappe.get_meta(self.doctype)
        if not self.name:
            self.name = frappe._next_name(meta, self._values)
        self._run_validate()
        self._check()
        frappe.db.insert(self.doctype, self.name, self.as_dict())
        return self

    def save(self, ignore_permissions=False):
        self._run_validate()
        self._check()
        frappe.db.update(self.doctype, self.name, self.as_dict())
        return self
