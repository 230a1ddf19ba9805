-- Billing follows the Business's Stripe subscription: its current period, trial end, plan and since when, and the
-- customer the meter events are for, as Stripe held them when a webhook last made the runtime read them again.
ALTER TABLE business_billing
  ADD COLUMN customer_id     text CHECK (length(customer_id) <= 200),
  ADD COLUMN plan            text CHECK (plan IN ('starter', 'professional', 'enterprise')),
  ADD COLUMN plan_since      timestamptz,
  ADD COLUMN period_start    timestamptz,
  ADD COLUMN period_end      timestamptz CHECK (period_end > period_start),
  ADD COLUMN trial_end       timestamptz,
  ADD COLUMN payment_failed_at timestamptz;

-- Every plan change Stripe made, at the instant it prorated from: the period's fee is split at these.
CREATE TABLE billing_plan_change (
  business_id uuid NOT NULL,
  changed_at  timestamptz NOT NULL,
  from_plan   text NOT NULL,
  to_plan     text NOT NULL,
  PRIMARY KEY (business_id, changed_at)
);
ALTER TABLE billing_plan_change ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing_plan_change FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON billing_plan_change USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT ON billing_plan_change TO ${approle};

-- Stripe's invoices of a Business, once each (the ERPNext Sales Invoice is queued with the first sight of a
-- finalized one); what the dashboard lists as past invoices.
CREATE TABLE billing_invoice (
  business_id   uuid NOT NULL,
  invoice_id    text NOT NULL CHECK (length(invoice_id) <= 200),
  number        text,
  status        text NOT NULL,
  currency      text NOT NULL,
  total         bigint NOT NULL,
  amount_paid   bigint NOT NULL DEFAULT 0,
  period_start  timestamptz,
  period_end    timestamptz,
  hosted_url    text CHECK (length(hosted_url) <= 2000),
  -- when its Sales Invoice was queued for ERPNext (once, at the first sight of it finalized)
  queued_at     timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (business_id, invoice_id)
);
ALTER TABLE billing_invoice ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing_invoice FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON billing_invoice USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT, UPDATE ON billing_invoice TO ${approle};

-- The ledger's period is the subscription's (or the UTC calendar month without one); each line knows the plan it
-- was counted under, its place in the period, and whether it is overage (decided once, when written).
ALTER TABLE usage_ledger
  ADD COLUMN period_start timestamptz,
  ADD COLUMN period_end   timestamptz,
  ADD COLUMN plan         text,
  ADD COLUMN position     integer,
  ADD COLUMN overage      boolean NOT NULL DEFAULT false;
UPDATE usage_ledger SET period_start = (period || '-01')::date::timestamp AT TIME ZONE 'UTC',
  period_end = ((period || '-01')::date + interval '1 month')::timestamp AT TIME ZONE 'UTC', plan = 'starter';
ALTER TABLE usage_ledger ALTER COLUMN period_start SET NOT NULL, ALTER COLUMN period_end SET NOT NULL,
  ALTER COLUMN plan SET NOT NULL;
ALTER TABLE usage_ledger DROP COLUMN period;
CREATE INDEX usage_ledger_period ON usage_ledger (business_id, period_start);

-- Overage sessions are pushed to Stripe as meter events through the outbox, like every other delivery.
ALTER TABLE outbox DROP CONSTRAINT outbox_destination_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_destination_check CHECK (destination IN ('erpnext', 'webhook', 'stripe'));

-- What the last reconciliation found per Business and open period: ids and counts only.
CREATE TABLE billing_reconciliation (
  business_id  uuid NOT NULL,
  period_start timestamptz NOT NULL,
  period_end   timestamptz NOT NULL,
  ledger       integer NOT NULL,
  in_flight    integer NOT NULL,
  stripe       integer NOT NULL,
  checked_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (business_id, period_start)
);
ALTER TABLE billing_reconciliation ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing_reconciliation FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON billing_reconciliation USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT, UPDATE ON billing_reconciliation TO ${approle};
