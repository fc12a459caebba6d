/**
 * The HTTP admin API (DESIGN §8) on `node:http`: no framework, since the API is a dozen fixed
 * routes with JSON in and out, and the library keeps its runtime dependencies few.
 *
 * Every request but the dashboard shell (`GET /`) needs `Authorization: Bearer <token>`;
 * a read-only token may call the GET routes only. Loopback by default: another host only with
 * `allowRemote: true`. Nothing from a request is ever evaluated (see http-add.ts).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import createDebug from 'debug';
import { describeValue, invalidType, outOfRange } from '../errors.js';
import { Authenticator, checkToken, generateToken } from './http-auth.js';
import { parseObject, readBody } from './http-body.js';
import type { JsonObject } from './http-body.js';
import { HttpError, errorBody, toHttpError } from './http-errors.js';
import { RunFeed, RunHistory } from './history.js';
import type { AnyScheduler } from './history.js';
import { MetricsCollector } from './metrics.js';
import { resolveModuleDirs } from './http-add.js';
import { compileRoute } from './http-routes.js';
import type { AdminState, CompiledRoute, RouteAnswer } from './http-routes.js';
import { JOB_ROUTES } from './http-jobs.js';
import { OPS_ROUTES } from './http-ops.js';

const debug = createDebug('kronos:http');

export interface ServeOptions {
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** The full-access bearer token (16+ characters). @default a random token, returned as `token` */
  token?: string;
  /** A token for viewers: GET routes only (403 elsewhere). */
  readOnlyToken?: string;
  /** Listen on a host other than loopback. @default false */
  allowRemote?: boolean;
  /** Largest request body in bytes (413 past it). @default 65536 */
  bodyLimit?: number;
  /** Directories POST /api/jobs may name modules under (none: module paths are refused). @default [] */
  allowModules?: readonly string[];
  /** Runs kept per job in memory for the job details. @default 50 */
  historySize?: number;
}

export interface AdminServer {
  /** `http://host:port` */
  readonly url: string;
  readonly port: number;
  /** The full-access token (the one given, or the one generated). */
  readonly token: string;
  /** Stops listening, ends open connections and stops observing the scheduler. */
  close(): Promise<void>;
}

const OPTION_KEYS = new Set(['port', 'host', 'token', 'readOnlyToken', 'allowRemote', 'bodyLimit', 'allowModules', 'historySize']);
const ROUTES: CompiledRoute[] = [...JOB_ROUTES, ...OPS_ROUTES].map(compileRoute);

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  const v4 = host.startsWith('::ffff:') ? host.slice(7) : host;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

function checkInt(value: unknown, option: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw invalidType(option, `an integer from ${min} to ${max}`, value);
  if (value < min || value > max) throw outOfRange(option, `an integer from ${min} to ${max}`, value);
  return value;
}

function normalize(options: ServeOptions): Required<Omit<ServeOptions, 'readOnlyToken'>> & { readOnlyToken: string | undefined } {
  if (typeof options !== 'object' || options === null) throw invalidType('options', 'an options object', options);
  for (const key of Object.keys(options)) if (!OPTION_KEYS.has(key)) throw invalidType(key, `a known option (${[...OPTION_KEYS].join(', ')})`, (options as Record<string, unknown>)[key]);
  const host = options.host ?? '127.0.0.1';
  if (typeof host !== 'string' || host.length === 0) throw invalidType('host', 'a host name or IP address', host);
  const allowRemote = options.allowRemote ?? false;
  if (typeof allowRemote !== 'boolean') throw invalidType('allowRemote', 'true or false', allowRemote);
  if (!allowRemote && !isLoopback(host)) throw outOfRange('host', 'a loopback address (127.0.0.1, ::1, localhost) unless `allowRemote: true` is given', host);
  const token = options.token === undefined ? generateToken() : checkToken(options.token, 'token');
  const readOnlyToken = options.readOnlyToken === undefined ? undefined : checkToken(options.readOnlyToken, 'readOnlyToken');
  if (readOnlyToken === token) throw outOfRange('readOnlyToken', 'different from `token`', '(the same string)');
  const allowModules = options.allowModules ?? [];
  if (!Array.isArray(allowModules)) throw invalidType('allowModules', 'an array of directory paths', allowModules);
  return {
    port: checkInt(options.port, 'port', 0, 65_535, 0), host, token, readOnlyToken, allowRemote,
    bodyLimit: checkInt(options.bodyLimit, 'bodyLimit', 1, 64 * 1024 * 1024, 64 * 1024),
    allowModules: resolveModuleDirs(allowModules), historySize: checkInt(options.historySize, 'historySize', 1, 10_000, 50),
  };
}

