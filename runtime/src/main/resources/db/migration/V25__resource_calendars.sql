-- A resource's own CalDAV calendar (RFC 4791), synced both ways: its busy times read into resource_busy before slots
-- are offered, its bookings written there as events. The password is in a Kubernetes Secret, never here.
CREATE TABLE resource_calendar (
  business_id   uuid NOT NULL,
  resource_id   uuid PRIMARY KEY,
  url           text NOT NULL CHECK (length(url) <= 2000),
  username      text NOT NULL CHECK (length(username) <= 200),
  next_sync_at  timestamptz NOT NULL DEFAULT now(),
  synced_at     timestamptz,
  error         text CHECK (length(error) <= 500),
  failing_since timestamptz,
  FOREIGN KEY (business_id, resource_id) REFERENCES resource (business_id, id) ON DELETE CASCADE
);
CREATE INDEX resource_calendar_due ON resource_calendar (next_sync_at);
ALTER TABLE resource_calendar ENABLE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON resource_calendar USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT, UPDATE, DELETE ON resource_calendar TO ${approle};

-- Which Businesses have a calendar due for a sync, so the sync job opens only those (not every Business every few
-- seconds). It runs as the table's owner, who is not under the policy (no FORCE here), and returns Business ids only;
-- each sync then reads and claims its calendars under the policy as always.
CREATE FUNCTION calendars_due(at timestamptz) RETURNS SETOF uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT
  AS $$ SELECT DISTINCT business_id FROM resource_calendar WHERE next_sync_at <= at $$;
REVOKE ALL ON FUNCTION calendars_due(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION calendars_due(timestamptz) TO ${approle};

-- The times a resource's calendar shows it busy, as of the last sync: only the times, never what the event was.
CREATE TABLE resource_busy (
  business_id uuid NOT NULL,
  resource_id uuid NOT NULL REFERENCES resource_calendar (resource_id) ON DELETE CASCADE,
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL CHECK (ends_at > starts_at)
);
CREATE INDEX resource_busy_time ON resource_busy (business_id, resource_id, starts_at);
ALTER TABLE resource_busy ENABLE ROW LEVEL SECURITY;
ALTER TABLE resource_busy FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON resource_busy USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT, UPDATE, DELETE ON resource_busy TO ${approle};

-- Calendar entries are addressed too: one per connected calendar an appointment touches (recipient: the resource).
ALTER TABLE outbox DROP CONSTRAINT outbox_addressed_has_recipient;
ALTER TABLE outbox ADD CONSTRAINT outbox_addressed_has_recipient
  CHECK ((destination IN ('mail', 'sms', 'calendar')) = (recipient IS NOT NULL));
ALTER TABLE outbox DROP CONSTRAINT outbox_destination_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_destination_check
  CHECK (destination IN ('erpnext', 'webhook', 'stripe', 'mail', 'sms', 'calendar'));
