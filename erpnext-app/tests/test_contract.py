import json
import os

from voice_agent_saas import contract

FILE = os.path.join(os.path.dirname(__file__), "..", "voice_agent_saas", "contract.json")


def test_the_committed_contract_is_the_one_the_code_makes():
    """Regenerate with: python3 -m voice_agent_saas.contract > voice_agent_saas/contract.json (from a shell
    where frappe imports; the tests' stub will do: PYTHONPATH=tests/stubs:.)."""
    assert json.load(open(FILE)) == contract.generate()


def test_every_document_method_takes_the_business_the_external_id_and_a_payload():
    methods = contract.generate()["methods"]
    for name, method in methods.items():
        if name.rsplit(".", 1)[1] in ("upsert_business_registration", "deactivate_business"):
            assert method["required"][0] == "business_id"
            continue
        assert method["required"][:2] == ["business_id", "external_id"]
        assert "payload" in method["required"] + method["optional"]
