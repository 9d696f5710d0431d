/**
 * The Redis waiting room's atomic steps, as Lua scripts: each runs whole or not at all, and no
 * other command runs in between, whichever API process sends it. ARGV[1] is the key prefix (one
 * per data directory: redisPrefix()); keys are built inside the scripts (one Redis with its
 * replica, not Redis Cluster). Keys, for a campaign c:
 *   campaigns            set of campaigns with a queue
 *   q:c                  hash head, tail (last position handed out), prequeue, lastTick, credit
 *   who:c                hash person key -> ticket id (one ticket per person)
 *   t:ID                 hash of the ticket, the same fields as the SQLite row
 *   pre:c:cohort         list of a cohort's pre-queue in join order, until its shuffle
 *   shuffled:c           hash cohort -> {seed, tickets, firstPosition, at}
 *   marks:c              sorted set: score head, member "head:at" (when the head reached it)
 *   inflight:c           sorted set: score admission expiry, member ticket id (claimed, unbooked)
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
    redis.call('HSET', P .. 'q:' .. c, 'head', 0, 'tail', 0, 'prequeue', 0, 'lastTick', now, 'credit', 0)
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
redis.call('HDEL', t, 'position', 'admissionId', 'admittedAt', 'admissionExpiresAt', 'bookedAt')
redis.call('HSET', t, 'id', id, 'campaignId', c, 'cohortId', cohort, 'personKey', pk, 'joinedAt', now)
redis.call('ZREM', P .. 'inflight:' .. c, id)
redis.call('HSET', P .. 'who:' .. c, pk, id)
if pre == '1' and redis.call('HEXISTS', P .. 'shuffled:' .. c, cohort) == 0 then
  redis.call('RPUSH', P .. 'pre:' .. c .. ':' .. cohort, id)
  redis.call('HINCRBY', q, 'prequeue', 1)
else
  redis.call('HSET', t, 'position', redis.call('HINCRBY', q, 'tail', 1))
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
  redis.call('HSET', t, 'admittedAt', now, 'admissionExpiresAt', expires)
  redis.call('ZADD', P .. 'inflight:' .. redis.call('HGET', t, 'campaignId'), expires, id)
end
return redis.call('HGETALL', t)
`);

/**
 * ARGV: prefix, campaign, now, rate, max in flight. One tick, shared by every process: it covers
 * the time since the last tick of any of them, so N processes ticking admit at the rate, not N
 * times it. The credit rule is api/queue/credit.ts's admitStep, line for line.
 */
export const ADVANCE = script(`
local c, nowArg = ARGV[2], ARGV[3]
local now, rate, maxInFlight = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
ensure(c, nowArg)
local q = P .. 'q:' .. c
local f = redis.call('HMGET', q, 'head', 'tail', 'prequeue', 'lastTick', 'credit')
local head, tail, prequeue, last, credit = tonumber(f[1]), tonumber(f[2]), tonumber(f[3]), tonumber(f[4]), tonumber(f[5])
local seconds = (now - last) / 1000
local advanced = 0
if seconds <= 0 then
  seconds = 0
else
  local waiting = tail - head
  if waiting <= 0 or rate <= 0 then
    credit = 0
  else
    local inflight = P .. 'inflight:' .. c
    redis.call('ZREMRANGEBYSCORE', inflight, '-inf', nowArg)
    local room = math.max(0, maxInFlight - redis.call('ZCARD', inflight))
    credit = math.min(credit + rate * seconds, math.max(1, 2 * rate))
    advanced = math.max(0, math.min(math.floor(credit), waiting, room))
    credit = credit - advanced
    if advanced > 0 then
      head = head + advanced
      redis.call('ZADD', P .. 'marks:' .. c, head, string.format('%d:%s', head, nowArg))
    end
  end
  redis.call('HSET', q, 'head', head, 'lastTick', nowArg, 'credit', string.format('%.17g', credit))
end
return {head, tail, prequeue, advanced, string.format('%.17g', seconds)}
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
end
if n > 0 then
  redis.call('HSET', q, 'tail', first + n - 1)
  redis.call('HINCRBY', q, 'prequeue', 0 - n)
end
redis.call('HSET', done, cohort, cjson.encode({seed = seed, tickets = n, firstPosition = first, at = now}))
redis.call('DEL', pre)
return 'done'
`);

/** ARGV: prefix, campaign, person key, admission id, now. Marks the ticket of that admission booked. */
export const BOOKED = script(`
local c, pk, admission, now = ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local id = redis.call('HGET', P .. 'who:' .. c, pk)
if not id then return 0 end
local t = P .. 't:' .. id
if redis.call('HGET', t, 'admissionId') ~= admission then return 0 end
redis.call('HSET', t, 'bookedAt', now)
redis.call('ZREM', P .. 'inflight:' .. c, id)
return 1
`);

/** ARGV: prefix, campaign, person key. The person's ticket, as HGETALL, or empty. */
export const TICKET_OF = script(`
local id = redis.call('HGET', P .. 'who:' .. ARGV[2], ARGV[3])
if not id then return {} end
return redis.call('HGETALL', P .. 't:' .. id)
`);
