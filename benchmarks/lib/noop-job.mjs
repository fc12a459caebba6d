// The job module W4 gives ThreadedScheduler (its tasks must name their action by module).
// A no-op, like the in-thread workloads' `() => {}`: what is measured is the scheduler.
export default function noop() {}
