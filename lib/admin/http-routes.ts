/**
 * The admin API as a table of routes (DESIGN §8): each a method, a path, whether it changes
 * anything (a read-only token may not call it) and a handler into the scheduler. The server
 * (http.ts) authenticates, matches and answers; handlers only compute answers.
 */
import type { Store } from '../store/store.js';
import type { AnyScheduler, RunHistory } from './history.js';
import type { MetricsCollector } from './metrics.js';
import type { JsonObject } from './http-body.js';

/** What every handler can reach. */
export interface AdminState {
  scheduler: AnyScheduler;
  history: RunHistory;
  metrics: MetricsCollector;
  /** Real paths of the directories POST /api/jobs may name modules under. */
  allowModules: readonly string[];
  /** This process's id in the store, or a random id per server in memory. */
  instance: string;
  /** The scheduler clock's `monotonic()` when the server started (uptime follows the scheduler's clock). */
  startedAt: number;
}

export interface RouteRequest {
  state: AdminState;
  params: Readonly<Record<string, string>>;
  url: URL;
  /** The JSON object body (read on demand, size-limited). */
  body(): Promise<JsonObject>;
}

export interface RouteAnswer {
  /** @default 200 */
  status?: number;
  json?: unknown;
  /** A non-JSON body, with its content type. */
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /** A changing route: 403 for the read-only token. */
  changes: boolean;
  /** Served without a token (only the dashboard shell, which holds no data). */
  open?: boolean;
  handle(request: RouteRequest): Promise<RouteAnswer>;
}

export interface CompiledRoute extends Route {
  pattern: RegExp;
  keys: string[];
}

/** `/api/jobs/:name/run` → a regex whose groups are the `:params` (one path segment each). */
export function compileRoute(route: Route): CompiledRoute {
  const keys: string[] = [];
  const source = route.path.split('/').map((part) => {
    if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    keys.push(part.slice(1));
    return '([^/]+)';
  }).join('/');
  return { ...route, pattern: new RegExp(`^${source}$`), keys };
}

export function storeOf(scheduler: AnyScheduler): Store {
  return scheduler.store as Store;
}

/** The time the scheduler plans in: the store's clock (the database's for a durable store). */
export function nowOf(scheduler: AnyScheduler): Promise<number> {
  return storeOf(scheduler).now();
}
