-- The people and rooms a Business books: each takes one appointment at a time, so a salon with three stylists
-- holds three at once. A Business without resources books as before, one appointment at a time for all of it.
CREATE TABLE resource (
  id             uuid PRIMARY KEY,
  business_id    uuid NOT NULL,
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  kind           text NOT NULL CHECK (kind IN ('staff', 'room')),
  -- Its own week as [{"day":"monday","open":"09:00","close":"17:00"}…]; null: the Business's opening hours.
  weekly_hours   jsonb CHECK (weekly_hours IS NULL OR jsonb_typeof(weekly_hours) = 'array'),
  buffer_minutes integer NOT NULL DEFAULT 0 CHECK (buffer_minutes BETWEEN 0 AND 240),
  created_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (business_id, id)
);
CREATE UNIQUE INDEX resource_name ON resource (business_id, lower(name));
ALTER TABLE resource ENABLE ROW LEVEL SECURITY;
ALTER TABLE resource FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON resource USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT, UPDATE, DELETE ON resource TO ${approle};

-- Which services a resource offers; a foreign key through business_id too, so no row joins two Businesses.
CREATE TABLE resource_service (
  business_id uuid NOT NULL,
  resource_id uuid NOT NULL,
  service_id  uuid NOT NULL REFERENCES catalog_item (id) ON DELETE CASCADE,
  PRIMARY KEY (resource_id, service_id),
  FOREIGN KEY (business_id, resource_id) REFERENCES resource (business_id, id) ON DELETE CASCADE
);
ALTER TABLE resource_service ENABLE ROW LEVEL SECURITY;
ALTER TABLE resource_service FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON resource_service USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT, UPDATE, DELETE ON resource_service TO ${approle};

-- An appointment holds its resource from its start until its end plus the resource's buffer (blocked_until).
ALTER TABLE appointment ADD COLUMN resource_id uuid;
ALTER TABLE appointment ADD COLUMN blocked_until timestamptz;
UPDATE appointment SET blocked_until = ends_at;
ALTER TABLE appointment ALTER COLUMN blocked_until SET NOT NULL;
ALTER TABLE appointment ADD CONSTRAINT appointment_resource FOREIGN KEY (business_id, resource_id)
  REFERENCES resource (business_id, id);
ALTER TABLE appointment ADD CONSTRAINT appointment_blocked_after_end CHECK (blocked_until >= ends_at);
DO $$
DECLARE old text;
BEGIN
  SELECT conname INTO old FROM pg_constraint WHERE conrelid = 'appointment'::regclass AND contype = 'x';
  EXECUTE format('ALTER TABLE appointment DROP CONSTRAINT %I', old);
END $$;
ALTER TABLE appointment ADD CONSTRAINT appointment_no_overlap EXCLUDE USING gist (business_id WITH =,
  (coalesce(resource_id, '00000000-0000-0000-0000-000000000000'::uuid)) WITH =,
  tstzrange(starts_at, blocked_until) WITH &&) WHERE (status = 'booked');
CREATE INDEX appointment_resource_time ON appointment (business_id, resource_id, starts_at) WHERE status = 'booked';
