-- Kronos durable store, version 1. Applied by migrate.ts inside one transaction that holds an
-- advisory lock, with search_path set to the store's schema (so names here are unqualified).
-- Runs on PostgreSQL 15 and on PGlite (PostgreSQL 18).

CREATE TABLE schedules (
  id           bigserial PRIMARY KEY,
  name         text NOT NULL UNIQUE,
  type         text NOT NULL,
  options      jsonb NOT NULL,
  action       jsonb NOT NULL,
  args         jsonb NOT NULL,
  kw           jsonb,
  queue        text NOT NULL DEFAULT 'default',
  source       text NOT NULL DEFAULT 'api',
  next_run_at  timestamptz,
  paused       boolean NOT NULL DEFAULT false,
  paused_at    timestamptz,
  state        text NOT NULL DEFAULT 'scheduled',
  runs         integer NOT NULL DEFAULT 0,
  failures     integer NOT NULL DEFAULT 0,
  last_outcome jsonb,
  version      integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now()
);

-- The claim's scan: due, unpaused schedules of some queues, earliest first.
CREATE INDEX schedules_due ON schedules (queue, next_run_at) WHERE NOT paused;

CREATE TABLE runs (
  id           bigserial PRIMARY KEY,
  schedule_id  bigint NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
  slot         timestamptz NOT NULL,
  kind         text NOT NULL,
  status       text NOT NULL,
  attempt      integer NOT NULL DEFAULT 1,
  -- Fencing token: fresh per claim and per attempt; heartbeat and complete must present it.
  token        text NOT NULL,
  instance_id  text NOT NULL,
  lease_until  timestamptz,
  started_at   timestamptz NOT NULL,
  finished_at  timestamptz,
  attempts     jsonb NOT NULL DEFAULT '[]',
  -- Exactly once: one run per (schedule, slot, kind), whoever claims it.
  CONSTRAINT runs_one_per_slot UNIQUE (schedule_id, slot, kind)
);

-- Lease recovery: running runs whose lease ran out.
CREATE INDEX runs_running_lease ON runs (lease_until) WHERE status = 'running';
-- Pruning and listing: a schedule's finished runs, newest first.
CREATE INDEX runs_schedule_finished ON runs (schedule_id, finished_at);

CREATE TABLE instances (
  id          text PRIMARY KEY,
  hostname    text NOT NULL,
  pid         integer NOT NULL,
  queues      jsonb,
  handlers    jsonb NOT NULL DEFAULT '[]',
  execute     boolean NOT NULL DEFAULT true,
  started_at  timestamptz NOT NULL DEFAULT now(),
  seen_at     timestamptz NOT NULL DEFAULT now()
);
