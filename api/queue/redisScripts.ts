/**
 * The Redis waiting room's atomic steps, as Lua scripts: each runs whole or not at all, and no
 * other command runs in between, whichever API process sends it. ARGV[1] is the key prefix (one
 * per data directory: redisPrefix()); keys are built inside the scripts (one Redis with its
 * replica, not Redis Cluster). Keys, for a campaign c:
 *   campaigns            set of campaigns with a queue
 *   q:c                  hash head, tail (last position handed out), prequeue, done and lapsed
 *                        (completion counters), control (the admission controller's state, JSON), version
 *   who:c                hash person key -> ticket id (one ticket per person)
 *   t:ID                 hash of the ticket, the same fields as the SQLite row
 *   pos:c                list of ticket ids by position (index = position - 1), as handed out
 *   pre:c:cohort         list of a cohort's pre-queue in join order, until its shuffle
 *   shuffled:c           hash cohort -> {seed, tickets, firstPosition, at}
 *   marks:c              sorted set: score head, member "head:at" (when the head reached it)
 *   inflight:c           sorted set: score hold expiry, member ticket id (turns let in, neither booked nor refused)
 *   books:c              list of recent 'seconds from turn to done,seconds from claim to done' (-1: not claimed), newest first
 *   pressure             set for two seconds by any process whose booking path is saturated
 */
import { createHash } from 'node:crypto';

export interface Script {
  source: string;
  sha: string;
}

/** Creates a campaign's queue on first use. */
const PRELUDE = `
local P = ARGV[1]
local function ensure(c, now)
  if redis.call('SADD', P .. 'campaigns', c) == 1 then
    redis.call('HSET', P .. 'q:' .. c, 'head', 0, 'tail', 0, 'prequeue', 0, 'done', 0, 'lapsed', 0, 'version', 0)
  end
end
-- A turn held in flight is done (booked or refused): count it, with its time from turn to done.
local function finish(c, id, now)
  if redis.call('ZREM', P .. 'inflight:' .. c, id) == 0 then return end
  redis.call('HINCRBY', P .. 'q:' .. c, 'done', 1)
  local at = redis.call('HMGET', P .. 't:' .. id, 'turnAt', 'admittedAt')
  if at[1] then
    local books = P .. 'books:' .. c
    -- 'turn seconds,claim seconds' (-1: never claimed)
    local claimed = at[2] and (tonumber(now) - tonumber(at[2])) / 1000 or -1
    redis.call('LPUSH', books, string.format('%.3f,%.3f', (tonumber(now) - tonumber(at[1])) / 1000, claimed))
    redis.call('LTRIM', books, 0, 199)
  end
end
`;

