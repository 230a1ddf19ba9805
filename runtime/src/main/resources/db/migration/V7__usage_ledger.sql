-- The usage ledger: every voice session that was joined, once (by call id), written in the transaction that closes
-- it; the billed duration joins it whenever Ultravox reports it (before or after the end). A session nobody joined
-- is never in it. Billing reads this, never the Redis counters, which are rebuilt from PostgreSQL when lost.
CREATE TABLE usage_ledger (
  business_id    uuid NOT NULL,
  call_id        text NOT NULL,
  session_id     uuid NOT NULL,
  channel        text NOT NULL,
  period         text NOT NULL CHECK (period ~ '^\d{4}-\d{2}$'),
  joined_at      timestamptz NOT NULL,
  ended_at       timestamptz NOT NULL,
  billed_seconds numeric(12, 3),
  recorded_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (business_id, call_id)
);
CREATE INDEX usage_ledger_period ON usage_ledger (business_id, period);
ALTER TABLE usage_ledger ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_ledger FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON usage_ledger USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT, UPDATE ON usage_ledger TO ${approle};
