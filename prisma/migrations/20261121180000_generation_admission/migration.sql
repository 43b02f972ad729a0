-- The daily quota and the per-user queue cap, decided next to the rows they count
-- (docs/decisions/0013). One place states the rule; generate and generation.retry both
-- call studio_admit_generations, so a generate is one statement (one round trip) that
-- locks, counts, decides, inserts its rows and adds its jobs.

-- A user's units in the rolling window: queued, running and succeeded generations and the
-- tombstones of deleted ones, by when their unit was taken ("reservedAt"). Failed and
-- cancelled rows hold none (that is the refund). In flight = queued + running: what the
-- queue cap counts, with the lane each waits in. No row when the user does not exist.
CREATE FUNCTION studio_quota_usage(p_user TEXT, p_window_ms BIGINT)
RETURNS TABLE (daily_limit INTEGER, used INTEGER, in_flight INTEGER, in_flight_lanes INTEGER[], oldest TIMESTAMPTZ)
LANGUAGE sql STABLE AS $$
  SELECT u."dailyGenLimit",
         (count(g.id) FILTER (WHERE g.status IN ('queued', 'running', 'succeeded', 'deleted')))::int,
         (count(g.id) FILTER (WHERE g.status IN ('queued', 'running')))::int,
         coalesce(array_agg(g."queueLane") FILTER (WHERE g.status IN ('queued', 'running')), '{}'),
         -- The columns hold UTC without a zone; the instant, whatever the session's zone.
         min(g."reservedAt") FILTER (WHERE g.status IN ('queued', 'running', 'succeeded', 'deleted')) AT TIME ZONE 'UTC'
  FROM "User" u
  LEFT JOIN "Generation" g
    ON g."userId" = u.id AND g."reservedAt" > (now() AT TIME ZONE 'UTC') - make_interval(secs => p_window_ms / 1000.0)
  WHERE u.id = p_user
  GROUP BY u.id
$$;

-- Admits p_count new generations for a user, or says why not. Takes the user's advisory
-- lock (p_lock_key, made by the app: server/generations/job-settings.ts) for the rest of
-- the transaction, then counts: each statement of a volatile function sees what committed
-- before it, so the count includes everything the previous lock holder wrote, even when
-- the calling statement started earlier. verdict:
--   'admitted' — used + p_count <= the user's daily limit and in flight + p_count <= p_max_queued;
--   'daily'    — the daily quota would be exceeded;
--   'queue'    — the user's queue cap would be exceeded;
--   'no-user'  — no such user (nothing else is filled in).
-- When admitted, lanes[i] and priorities[i] are the i-th new job's: the lane (0-based, of
-- p_lanes) where fewest of the user's jobs wait, ties to the lowest, and the user's own
-- position (in flight before it), so everyone's first job goes before anyone's second.
-- The caller writes the rows and adds the jobs in the same transaction.
CREATE FUNCTION studio_admit_generations(
  p_user TEXT, p_lock_key BIGINT, p_count INTEGER, p_window_ms BIGINT, p_max_queued INTEGER, p_lanes INTEGER
)
RETURNS TABLE (verdict TEXT, daily_limit INTEGER, used INTEGER, in_flight INTEGER, oldest TIMESTAMPTZ, lanes INTEGER[], priorities INTEGER[])
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  u RECORD;
  lane_load INTEGER[];
  lane INTEGER;
  best INTEGER;
BEGIN
  PERFORM pg_advisory_xact_lock(p_lock_key);
  SELECT * INTO u FROM studio_quota_usage(p_user, p_window_ms);
  IF NOT FOUND THEN
    verdict := 'no-user';
    RETURN NEXT;
    RETURN;
  END IF;
  daily_limit := u.daily_limit;
  used := u.used;
  in_flight := u.in_flight;
  oldest := u.oldest;
  IF u.used + p_count > u.daily_limit THEN
    verdict := 'daily';
  ELSIF u.in_flight + p_count > p_max_queued THEN
    verdict := 'queue';
  ELSE
    verdict := 'admitted';
    lane_load := array_fill(0, ARRAY[p_lanes]);
    FOREACH lane IN ARRAY u.in_flight_lanes LOOP
      -- Lanes beyond today's setting (USER_CONCURRENCY lowered) are not chosen again.
      IF lane >= 0 AND lane < p_lanes THEN
        lane_load[lane + 1] := lane_load[lane + 1] + 1;
      END IF;
    END LOOP;
    lanes := '{}';
    priorities := '{}';
    FOR i IN 1 .. p_count LOOP
      best := 1;
      FOR l IN 2 .. p_lanes LOOP
        IF lane_load[l] < lane_load[best] THEN
          best := l;
        END IF;
      END LOOP;
      lane_load[best] := lane_load[best] + 1;
      lanes := lanes || (best - 1);
      priorities := priorities || (u.in_flight + i - 1);
    END LOOP;
  END IF;
  RETURN NEXT;
END
$$;
