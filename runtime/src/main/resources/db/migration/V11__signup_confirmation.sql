-- A sign-up waits, unconfirmed, until its contact e-mail's owner opens the single-use link; only then is the
-- Business made. What it will be (the spec) waits here meanwhile, with what the limits count it by.
ALTER TABLE signup ADD COLUMN confirm_token_hash text UNIQUE CHECK (length(confirm_token_hash) = 64);
ALTER TABLE signup ADD COLUMN confirmed_at timestamptz;
ALTER TABLE signup ADD COLUMN spec_json text CHECK (length(spec_json) <= 200000);
UPDATE signup SET confirmed_at = created_at;
-- An unconfirmed sign-up reserves nothing: a name is taken only by a confirmed one.
ALTER TABLE signup DROP CONSTRAINT signup_namespace_business_name_key;
CREATE UNIQUE INDEX signup_confirmed_name ON signup (namespace, business_name) WHERE confirmed_at IS NOT NULL;
CREATE INDEX signup_unconfirmed ON signup (created_at) WHERE confirmed_at IS NULL;
GRANT DELETE ON signup TO ${approle};
