-- Kronos durable store, version 3: indexes that keep a claim and a completion to the rows they
-- touch when thousands of slots are due at once (benchmarks W9).
-- A claim takes each queue's due schedules in (next slot, priority, name) order. With that
-- order in an index, its locking scan walks the index and stops after the rows it locked;
-- before, every due row was read and sorted (by a jsonb expression) in each claim, and a long
-- claim kept the rows it had passed over locked, holding up peers' completions.
ALTER TABLE schedules ADD COLUMN priority double precision NOT NULL GENERATED ALWAYS AS (
  CASE WHEN jsonb_typeof(options -> 'priority') = 'number' THEN (options ->> 'priority')::float8 ELSE 0 END) STORED;

DROP INDEX schedules_due;
CREATE INDEX schedules_due ON schedules (queue, next_run_at, priority, name) WHERE NOT paused;

-- A schedule's running runs (maxInstances at a claim, its state at a run's end): one probe,
-- where the lease index held every running run of every schedule.
CREATE INDEX runs_schedule_running ON runs (schedule_id) WHERE status = 'running';
