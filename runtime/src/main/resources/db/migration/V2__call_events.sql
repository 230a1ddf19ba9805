-- Webhook events accepted from outside (Ultravox call events for now), each once: a repeated delivery finds its
-- id here and changes nothing. Scoped to the Business the event is about, like every tenant table.
CREATE TABLE webhook_event (
  business_id uuid NOT NULL,
  source      text NOT NULL CHECK (source IN ('ultravox')),
  event_id    text NOT NULL CHECK (length(event_id) <= 200),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (business_id, source, event_id)
);

ALTER TABLE voice_session ADD COLUMN billing_status text;

ALTER TABLE webhook_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE webhook_event FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON webhook_event USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT ON webhook_event TO ${approle};
