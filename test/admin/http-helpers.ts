/**
 * Admin API test helpers: a real server on port 0, called with real `fetch`, and stopped
 * after each test (servers and schedulers both), so a suite never hangs.
 */
import { serve } from '../../lib/admin/http.js';
import type { AdminServer, ServeOptions } from '../../lib/admin/http.js';
import type { AnyScheduler } from '../../lib/admin/history.js';

export const TOKEN = 'test-token-0123456789abcdef';
export const READ_TOKEN = 'read-token-0123456789abcdef';

const servers = new Set<AdminServer>();

export interface Api {
  server: AdminServer;
  /** fetch with the full token (override `authorization` to test others; `null` to send none). */
  call(method: string, path: string, init?: { body?: unknown; raw?: string; token?: string | null; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; json: any; text: string }>;
}

export async function start(scheduler: AnyScheduler, options: ServeOptions = {}): Promise<Api> {
  const server = await serve(scheduler, { token: TOKEN, readOnlyToken: READ_TOKEN, ...options });
  servers.add(server);
  return {
    server,
    async call(method, path, init = {}) {
      const headers: Record<string, string> = { ...init.headers };
      const token = init.token === undefined ? TOKEN : init.token;
      if (token !== null) headers.authorization = `Bearer ${token}`;
      let body: string | undefined = init.raw;
      if (init.body !== undefined) {
        body = JSON.stringify(init.body);
        headers['content-type'] = 'application/json';
      }
      const response = await fetch(server.url + path, { method, headers, body });
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, json, text };
    },
  };
}

export async function closeServers(): Promise<void> {
  for (const server of servers) await server.close();
  servers.clear();
}
