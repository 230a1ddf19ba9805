-- Ultravox often fills a call's summary only after call.ended; call.billed, which comes later, carries it. The flag
-- says the summary is Ultravox's, so that an event without one (a late call.ended) never replaces it with the
-- sentences of what the tools did.
ALTER TABLE voice_session ADD COLUMN summary_from_provider boolean NOT NULL DEFAULT false;
