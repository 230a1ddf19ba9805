"""Every DocType JSON as Frappe v15 would load it: known field types, the keys it needs, links that resolve."""

import glob
import json
import os

import pytest

APP = os.path.join(os.path.dirname(__file__), "..", "voice_agent_saas")
FIELD_TYPES = {"Autocomplete", "Attach", "Attach Image", "Barcode", "Button", "Check", "Code", "Color",
               "Column Break", "Currency", "Data", "Date", "Datetime", "Duration", "Dynamic Link", "Float", "Fold",
               "Geolocation", "Heading", "HTML", "HTML Editor", "Icon", "Image", "Int", "JSON", "Link", "Long Text",
               "Markdown Editor", "Password", "Percent", "Phone", "Read Only", "Rating", "Section Break", "Select",
               "Signature", "Small Text", "Tab Break", "Table", "Table MultiSelect", "Text", "Text Editor", "Time"}
NO_VALUE = {"Section Break", "Column Break", "Tab Break", "HTML", "Button", "Fold", "Heading", "Image"}
PERM_KEYS = {"role", "permlevel", "if_owner", "read", "write", "create", "delete", "submit", "cancel", "amend",
             "report", "export", "import", "share", "print", "email", "select"}
FIELD_KEYS = {"fieldname", "fieldtype", "label", "options", "reqd", "unique", "default", "read_only", "hidden",
              "depends_on", "fetch_from", "in_list_view", "in_standard_filter", "in_global_search", "search_index",
              "description", "set_only_once", "no_copy", "non_negative", "permlevel", "allow_on_submit", "length"}
ROLES = {"System Manager", "Sales User", "Sales Manager", "Accounts User"}
OUTSIDE = {"Company", "Currency", "Customer", "User", "Item"}
DOCTYPES = {os.path.basename(p)[:-5]: json.load(open(p)) for p in glob.glob(os.path.join(APP, "*", "doctype", "*",
                                                                                          "*.json"))}
NAMES = {d["name"] for d in DOCTYPES.values()}
MODULES = open(os.path.join(APP, "modules.txt")).read().split("\n")


def scrub(name):
    return name.lower().replace(" ", "_")


@pytest.mark.parametrize("name", sorted(DOCTYPES))
def test_doctype_is_valid_for_frappe_v15(name):
    d = DOCTYPES[name]
    assert d["doctype"] == "DocType"
    assert scrub(d["name"]) == name
    assert d["module"] in MODULES
    assert d["custom"] == 0 and d["modified"]
    fieldnames = [f["fieldname"] for f in d["fields"]]
    assert len(fieldnames) == len(set(fieldnames)), "duplicate fieldnames"
    assert d["field_order"] == fieldnames
    for f in d["fields"]:
        assert f["fieldtype"] in FIELD_TYPES, f
        assert set(f) <= FIELD_KEYS, set(f) - FIELD_KEYS
        assert f["fieldname"] == scrub(f["fieldname"]) and f["fieldname"].isidentifier()
        if f["fieldtype"] in ("Link", "Table"):
            assert f["options"] in NAMES | OUTSIDE, f
        if f["fieldtype"] == "Table":
            assert DOCTYPES[scrub(f["options"])].get("istable") == 1
        if f["fieldtype"] == "Select" and "default" in f:
            assert f["default"] in f["options"].split("\n")
        if f["fieldtype"] in NO_VALUE:
            assert not f.get("reqd")
    autoname = d["autoname"]
    if autoname.startswith("field:"):
        assert autoname[6:] in fieldnames
    elif autoname.startswith("naming_series:"):
        series = next(f for f in d["fields"] if f["fieldname"] == "naming_series")
        assert series["fieldtype"] == "Select" and series["reqd"] == 1 and "#" in series["options"]
    else:
        assert autoname == "hash"
    for key in ("title_field",):
        if key in d:
            assert d[key] in fieldnames
    for field in d.get("search_fields", "").split(","):
        assert not field or field in fieldnames
    if d.get("istable"):
        assert d["permissions"] == []
    else:
        assert d["permissions"] and d.get("track_changes") == 1
        for perm in d["permissions"]:
            assert set(perm) <= PERM_KEYS and perm["role"] in ROLES


@pytest.mark.parametrize("name", sorted(n for n in DOCTYPES if not DOCTYPES[n].get("istable")))
def test_every_document_belongs_to_a_company(name):
    company = next(f for f in DOCTYPES[name]["fields"] if f["fieldname"] == "company")
    assert company["fieldtype"] == "Link" and company["options"] == "Company" and company["reqd"] == 1


@pytest.mark.parametrize("name", sorted(DOCTYPES))
def test_each_doctype_has_its_controller(name):
    folder = os.path.join(APP, "voice_agent_saas", "doctype", name)
    assert os.path.exists(os.path.join(folder, "__init__.py"))
    source = open(os.path.join(folder, name + ".py")).read()
    assert "class {0}(Document)".format(DOCTYPES[name]["name"].replace(" ", "")) in source


def test_voice_documents_are_idempotent_on_the_platforms_id():
    for d in DOCTYPES.values():
        if not d.get("istable") and d["name"] != "Business Registration":
            external = next(f for f in d["fields"] if f["fieldname"] == "external_id")
            assert external["unique"] == 1 and external["reqd"] == 1


def test_the_fixtures_add_the_custom_fields_the_platform_needs():
    fields = json.load(open(os.path.join(APP, "fixtures", "custom_field.json")))
    from voice_agent_saas import hooks
    wanted = hooks.fixtures[0]["filters"][0][2]
    assert sorted(f["name"] for f in fields) == sorted(wanted)
    for f in fields:
        assert f["name"] == "{0}-{1}".format(f["dt"], f["fieldname"])
        assert f["fieldtype"] in FIELD_TYPES and f["insert_after"]


def test_the_app_layout_is_what_bench_expects():
    root = os.path.join(APP, "..")
    for path in ("pyproject.toml", "voice_agent_saas/__init__.py", "voice_agent_saas/hooks.py",
                 "voice_agent_saas/modules.txt", "voice_agent_saas/patches.txt",
                 "voice_agent_saas/voice_agent_saas/__init__.py"):
        assert os.path.exists(os.path.join(root, path)), path
    from voice_agent_saas import __version__, hooks
    assert __version__ and hooks.app_name == "voice_agent_saas" and hooks.required_apps == ["erpnext"]
    assert "[pre_model_sync]" in open(os.path.join(APP, "patches.txt")).read()
