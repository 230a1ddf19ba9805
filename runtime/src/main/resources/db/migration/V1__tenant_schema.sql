-- Tenant data of every Business. Each table carries business_id and is guarded by row-level security: the
-- runtime connects as ${approle}, which owns nothing, and sets app.business_id in each transaction. A query
-- whose transaction set no tenant sees no rows and can write none.

CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE FUNCTION current_business() RETURNS uuid
  LANGUAGE sql STABLE
  AS $$ SELECT nullif(current_setting('app.business_id', true), '')::uuid $$;

CREATE TABLE catalog_item (
  id               uuid PRIMARY KEY,
  business_id      uuid NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('menu_item', 'service', 'support_category')),
  name             text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  description      text CHECK (length(description) <= 1000),
  price            numeric(10, 2) CHECK (price >= 0),
  duration_minutes integer CHECK (duration_minutes BETWEEN 5 AND 480),
  priority         text CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
  available        boolean NOT NULL DEFAULT true,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX catalog_item_name ON catalog_item (business_id, kind, lower(name));

CREATE TABLE customer (
  id          uuid PRIMARY KEY,
  business_id uuid NOT NULL,
  name        text CHECK (length(name) <= 200),
  phone       text CHECK (length(phone) <= 32),
  email       text CHECK (length(email) <= 254),
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customer_phone ON customer (business_id, phone) WHERE phone IS NOT NULL;

CREATE TABLE voice_session (
  id              uuid PRIMARY KEY,
  business_id     uuid NOT NULL,
  call_id         text UNIQUE,
  channel         text NOT NULL CHECK (channel IN ('web', 'phone', 'test')),
  status          text NOT NULL CHECK (status IN ('created', 'joined', 'ended', 'expired')),
  tool_token_hash text NOT NULL,
  caller          text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  joined_at       timestamptz,
  ended_at        timestamptz,
  end_reason      text,
  billed_seconds  numeric(10, 3),
  transcript      jsonb
);
CREATE INDEX voice_session_recent ON voice_session (business_id, created_at DESC);

CREATE TABLE orders (
  id          uuid PRIMARY KEY,
  business_id uuid NOT NULL,
  number      bigint NOT NULL,
  session_id  uuid REFERENCES voice_session (id),
  customer_id uuid REFERENCES customer (id),
  status      text NOT NULL CHECK (status IN ('placed', 'preparing', 'ready', 'completed', 'cancelled')),
  currency    text NOT NULL,
  total       numeric(12, 2) NOT NULL CHECK (total >= 0),
  notes       text CHECK (length(notes) <= 1000),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (business_id, number)
);
CREATE INDEX orders_recent ON orders (business_id, created_at DESC);

CREATE TABLE order_item (
  id              uuid PRIMARY KEY,
  business_id     uuid NOT NULL,
  order_id        uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  catalog_item_id uuid REFERENCES catalog_item (id),
  name            text NOT NULL,
  quantity        integer NOT NULL CHECK (quantity BETWEEN 1 AND 100),
  unit_price      numeric(10, 2) NOT NULL,
  line_total      numeric(12, 2) NOT NULL
);

CREATE TABLE appointment (
  id          uuid PRIMARY KEY,
  business_id uuid NOT NULL,
  service_id  uuid NOT NULL REFERENCES catalog_item (id),
  customer_id uuid REFERENCES customer (id),
  session_id  uuid REFERENCES voice_session (id),
  starts_at   timestamptz NOT NULL,
  ends_at     timestamptz NOT NULL CHECK (ends_at > starts_at),
  status      text NOT NULL CHECK (status IN ('booked', 'cancelled', 'completed')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  -- Two booked appointments of one business never overlap, however many calls book at the same instant.
  EXCLUDE USING gist (business_id WITH =, tstzrange(starts_at, ends_at) WITH &&) WHERE (status = 'booked')
);

CREATE TABLE ticket (
  id          uuid PRIMARY KEY,
  business_id uuid NOT NULL,
  number      bigint NOT NULL,
  category_id uuid REFERENCES catalog_item (id),
  customer_id uuid REFERENCES customer (id),
  session_id  uuid REFERENCES voice_session (id),
  priority    text NOT NULL CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
  subject     text NOT NULL CHECK (length(subject) BETWEEN 1 AND 200),
  description text CHECK (length(description) <= 4000),
  status      text NOT NULL CHECK (status IN ('open', 'in_progress', 'resolved', 'closed')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (business_id, number)
);

-- Every tool invocation, once: a repeated (call, invocation) returns the stored result.
CREATE TABLE tool_invocation (
  business_id    uuid NOT NULL,
  call_id        text NOT NULL,
  invocation_key text NOT NULL,
  tool           text NOT NULL,
  arguments      jsonb NOT NULL,
  status         integer NOT NULL,
  result         jsonb NOT NULL,
  duration_ms    integer NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (business_id, call_id, invocation_key)
);

DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['catalog_item', 'customer', 'voice_session', 'orders', 'order_item', 'appointment',
                           'ticket', 'tool_invocation'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (business_id = current_business())'
                   ' WITH CHECK (business_id = current_business())', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO ${approle}', t);
  END LOOP;
END
$$;
GRANT EXECUTE ON FUNCTION current_business() TO ${approle};
