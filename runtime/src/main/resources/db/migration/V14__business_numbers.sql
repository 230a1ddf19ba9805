-- The last number given to each Business's orders and tickets. A number is taken in a transaction of its own
-- (next_number, on a connection of its own), so no lock on it is held while the order is written and committed:
-- one busy Business's orders no longer queue behind each other's commits. The price is that an order whose
-- transaction fails after taking its number leaves a gap (order 41, then 43); a number is never given twice.
CREATE TABLE business_number (
  business_id uuid NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('order', 'ticket')),
  last        bigint NOT NULL CHECK (last > 0),
  PRIMARY KEY (business_id, kind)
);

-- Go on from the numbers already given. The tenant tables hide their rows from their owner too (FORCE), so
-- they are opened for the owner for the length of this migration's transaction only.
ALTER TABLE orders NO FORCE ROW LEVEL SECURITY;
ALTER TABLE ticket NO FORCE ROW LEVEL SECURITY;
INSERT INTO business_number (business_id, kind, last)
  SELECT business_id, 'order', max(number) FROM orders GROUP BY business_id
  UNION ALL SELECT business_id, 'ticket', max(number) FROM ticket GROUP BY business_id;
ALTER TABLE orders FORCE ROW LEVEL SECURITY;
ALTER TABLE ticket FORCE ROW LEVEL SECURITY;

ALTER TABLE business_number ENABLE ROW LEVEL SECURITY;
ALTER TABLE business_number FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON business_number USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT, UPDATE ON business_number TO ${approle};

-- One statement, one round trip: the tenant is set for this statement's own transaction (set_config local),
-- then row-level security scopes the counter like any tenant row.
CREATE FUNCTION next_number(business uuid, of_kind text) RETURNS bigint
  LANGUAGE plpgsql VOLATILE
  AS $$
DECLARE
  given bigint;
BEGIN
  -- Called inside another tenant's transaction it would switch tenants: refuse instead.
  IF coalesce(nullif(current_setting('app.business_id', true), ''), business::text) <> business::text THEN
    RAISE EXCEPTION 'next_number for % inside a transaction of another business', business;
  END IF;
  PERFORM set_config('app.business_id', business::text, true);
  INSERT INTO business_number AS n (business_id, kind, last) VALUES (business, of_kind, 1)
    ON CONFLICT (business_id, kind) DO UPDATE SET last = n.last + 1
    RETURNING n.last INTO given;
  RETURN given;
END
$$;
GRANT EXECUTE ON FUNCTION next_number(uuid, text) TO ${approle};
