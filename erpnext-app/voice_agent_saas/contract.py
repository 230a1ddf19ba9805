"""The contract with the Java side, generated from api.py: every whitelisted method, its parameters (required or
not), the HTTP verb, what it answers and the errors it raises. ``python3 -m voice_agent_saas.contract`` prints it;
contract.json is that output, checked by the tests of both sides."""

import inspect
import json

from voice_agent_saas import api
from voice_agent_saas.access import INTEGRATION_ROLE

RETURNS = {
    "upsert_business_registration": "Business Registration",
    "deactivate_business": "Business Registration",
    "upsert_customer": "Customer",
    "place_order": "Voice Restaurant Order",
    "book_appointment": "Voice Appointment",
    "cancel_appointment": "Voice Appointment",
    "reschedule_appointment": "Voice Appointment",
    "create_ticket": "Voice Support Ticket",
    "record_session": "Voice Session",
    "record_usage_invoice": "Sales Invoice",
    "upgrade_subscription": "Subscription Change",
}

ERRORS = {
    "MandatoryError": 417,
    "ValidationError": 417,
    "LinkValidationError": 417,
    "DoesNotExistError": 404,
    "PermissionError": 403,  # also: the caller lacks the role
}


def generate():
    methods = {}
    for name, function in inspect.getmembers(api, inspect.isfunction):
        if name.startswith("_") or function.__module__ != api.__name__:
            continue
        parameters = inspect.signature(function).parameters.values()
        methods["voice_agent_saas.api." + name] = {
            "http": "POST",
            "path": "/api/method/voice_agent_saas.api." + name,
            "required": [p.name for p in parameters if p.default is inspect.Parameter.empty],
            "optional": [p.name for p in parameters if p.default is not inspect.Parameter.empty],
            "returns": {"envelope": "message", "doctype": RETURNS[name]},
            "idempotent_on": "business_id" if "external_id" not in [p.name for p in parameters] else "external_id",
        }
    return {"app": "voice_agent_saas", "auth": "Authorization: token <api_key>:<api_secret>",
            "role": INTEGRATION_ROLE,
            "errors": ERRORS, "methods": methods}


if __name__ == "__main__":
    print(json.dumps(generate(), indent=1, sort_keys=True))
