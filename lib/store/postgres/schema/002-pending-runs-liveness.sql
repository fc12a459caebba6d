-- Kronos durable store, version 2.
-- A manual run is first a pending row (status 'pending') that no process holds: it has no
-- token, instance, lease or start until a claim takes it, like a due slot.
ALTER TABLE runs ALTER COLUMN token DROP NOT NULL;
ALTER TABLE runs ALTER COLUMN instance_id DROP NOT NULL;
ALTER TABLE runs ALTER COLUMN started_at DROP NOT NULL;

-- The claim's and nextDueAt's look at pending manual runs (per schedule, and all of them).
CREATE INDEX runs_pending ON runs (schedule_id, slot) WHERE status = 'pending';
CREATE INDEX runs_pending_slot ON runs (slot) WHERE status = 'pending';

-- Liveness: instances not seen for a while are deleted by any live process.
CREATE INDEX instances_seen ON instances (seen_at);
