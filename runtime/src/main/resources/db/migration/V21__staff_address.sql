-- A staff address a Business lists gets nothing until its owner confirms it from the e-mail sent to it: a tenant
-- cannot make the platform mail strangers by typing their addresses. Only the SHA-256 of the single-use link's
-- token is kept, and only in this table (never in the outbox payload, which the tenant's API shows).
CREATE TABLE staff_address (
  business_id  uuid NOT NULL,
  address      text NOT NULL CHECK (length(address) <= 254 AND address = lower(address)),
  token_hash   text CHECK (length(token_hash) <= 100),
  requested_at timestamptz NOT NULL DEFAULT now(),
  confirmed_at timestamptz,
  PRIMARY KEY (business_id, address)
);
CREATE UNIQUE INDEX staff_address_token ON staff_address (token_hash) WHERE token_hash IS NOT NULL;
ALTER TABLE staff_address ENABLE ROW LEVEL SECURITY;
ALTER TABLE staff_address FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON staff_address USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT, UPDATE, DELETE ON staff_address TO ${approle};
