app_name = "voice_agent_saas"
app_title = "Voice Agent SaaS"
app_publisher = "Voice Agent Platform"
app_description = "Per-company voice orders, appointments, tickets and billing records for the voice agent platform"
app_email = "dev@example.com"
app_license = "mit"
required_apps = ["erpnext"]

# The role of the platform's integration user, the only one whose calls the API takes (see access.py); and the
# custom fields the platform relies on: the business id on Company (how the operator finds a Business's
# company again after a crash), the platform's ids on Customer and Sales Invoice (idempotent writes).
fixtures = [
    {
        "dt": "Custom Field",
        "filters": [["name", "in", [
            "Company-voice_business_id",
            "Customer-voice_business_id",
            "Customer-voice_external_id",
            "Sales Invoice-voice_external_id",
        ]]],
    },
    {"dt": "Role", "filters": [["name", "in", ["Voice Integration"]]]},
]

VOICE_DOCTYPES = (
    "Business Registration",
    "Voice Session",
    "Voice Restaurant Order",
    "Voice Appointment",
    "Voice Support Ticket",
    "Subscription Change",
)

# A user limited by a User Permission on a Company sees and opens only that company's voice documents.
permission_query_conditions = {
    doctype: "voice_agent_saas.permissions.query_conditions" for doctype in VOICE_DOCTYPES
}
has_permission = {doctype: "voice_agent_saas.permissions.has_permission" for doctype in VOICE_DOCTYPES}
