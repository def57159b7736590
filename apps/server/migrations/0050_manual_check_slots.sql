-- The manual-check limit (WAYGATE_MANUAL_CHECK_LIMIT per connection per minute) is reserved
-- atomically before a check calls out: `manual_check_slots` holds the times of the connection's
-- most recent reservations (at most `limit` of them, oldest first), and one conditional UPDATE
-- appends a slot only while fewer than `limit` lie inside the last minute. Concurrent requests,
-- on one replica or many, queue on the row lock and each re-reads the array, so at most `limit`
-- pass. Counting stored checks instead let every request that arrived before the first result
-- was written through. A slot is never given back: a check that failed still used it.
ALTER TABLE connections ADD COLUMN manual_check_slots timestamptz[] NOT NULL DEFAULT '{}';
