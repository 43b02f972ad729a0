-- Functions for generation jobs (docs/decisions/0013): the daily quota and the per-user
-- queue cap, decided next to the rows they count, and the per-provider render cap. One
-- place states each rule; generate and generation.retry both call studio_admit_generations,
-- so a generate is one statement (one round trip) that locks, counts, decides, inserts its
-- rows and adds its jobs (studio_enqueue_generations); a worker takes a render slot in one
-- statement too. Statements inside functions keep their plans for the session, which a
-- large statement sent as text (parsed and planned on every call) does not.

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

-- generate's whole reservation, one call. First, when p_rate_key is given, the caller's
-- per-minute hit (studio_rate_limit_hit on the PostgreSQL limiter store; the tRPC layer
-- decides the key and allowance): refused → verdict 'rate' and nothing else. Then it admits
-- cardinality(p_ids) generations (studio_admit_generations) and, only if admitted, writes
-- them as queued rows — id and seed per generation, every other column from p_row (a
-- "Generation" record as JSON, camelCase keys) — in the lanes and with the priorities the
-- admission chose, and adds their jobs (graphile_worker.add_jobs: task p_task, payload
-- p_payloads[i], key p_job_keys[i], queue p_lane_queues[lane + 1], priority capped at
-- p_max_priority). The caller's statement is its transaction: the hit, the rows and the
-- jobs commit together or not at all. Returns the verdict, the admission's counts (what a
-- refusal tells the caller) and the hit's answer (null when no hit was asked for).
CREATE FUNCTION studio_enqueue_generations(
  p_user TEXT, p_lock_key BIGINT, p_window_ms BIGINT, p_max_queued INTEGER, p_lanes INTEGER,
  p_ids TEXT[], p_seeds INTEGER[], p_row JSONB,
  p_task TEXT, p_payloads JSON[], p_job_keys TEXT[], p_lane_queues TEXT[], p_max_attempts INTEGER, p_max_priority INTEGER,
  p_rate_key TEXT, p_rate_max INTEGER, p_rate_window_ms INTEGER
)
RETURNS TABLE (
  verdict TEXT, daily_limit INTEGER, used INTEGER, in_flight INTEGER, oldest TIMESTAMPTZ,
  rate_counted INTEGER, rate_weighted INTEGER, rate_reset_ms BIGINT
)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  h RECORD;
  a RECORD;
  r "Generation";
  now_utc TIMESTAMP(3) := now() AT TIME ZONE 'UTC';
BEGIN
  IF p_rate_key IS NOT NULL THEN
    SELECT * INTO h FROM studio_rate_limit_hit(p_rate_key, p_rate_max, p_rate_window_ms);
    rate_counted := h.counted;
    rate_weighted := h.weighted;
    rate_reset_ms := h.reset_ms;
    IF h.counted IS NULL THEN
      verdict := 'rate';
      RETURN NEXT;
      RETURN;
    END IF;
  END IF;
  SELECT * INTO a FROM studio_admit_generations(p_user, p_lock_key, cardinality(p_ids), p_window_ms, p_max_queued, p_lanes);
  verdict := a.verdict;
  daily_limit := a.daily_limit;
  used := a.used;
  in_flight := a.in_flight;
  oldest := a.oldest;
  IF a.verdict = 'admitted' THEN
    r := jsonb_populate_record(NULL::"Generation", p_row);
    INSERT INTO "Generation" (id, "userId", status, "batchId", width, height, "originalPrompt", "betterPrompt", "negativePrompt",
      model, provider, style, "aspectRatio", "detailLevel", seed, "isPublic", optimize, "progressId", "queuePriority", "queueLane",
      "reservedAt", "createdAt", "updatedAt", "parentId")
    SELECT p_ids[i], p_user, 'queued', r."batchId", r.width, r.height, r."originalPrompt", r."betterPrompt", r."negativePrompt",
      r.model, r.provider, r.style, r."aspectRatio", r."detailLevel", p_seeds[i], r."isPublic", r.optimize, r."progressId",
      a.priorities[i], a.lanes[i], now_utc, now_utc, now_utc, r."parentId"
    FROM generate_subscripts(p_ids, 1) AS i;
    PERFORM graphile_worker.add_jobs(ARRAY(
      SELECT (p_task, p_payloads[i], p_lane_queues[a.lanes[i] + 1], NULL::timestamptz, p_max_attempts::smallint, p_job_keys[i],
        least(a.priorities[i], p_max_priority)::smallint, NULL::text[])::graphile_worker.job_spec
      FROM generate_subscripts(p_ids, 1) AS i), false);
  END IF;
  RETURN NEXT;
END
$$;

