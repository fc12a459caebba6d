export interface TestPostgres {
  url: string;
  port: number;
  dataDir: string;
  /** `pg_ctl restart`: every connection is cut, the server is back when it resolves. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  /** Terminates every other backend whose `application_name`/`query` matches (default: all client backends). Returns how many. */
  terminateBackends(filter?: string): Promise<number>;
  /** Milliseconds initdb + start took. */
  startMs: number;
}
export const skipPostgres: boolean;
/** The directory holding initdb and pg_ctl, or null. */
export function findPostgresBin(): string | null;
/** A throwaway cluster (fsync=off) on a free port of 127.0.0.1, stopped on `stop()` or process exit. */
export function startPostgres(): Promise<TestPostgres>;
/** One short-lived admin connection to `url`. */
export function withClient<T>(url: string, fn: (client: import('pg').Client) => Promise<T>): Promise<T>;
