-- E-mail to the people of a Business (its staff, its owner), through the outbox like every delivery: one row per
-- recipient, so that one address refusing mail never resends it to the others.
ALTER TABLE outbox ADD COLUMN recipient text CHECK (length(recipient) <= 254);
ALTER TABLE outbox DROP CONSTRAINT outbox_destination_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_destination_check
  CHECK (destination IN ('erpnext', 'webhook', 'stripe', 'mail'));
ALTER TABLE outbox ADD CONSTRAINT outbox_mail_has_recipient CHECK ((destination = 'mail') = (recipient IS NOT NULL));

-- An address the mail server refused for good (a 5xx for that recipient): no more mail goes to it until the owner
-- resumes it on the dashboard. Addresses are kept lower case.
CREATE TABLE mail_suppression (
  business_id uuid NOT NULL,
  address     text NOT NULL CHECK (length(address) <= 254 AND address = lower(address)),
  reason      text NOT NULL CHECK (length(reason) <= 500),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (business_id, address)
);
ALTER TABLE mail_suppression ENABLE ROW LEVEL SECURITY;
ALTER TABLE mail_suppression FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON mail_suppression USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT, UPDATE, DELETE ON mail_suppression TO ${approle};

-- Notices sent once in a Business's life or once per occasion (the welcome e-mail, "trial ends in 3 days" for a
-- given trial end): whichever runtime sees the occasion first inserts the row and queues the mail in that
-- transaction; the others find the row.
CREATE TABLE sent_notice (
  business_id uuid NOT NULL,
  notice      text NOT NULL CHECK (length(notice) <= 100),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (business_id, notice)
);
ALTER TABLE sent_notice ENABLE ROW LEVEL SECURITY;
ALTER TABLE sent_notice FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sent_notice USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT ON sent_notice TO ${approle};
