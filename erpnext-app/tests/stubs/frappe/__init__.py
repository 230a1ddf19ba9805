"""A small, test-owned stand-in for the parts of Frappe v15 the app uses (Frappe cannot be installed here).

Documents live in memory. Inserting one applies what its DocType JSON says (mandatory fields, Link targets that
must exist, unique fields, naming) and runs the controller's validate(), as Frappe does, so the app's DocTypes,
controllers and API are exercised together. Exceptions carry Frappe's HTTP status codes.
"""

import json
import os
import re
import types

from frappe import exceptions
from frappe.exceptions import (DoesNotExistError, DuplicateEntryError, LinkValidationError,  # noqa: F401
                               MandatoryError, PermissionError, UniqueValidationError, ValidationError)

whitelisted = {}
realtime = []
session = types.SimpleNamespace(user="Administrator")
_roles = {}
_docs = {}
_meta = {}
_counters = {}
APP_DIR = os.path.join(os.path.dirname(__file__), "..", "..", "..", "voice_agent_saas")


def _(text):
    return text


def whitelist(allow_guest=False, xss_safe=False, methods=None):
    def register(function):
        whitelisted[function.__module__ + "." + function.__name__] = {"allow_guest": allow_guest,
                                                                        "methods": methods}
        return function
    return register


def throw(message, exc=ValidationError):
    raise exc(message)


def parse_json(value):
    return json.loads(value) if isinstance(value, str) else value


def as_json(value):
    return json.dumps(value, indent=1, sort_keys=True, default=str)


def reset(doctypes_outside_app=None):
    """A fresh site: the app's DocTypes and, for the ERPNext ones it links to, a minimal meta."""
    _docs.clear(); _meta.clear(); _counters.clear(); realtime.clear(); _roles.clear()
    session.user = "Administrator"
    for root, _dirs, files in os.walk(APP_DIR):
        for name in files:
            if name.endswith(".json") and os.path.basename(root) == name[:-5]:
                meta = json.load(open(os.path.join(root, name)))
                _meta[meta["name"]] = meta
    for doctype, fields in (doctypes_outside_app or {}).items():
        _meta[doctype] = {"name": doctype, "autoname": "prompt", "fields": fields, "module": "Core"}


def set_user(user, roles=()):
    session.user = user
    _roles[user] = list(roles)


def get_roles(user=None):
    user = user or session.user
    if user == "Administrator":  # as in Frappe: every role on the site, the app's fixtures' too
        fixture = os.path.join(APP_DIR, "fixtures", "role.json")
        return ["Administrator", "System Manager"] + [r["name"] for r in json.load(open(fixture))]
    return _roles.get(user, [])


def get_meta(doctype):
    return _meta[doctype]


def _controller(doctype):
    from frappe.model.document import Document
    scrubbed = doctype.lower().replace(" ", "_")
    try:
        module = __import__("voice_agent_saas.voice_agent_saas.doctype.{0}.{0}".format(scrubbed),
                            fromlist=["x"])
    except ImportError:
        return Document
    return getattr(module, doctype.replace(" ", ""), Document)


def get_doc(doctype, name=None):
    if isinstance(doctype, dict):
        values = dict(doctype)
        return _controller(values["doctype"])(values)
    stored = _docs.get(doctype, {}).get(name)
    if stored is None:
        raise DoesNotExistError("{0} {1} not found".format(doctype, name))
    return _controller(doctype)(json.loads(json.dumps(stored)))


def new_doc(doctype):
    return get_doc({"doctype": doctype})


def _matches(row, filters):
    for field, wanted in (filters or {}).items():
        if isinstance(wanted, (list, tuple)) and wanted and wanted[0] == "in":
            if row.get(field) not in wanted[1]:
                return False
        elif row.get(field) != wanted:
            return False
    return True


def get_all(doctype, filters=None, fields=None, pluck=None, **kwargs):
    rows = [r for r in _docs.get(doctype, {}).values() if _matches(r, filters)]
    if pluck:
        return [r.get(pluck) for r in rows]
    fields = fields or ["name"]
    return [{f: r.get(f) for f in fields} for r in rows]


get_list = get_all


def publish_realtime(event=None, message=None, room=None, user=None, doctype=None, docname=None,
                     after_commit=False):
    realtime.append({"event": event, "message": message, "room": room, "user": user,
                     "after_commit": after_commit})


def _next_name(meta, values):
    autoname = meta.get("autoname") or "hash"
    if autoname.startswith("field:"):
        name = values.get(autoname[6:])
        if not name:
            raise MandatoryError("{0} is required".format(autoname[6:]))
        return name
    if autoname.startswith("naming_series:"):
        series = values.get("naming_series") or next(
            f["default"] for f in meta["fields"] if f["fieldname"] == "naming_series")
        prefix = series.replace(".YYYY.", "2026").replace(".#####", "").replace(".", "")
        _counters[prefix] = _counters.get(prefix, 0) + 1
        return "{0}{1:05d}".format(prefix, _counters[prefix])
    if autoname == "prompt":
        return values.get("name") or values.get(meta.get("title") or "name")
    _counters["hash"] = _counters.get("hash", 0) + 1
    return "h{0:09d}".format(_counters["hash"])


class _Db:
    def exists(self, doctype, filters=None):
        if isinstance(filters, dict):
            return next((r["name"] for r in _docs.get(doctype, {}).values() if _matches(r, filters)), None)
        return filters if filters in _docs.get(doctype, {}) else None

    def get_value(self, doctype, filters, fieldname="name"):
        name = self.exists(doctype, filters)
        if not name:
            return None
        row = _docs[doctype][name]
        if isinstance(fieldname, (list, tuple)):
            return tuple(row.get(f) for f in fieldname)
        return row.get(fieldname)

    def escape(self, value):
        return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"

    def insert(self, doctype, name, row):
        if name in _docs.setdefault(doctype, {}):
            raise DuplicateEntryError("{0} {1} already exists".format(doctype, name))
        _docs[doctype][name] = row

    def update(self, doctype, name, row):
        _docs.setdefault(doctype, {})[name] = row

    def rows(self, doctype):
        return list(_docs.get(doctype, {}).values())


db = _Db()
utils = None  # replaced below by the submodule, as "frappe.utils" is in Frappe
from frappe import utils  # noqa: E402,F811
