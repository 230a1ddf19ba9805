-- An invitation to become an owner of a Business, made by the platform admin (a Business applied with kubectl or
-- kept in Git has no owner from the portal). Only the token's SHA-256 is kept; the link works once, until
-- expires_at, and a newer invitation to the same address ends the older ones.
CREATE TABLE owner_invitation (
  business_id uuid NOT NULL,
  token_hash  text PRIMARY KEY CHECK (length(token_hash) = 64),
  email       text NOT NULL CHECK (length(email) <= 254),
  created_at  timestamptz NOT NULL DEFAULT now(),
  expires_at  timestamptz NOT NULL,
  used_at     timestamptz
);
CREATE INDEX owner_invitation_by_email ON owner_invitation (business_id, email);
ALTER TABLE owner_invitation ENABLE ROW LEVEL SECURITY;
ALTER TABLE owner_invitation FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON owner_invitation USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT, UPDATE ON owner_invitation TO ${approle};
