-- A Business's own answers (FAQ entries and documents), searched by the agent with PostgreSQL's full-text search in
-- the Business's language. btree_gin lets one GIN index hold the Business and the words together, so a search
-- reads only its own Business's entries however many others there are (a trusted extension: the database owner may
-- create it).
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE TABLE knowledge_entry (
  id          uuid PRIMARY KEY,
  business_id uuid NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('faq', 'document')),
  title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body        text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
  language    regconfig NOT NULL,
  search      tsvector GENERATED ALWAYS AS (setweight(to_tsvector(language, title), 'A')
                                            || setweight(to_tsvector(language, body), 'B')) STORED,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_search ON knowledge_entry USING gin (business_id, search);
CREATE INDEX knowledge_recent ON knowledge_entry (business_id, updated_at DESC);

ALTER TABLE knowledge_entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE knowledge_entry FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON knowledge_entry USING (business_id = current_business())
  WITH CHECK (business_id = current_business());
GRANT SELECT, INSERT, UPDATE, DELETE ON knowledge_entry TO ${approle};