function send(response: ServerResponse, answer: RouteAnswer): void {
  const status = answer.status ?? 200;
  const body = answer.text ?? `${JSON.stringify(answer.json ?? null)}\n`;
  response.writeHead(status, {
    'content-type': answer.contentType ?? 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...answer.headers,
  });
  response.end(body);
}

/** Starts the admin API for `scheduler`; resolves once it listens. */
export async function serve(scheduler: AnyScheduler, options: ServeOptions = {}): Promise<AdminServer> {
  const config = normalize(options);
  const auth = new Authenticator(config.token, config.readOnlyToken);
  const feed = new RunFeed(scheduler);
  const engineId = (scheduler as { instanceId?: unknown }).instanceId;
  const state: AdminState = {
    scheduler, history: new RunHistory(feed, config.historySize), metrics: new MetricsCollector(feed), allowModules: config.allowModules,
    instance: typeof engineId === 'string' ? engineId : randomUUID(), startedAt: scheduler.clock.monotonic(),
  };
  const server = createServer((request, response) => {
    handle(state, auth, config.bodyLimit, request, response).catch((error: unknown) => {
      // Only a failure to write the answer gets here: the socket is gone.
      debug('answer failed: %O', error);
      response.destroy();
    });
  });
  try {
    await listen(server, config.port, config.host);
  } catch (error) {
    feed.close();
    throw error;
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const hostPart = config.host.includes(':') ? `[${config.host}]` : config.host;
  debug('listening on %s:%d', config.host, port);
  let closing: Promise<void> | null = null;
  return {
    url: `http://${hostPart}:${port}`, port, token: config.token,
    close() {
      closing ??= new Promise<void>((resolve) => {
        feed.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function handle(state: AdminState, auth: Authenticator, bodyLimit: number, request: IncomingMessage, response: ServerResponse): Promise<void> {
  let answer: RouteAnswer;
  try {
    answer = await route(state, auth, bodyLimit, request);
  } catch (thrown) {
    const error = toHttpError(thrown);
    if (error.status >= 500) state.scheduler.logger.error(`Admin API: ${request.method} ${request.url} failed`, thrown);
    const headers: Record<string, string> = {};
    if (error.status === 401) headers['www-authenticate'] = 'Bearer realm="kronos"';
    // The rest of an oversized body is not worth reading: close the connection after answering.
    if (error.status === 413) headers.connection = 'close';
    if (error.status === 405) headers.allow = allowedMethods(request).join(', ');
    answer = { status: error.status, json: errorBody(error), headers };
  }
  send(response, answer);
}

function pathOf(request: IncomingMessage): URL {
  return new URL(request.url ?? '/', 'http://admin.invalid');
}

function allowedMethods(request: IncomingMessage): string[] {
  const path = pathOf(request).pathname;
  return ROUTES.filter((r) => r.pattern.test(path)).map((r) => r.method);
}

async function route(state: AdminState, auth: Authenticator, bodyLimit: number, request: IncomingMessage): Promise<RouteAnswer> {
  const url = pathOf(request);
  const candidates = ROUTES.filter((r) => r.pattern.test(url.pathname));
  const found = candidates.find((r) => r.method === request.method);
  if (found?.open) return found.handle({ state, params: {}, url, body: async () => ({}) });
  const access = auth.access(request);
  if (candidates.length === 0) throw new HttpError(404, 'not-found', `No route ${url.pathname}`);
  if (found === undefined) throw new HttpError(405, 'method-not-allowed', `${describeValue(request.method)} is not allowed on ${url.pathname}`);
  if (found.changes && access === 'read') throw new HttpError(403, 'forbidden', 'The read-only token may not change anything');
  const params: Record<string, string> = {};
  const match = found.pattern.exec(url.pathname)!;
  found.keys.forEach((key, i) => {
    try {
      params[key] = decodeURIComponent(match[i + 1]!);
    } catch {
      throw new HttpError(400, 'bad-request', `The path segment for \`${key}\` is not valid percent-encoding`, key);
    }
  });
  let body: Promise<JsonObject> | undefined;
  return found.handle({ state, params, url, body: () => (body ??= readBody(request, bodyLimit).then(parseObject)) });
}
