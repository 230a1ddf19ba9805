-- Where each Business's subscription stands, as Stripe's webhooks (re-read from Stripe) last said: the runtime
-- refuses new sessions when it is canceled or past due beyond the grace period. One row per Business, under RLS.
CREATE TABLE business_billing (
  business_id     uuid PRIMARY KEY,
  subscription_id text NOT NULL CHECK (length(subscription_id) <= 200),
  status          text NOT NULL CHECK (status IN ('trialing', 'active', 'incomplete', 'incomplete_expired',
                                                   'past_due', 'unpaid', 'canceled', 'paused')),
  past_due_since  timestamptz,
  updated_at      timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE business_billing ENABLE ROW LEVEL SECURITY;
ALTER TABLE business_billing FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON business_billing USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT, UPDATE ON business_billing TO ${approle};

-- Stripe's events are recorded once, like Ultravox's.
ALTER TABLE webhook_event DROP CONSTRAINT webhook_event_source_check;
ALTER TABLE webhook_event ADD CONSTRAINT webhook_event_source_check CHECK (source IN ('ultravox', 'stripe'));
