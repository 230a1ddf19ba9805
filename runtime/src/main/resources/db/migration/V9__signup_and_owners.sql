-- A registration from the portal, from the form until its owner's account moves into the Business (once the
-- operator has given it a business id): platform data, not a tenant's, like outbox_wakeup. The password is
-- kept only as its BCrypt hash; the keys are shown once, and keys_shown_at says that they were.
CREATE TABLE signup (
  id            uuid PRIMARY KEY,
  namespace     text NOT NULL,
  business_name text NOT NULL,
  email         text NOT NULL CHECK (length(email) <= 254),
  password_hash text NOT NULL CHECK (length(password_hash) <= 100),
  catalog_csv   text CHECK (length(catalog_csv) <= 100000),
  created_at    timestamptz NOT NULL DEFAULT now(),
  claimed_at    timestamptz,
  keys_shown_at timestamptz,
  UNIQUE (namespace, business_name)
);
GRANT SELECT, INSERT, UPDATE ON signup TO ${approle};

-- Who may open a Business's dashboard: its owners, by e-mail and BCrypt hash, under row-level security.
CREATE TABLE owner_account (
  business_id   uuid NOT NULL,
  email         text NOT NULL CHECK (length(email) <= 254),
  password_hash text NOT NULL CHECK (length(password_hash) <= 100),
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (business_id, email)
);
ALTER TABLE owner_account ENABLE ROW LEVEL SECURITY;
ALTER TABLE owner_account FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON owner_account USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT, UPDATE ON owner_account TO ${approle};
