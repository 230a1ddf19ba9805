-- Reserves a session slot for one tenant, atomically.
-- KEYS[1]: the tenant's live sessions (sorted set: session id -> when its slot expires, ms)
-- KEYS[2]: the tenant's session counter for the billing period
-- KEYS[3]: the session's state (a hash): notes the counter, so a release takes back the right count
-- ARGV: session id, now (ms), slot expiry (ms), concurrent limit, included sessions (-1: unlimited),
--       hard limit (1/0), counter TTL (s), session state TTL (s)
-- Returns {status, sessions this period}: status 0 reserved, 1 too many concurrent calls, 2 hard limit reached.
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then
  return {1, tonumber(redis.call('GET', KEYS[2]) or '0')}
end
local used = tonumber(redis.call('GET', KEYS[2]) or '0')
local included = tonumber(ARGV[5])
if included >= 0 and used >= included and ARGV[6] == '1' then
  return {2, used}
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
local count = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[7])
redis.call('HSET', KEYS[3], 'counter', KEYS[2])
redis.call('EXPIRE', KEYS[3], ARGV[8])
return {0, count}
