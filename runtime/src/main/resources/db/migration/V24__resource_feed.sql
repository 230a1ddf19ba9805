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
