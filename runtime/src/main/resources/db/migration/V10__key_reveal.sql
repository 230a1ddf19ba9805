-- The keys a rotation made are shown to the owner once: one row per Business and rotation, when it was.
CREATE TABLE key_reveal (
  business_id uuid NOT NULL,
  rotation    text NOT NULL CHECK (length(rotation) <= 100),
  shown_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (business_id, rotation)
);
ALTER TABLE key_reveal ENABLE ROW LEVEL SECURITY;
ALTER TABLE key_reveal FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON key_reveal USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT ON key_reveal TO ${approle};
