-- A text to the caller confirming what the agent did goes only to the number Twilio said called, from the number
-- that was called: the session keeps both.
ALTER TABLE voice_session ADD COLUMN called_number text CHECK (length(called_number) <= 32);

ALTER TABLE outbox DROP CONSTRAINT outbox_destination_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_destination_check
  CHECK (destination IN ('erpnext', 'webhook', 'stripe', 'mail', 'sms'));
ALTER TABLE outbox DROP CONSTRAINT outbox_mail_has_recipient;
ALTER TABLE outbox ADD CONSTRAINT outbox_addressed_has_recipient
  CHECK ((destination IN ('mail', 'sms')) = (recipient IS NOT NULL));
-- How many texts a number got from a Business lately (a cap keeps a tenant from pumping texts).
CREATE INDEX outbox_texts ON outbox (business_id, recipient, created_at) WHERE destination = 'sms';

-- A caller who texted STOP (or whom Twilio reports as unsubscribed, error 21610) to one of a Business's numbers
-- gets no more texts from that Business until they text START.
CREATE TABLE sms_opt_out (
  business_id uuid NOT NULL,
  phone       text NOT NULL CHECK (length(phone) <= 32),
  keyword     text NOT NULL CHECK (length(keyword) <= 20),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (business_id, phone)
);
ALTER TABLE sms_opt_out ENABLE ROW LEVEL SECURITY;
ALTER TABLE sms_opt_out FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON sms_opt_out USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT, UPDATE, DELETE ON sms_opt_out TO ${approle};