-- Takes one of a provider's p_cap render slots for a running generation, or says why not:
-- 'taken' (its stage is now 'rendering'), 'full' (p_cap others are rendering on this
-- provider with a live lease: wait and ask again) or 'lost' (the row is no longer this
-- attempt's: cancelled, or taken over). Slots are counted from the rows under the
-- provider's advisory lock (p_lock_key, made by the app), so a dead worker's slot frees
-- itself when its lease lapses; p_cap 0 means no cap. One statement: the lock is held only
-- while it runs and commits, not across round trips. The commit does not wait for its WAL
-- to reach disk (synchronous_commit off, for this transaction only): a slot is soft state
-- — were PostgreSQL itself to crash and lose it, the row would say 'starting' while its
-- worker renders, which only loosens the cap for one render; every worker's connection
-- dies with the server anyway and leases take over. Waiting for the flush with the lock
-- held made every render start wait for every other one's disk write.
CREATE FUNCTION studio_take_render_slot(
  p_id TEXT, p_attempt INTEGER, p_provider TEXT, p_lock_key BIGINT, p_cap INTEGER, p_lease_ms BIGINT
)
RETURNS TEXT
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  IF p_cap > 0 THEN
    PERFORM pg_advisory_xact_lock(p_lock_key);
    IF (SELECT count(*) FROM "Generation"
        WHERE status = 'running' AND provider = p_provider AND stage = 'rendering' AND id <> p_id
          AND "heartbeatAt" > (now() AT TIME ZONE 'UTC') - make_interval(secs => p_lease_ms / 1000.0)) >= p_cap THEN
      RETURN 'full';
    END IF;
  END IF;
  UPDATE "Generation" SET stage = 'rendering', "updatedAt" = now() AT TIME ZONE 'UTC'
  WHERE id = p_id AND status = 'running' AND attempt = p_attempt;
  IF NOT FOUND THEN
    RETURN 'lost';
  END IF;
  RETURN 'taken';
END
$$;

-- One per-minute rate-limit hit on the PostgreSQL limiter store (server/adapters/limiter/
-- postgres-store.ts): counts a hit against p_key in a sliding window of p_window_ms unless
-- that would exceed p_max. One counter row per (key, window); the previous window's count
-- is weighted by how much of it still overlaps the sliding window, as @upstash/ratelimit's
-- slidingWindow does. The ON CONFLICT … WHERE re-checks the latest committed count, so
-- concurrent hits are exact. counted is null when refused. The clock is the database's,
-- shared by every process. A function so that its plan is kept for the session (it runs on
-- every rate-limited request).
CREATE FUNCTION studio_rate_limit_hit(p_key TEXT, p_max INTEGER, p_window_ms INTEGER)
RETURNS TABLE (counted INTEGER, weighted INTEGER, reset_ms BIGINT)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RETURN QUERY
  WITH w AS (
    SELECT k.now_ms / p_window_ms AS cur, k.now_ms % p_window_ms AS elapsed
    FROM (SELECT (extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now_ms) k
  ), prev AS (
    SELECT floor(coalesce((SELECT c.count FROM "RateLimitCounter" c
                           WHERE c.key = p_key AND c."windowMs" = p_window_ms AND c."window" = w.cur - 1), 0)
                 * (p_window_ms - w.elapsed)::float8 / p_window_ms::float8)::int AS weighted
    FROM w
  ), up AS (
    INSERT INTO "RateLimitCounter" AS c (key, "windowMs", "window", count, "expiresAt")
    SELECT p_key, p_window_ms, w.cur, 1, to_timestamp(((w.cur + 2) * p_window_ms) / 1000.0) AT TIME ZONE 'UTC'
    FROM w, prev WHERE prev.weighted + 1 <= p_max
    ON CONFLICT (key, "windowMs", "window") DO UPDATE SET count = c.count + 1
      WHERE c.count + (SELECT prev.weighted FROM prev) + 1 <= p_max
    RETURNING c.count
  )
  SELECT (SELECT up.count FROM up), (SELECT prev.weighted FROM prev), (w.cur + 1) * p_window_ms FROM w;
END
$$;

-- A running generation's stage (optimizing, storing: what the queue tray shows), fenced on
-- this attempt; false when the row is no longer this attempt's. Soft state like a render
-- slot, so its commit does not wait for the WAL flush either (a PostgreSQL crash could
-- only lose a stage label, which the next write or the reconciler replaces).
CREATE FUNCTION studio_set_stage(p_id TEXT, p_attempt INTEGER, p_stage TEXT)
RETURNS BOOLEAN
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  PERFORM set_config('synchronous_commit', 'off', true);
  UPDATE "Generation" SET stage = p_stage, "updatedAt" = now() AT TIME ZONE 'UTC'
  WHERE id = p_id AND status = 'running' AND attempt = p_attempt;
  RETURN FOUND;
END
$$;
