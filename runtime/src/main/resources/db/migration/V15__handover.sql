-- A phone session knows its Twilio call, so that the agent can hand the live call over to a person.
ALTER TABLE voice_session ADD COLUMN phone_call_sid text CHECK (length(phone_call_sid) <= 64);

-- A caller who asked for a person: put through to the staff (transferring, then answered), or, when that could not
-- be done (after hours, nobody answered, a web call), a request to be called back that the staff work off.
CREATE TABLE handover (
  id            uuid PRIMARY KEY,
  business_id   uuid NOT NULL,
  session_id    uuid REFERENCES voice_session (id),
  status        text NOT NULL CHECK (status IN ('transferring', 'answered', 'callback_requested', 'called_back')),
  -- Why a callback was taken instead of a transfer; null while transferring or when answered.
  why           text CHECK (why IN ('after_hours', 'no_staff_number', 'staff_number_not_dialable', 'web_call',
                                    'no_answer', 'busy', 'failed', 'caller_hung_up', 'transfer_failed')),
  reason        text CHECK (length(reason) <= 500),
  caller_name   text CHECK (length(caller_name) <= 200),
  caller_phone  text CHECK (length(caller_phone) <= 32),
  staff_numbers text[],
  ring_seconds  integer,
  talk_seconds  integer,
  created_at    timestamptz NOT NULL DEFAULT now(),
  ended_at      timestamptz
);
CREATE INDEX handover_recent ON handover (business_id, created_at DESC);
CREATE INDEX handover_session ON handover (session_id);

ALTER TABLE handover ENABLE ROW LEVEL SECURITY;
ALTER TABLE handover FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON handover USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT, UPDATE ON handover TO ${approle};
