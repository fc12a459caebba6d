/**
 * A throwaway PostgreSQL cluster for one test file. The implementation is plain JS in
 * scripts/lib/postgres-cluster.mjs so that benchmarks and examples (plain Node scripts) share
 * this one copy; see there for how the server is started and stopped.
 */
export { findPostgresBin, skipPostgres, startPostgres } from '../../scripts/lib/postgres-cluster.mjs';
export type { TestPostgres } from '../../scripts/lib/postgres-cluster.mjs';
