-- What must reach someone outside (ERPNext, the Business's own webhook), written in the same transaction as the
-- order, appointment or ticket it is about, and delivered by workers on any replica: a row is claimed with a lease
-- (FOR UPDATE SKIP LOCKED), so two workers never hold it at once; a worker that dies loses its lease.
CREATE TABLE outbox (
  id              uuid PRIMARY KEY,
  business_id     uuid NOT NULL,
  destination     text NOT NULL CHECK (destination IN ('erpnext', 'webhook')),
  event           text NOT NULL CHECK (length(event) <= 60),
  subject_id      uuid NOT NULL,
  payload         jsonb NOT NULL,
  status          text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead')),
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  lease_until     timestamptz,
  last_error      text CHECK (length(last_error) <= 1000),
  created_at      timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz
);
CREATE INDEX outbox_due ON outbox (business_id, next_attempt_at) WHERE status = 'pending';
CREATE INDEX outbox_recent ON outbox (business_id, created_at DESC);

ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON outbox USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT, UPDATE ON outbox TO ${approle};

-- Which Businesses have outbox work and from when: ids and times only, so workers find work without reading any
-- tenant's rows. Writers and workers lock a Business's row here in their transactions, so a wake-up written
-- while a worker settles that Business is never lost.
CREATE TABLE outbox_wakeup (
  business_id uuid PRIMARY KEY,
  due_at      timestamptz NOT NULL
);
GRANT SELECT, INSERT, UPDATE ON outbox_wakeup TO ${approle};
