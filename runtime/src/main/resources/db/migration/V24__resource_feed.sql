-- A resource's bookings as an iCalendar feed that Google, Outlook or Apple calendars subscribe to. They cannot
-- send a header, so the secret is in the URL; only its SHA-256 is kept, and a new one replaces it (revoking the old).
CREATE TABLE resource_feed (
  business_id uuid NOT NULL,
  resource_id uuid PRIMARY KEY,
  token_hash  text NOT NULL UNIQUE CHECK (length(token_hash) <= 100),
  created_at  timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (business_id, resource_id) REFERENCES resource (business_id, id) ON DELETE CASCADE
);
ALTER TABLE resource_feed ENABLE ROW LEVEL SECURITY;
ALTER TABLE resource_feed FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON resource_feed USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT, UPDATE, DELETE ON resource_feed TO ${approle};

-- Days a resource is away (holidays, training): no slot is offered in them.
CREATE TABLE resource_time_off (
  id          uuid PRIMARY KEY,
  business_id uuid NOT NULL,
  resource_id uuid NOT NULL,
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL CHECK (ends_at > starts_at AND ends_at - starts_at <= interval '367 days'),
  reason      text CHECK (length(reason) <= 200),
  FOREIGN KEY (business_id, resource_id) REFERENCES resource (business_id, id) ON DELETE CASCADE
);
CREATE INDEX resource_time_off_time ON resource_time_off (business_id, resource_id, starts_at);
ALTER TABLE resource_time_off ENABLE ROW LEVEL SECURITY;
ALTER TABLE resource_time_off FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON resource_time_off USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT, UPDATE, DELETE ON resource_time_off TO ${approle};