function script(body: string): Script {
  const source = PRELUDE + body;
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * ARGV: prefix, campaign, person key, expected ticket id ('' none), its joinedAt, admissionId and
 * bookedAt ('' for none), ticket id, cohort, '1' pre-queue, now. Returns {1, the ticket (HGETALL)}
 * when placed, or {0, the ticket the person holds (HGETALL, empty if none)} when it is not the
 * expected one: a new person's join is this one script.
 */
export const PLACE = script(`
local c, pk, expId, expJoined, expAdmission, expBooked = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]
local id, cohort, pre, now = ARGV[8], ARGV[9], ARGV[10], ARGV[11]
local current = redis.call('HGET', P .. 'who:' .. c, pk)
if current then
  local held = redis.call('HMGET', P .. 't:' .. current, 'joinedAt', 'admissionId', 'bookedAt')
  if current ~= expId or held[1] ~= expJoined or (held[2] or '') ~= expAdmission or (held[3] or '') ~= expBooked then
    return {0, redis.call('HGETALL', P .. 't:' .. current)}
  end
elseif expId ~= '' then
  return {0, {}}
end
ensure(c, now)
local q, t = P .. 'q:' .. c, P .. 't:' .. id
redis.call('HDEL', t, 'position', 'admissionId', 'admittedAt', 'admissionExpiresAt', 'bookedAt', 'turnAt', 'holdUntil', 'releasedAt')
redis.call('HSET', t, 'id', id, 'campaignId', c, 'cohortId', cohort, 'personKey', pk, 'joinedAt', now)
redis.call('ZREM', P .. 'inflight:' .. c, id)
redis.call('HSET', P .. 'who:' .. c, pk, id)
if pre == '1' and redis.call('HEXISTS', P .. 'shuffled:' .. c, cohort) == 0 then
  redis.call('RPUSH', P .. 'pre:' .. c .. ':' .. cohort, id)
  redis.call('HINCRBY', q, 'prequeue', 1)
else
  redis.call('HSET', t, 'position', redis.call('HINCRBY', q, 'tail', 1))
  redis.call('RPUSH', P .. 'pos:' .. c, id)
end
return {1, redis.call('HGETALL', t)}
`);

/**
 * ARGV: prefix, ticket id, its joinedAt as read, admission id, now, expiry. The first claim writes,
 * unless the ticket was re-queued since it was read; every claim returns the stored ticket.
 */
export const CLAIM = script(`
local id, joinedAt, admission, now, expires = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local t = P .. 't:' .. id
if redis.call('EXISTS', t) == 0 then return {} end
if redis.call('HGET', t, 'joinedAt') == joinedAt and redis.call('HSETNX', t, 'admissionId', admission) == 1 then
  redis.call('HSET', t, 'admittedAt', now, 'admissionExpiresAt', expires, 'holdUntil', expires)
  redis.call('ZADD', P .. 'inflight:' .. redis.call('HGET', t, 'campaignId'), expires, id)
end
return redis.call('HGETALL', t)
`);

/**
 * ARGV: prefix, campaign, now, '1' if this process's booking path is saturated. Counts out the
 * turns whose hold ran out (lapses are completions), and returns what a tick decides from:
 * {head, tail, prequeue, in flight, done, lapsed, version, control (JSON or ''), pressure 0/1, book seconds...}.
 */
export const TICK_INPUTS = script(`
local c, nowArg = ARGV[2], ARGV[3]
ensure(c, nowArg)
local q, inflight = P .. 'q:' .. c, P .. 'inflight:' .. c
local lapsed = redis.call('ZREMRANGEBYSCORE', inflight, '-inf', nowArg)
if lapsed > 0 then
  redis.call('HINCRBY', q, 'done', lapsed)
  redis.call('HINCRBY', q, 'lapsed', lapsed)
end
if ARGV[4] == '1' then redis.call('SET', P .. 'pressure', '1', 'PX', 2000) end
local f = redis.call('HMGET', q, 'head', 'tail', 'prequeue', 'done', 'lapsed', 'version', 'control')
local out = {tonumber(f[1]), tonumber(f[2]), tonumber(f[3]), redis.call('ZCARD', inflight), tonumber(f[4]), tonumber(f[5]),
  tonumber(f[6]), f[7] or '', redis.call('EXISTS', P .. 'pressure')}
for _, s in ipairs(redis.call('LRANGE', P .. 'books:' .. c, 0, 199)) do out[#out + 1] = s end
return out
`);

/**
 * ARGV: prefix, campaign, now, people to let in, hold until, control (JSON), the version read.
 * Moves the head and holds each new turn in flight, unless another process ticked since the
 * version read. Returns {1 or 0, head, tail, prequeue}.
 */
export const ADMIT = script(`
local c, nowArg, n, holdUntil, control, version = ARGV[2], ARGV[3], tonumber(ARGV[4]), ARGV[5], ARGV[6], ARGV[7]
local q = P .. 'q:' .. c
local f = redis.call('HMGET', q, 'head', 'tail', 'prequeue', 'version')
local head, tail = tonumber(f[1]), tonumber(f[2])
if f[4] ~= version then return {0, head, tail, tonumber(f[3])} end
n = math.max(0, math.min(n, tail - head))
if n > 0 then
  local ids = redis.call('LRANGE', P .. 'pos:' .. c, head, head + n - 1)
  local inflight = P .. 'inflight:' .. c
  for i, id in ipairs(ids) do
    local t = P .. 't:' .. id
    -- A ticket queued again since holds another position now: its old place is passed by.
    local held = redis.call('HMGET', t, 'position', 'admissionId', 'bookedAt')
    if tonumber(held[1]) == head + i and not held[2] and not held[3] then
      redis.call('HSET', t, 'turnAt', nowArg, 'holdUntil', holdUntil)
      redis.call('ZADD', inflight, holdUntil, id)
    end
  end
  head = head + n
  redis.call('ZADD', P .. 'marks:' .. c, head, string.format('%d:%s', head, nowArg))
end
redis.call('HSET', q, 'head', head, 'control', control, 'version', tonumber(version) + 1)
return {1, head, tail, tonumber(f[3])}
`);

/** ARGV: prefix, campaign, cohort, seed, now, then the pre-queue's ticket ids in shuffled order. */
export const SHUFFLE = script(`
local c, cohort, seed, now = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
ensure(c, now)
local done = P .. 'shuffled:' .. c
if redis.call('HEXISTS', done, cohort) == 1 then return 'already' end
local pre = P .. 'pre:' .. c .. ':' .. cohort
local n = #ARGV - 5
if redis.call('LLEN', pre) ~= n then return 'changed' end
local q = P .. 'q:' .. c
local first = tonumber(redis.call('HGET', q, 'tail')) + 1
for i = 1, n do
  redis.call('HSET', P .. 't:' .. ARGV[5 + i], 'position', first + i - 1)
  redis.call('RPUSH', P .. 'pos:' .. c, ARGV[5 + i])
end
if n > 0 then
  redis.call('HSET', q, 'tail', first + n - 1)
  redis.call('HINCRBY', q, 'prequeue', 0 - n)
end
redis.call('HSET', done, cohort, cjson.encode({seed = seed, tickets = n, firstPosition = first, at = now}))
redis.call('DEL', pre)
return 'done'
`);

/** ARGV: prefix, campaign, person key, admission id, now. Marks the ticket of that admission booked: done. */
export const BOOKED = script(`
local c, pk, admission, now = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local id = redis.call('HGET', P .. 'who:' .. c, pk)
if not id then return 0 end
local t = P .. 't:' .. id
if redis.call('HGET', t, 'admissionId') ~= admission then return 0 end
redis.call('HSET', t, 'bookedAt', now)
finish(c, id, now)
return 1
`);

/** ARGV: prefix, campaign, person key, admission id, now. A booking with that admission was refused: its turn is done. */
export const RELEASE = script(`
local c, pk, admission, now = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local id = redis.call('HGET', P .. 'who:' .. c, pk)
if not id then return 0 end
local t = P .. 't:' .. id
local held = redis.call('HMGET', t, 'admissionId', 'bookedAt', 'releasedAt')
if held[1] ~= admission or held[2] or held[3] then return 0 end
redis.call('HSET', t, 'releasedAt', now)
finish(c, id, now)
return 1
`);

/** ARGV: prefix, campaign, person key. The person's ticket, as HGETALL, or empty. */
export const TICKET_OF = script(`
local id = redis.call('HGET', P .. 'who:' .. ARGV[2], ARGV[3])
if not id then return {} end
return redis.call('HGETALL', P .. 't:' .. id)
`);
