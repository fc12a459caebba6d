/**
 * The dashboard's files (DESIGN §8, `GET /`): plain HTML, CSS and ES modules kept beside this
 * file in `static/` and shipped as they are (scripts/build.mjs copies them into dist), so
 * nothing is built at run time and nothing comes from a CDN. Only the names listed here are
 * served: a request never names a path on disk.
 */
import { readFile } from 'node:fs/promises';

/** The page and every asset it loads: one policy, no inline script or style, no other origin. */
export const DASHBOARD_CSP = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  svg: 'image/svg+xml',
};

/** Served under `/assets/<name>`; `index.html` is `GET /`. */
export const ASSET_NAMES: readonly string[] = [
  'index.html', 'style.css', 'app.js', 'api.js', 'dom.js', 'charts.js', 'table.js', 'job-page.js', 'dialogs.js', 'favicon.svg',
];

const cache = new Map<string, Promise<string>>();

export interface Asset {
  text: string;
  contentType: string;
}

/** The asset called `name`, or null for a name not in the list. Read once, then kept. */
export async function dashboardAsset(name: string): Promise<Asset | null> {
  if (!ASSET_NAMES.includes(name)) return null;
  let text = cache.get(name);
  if (text === undefined) {
    text = readFile(new URL(`./static/${name}`, import.meta.url), 'utf8');
    cache.set(name, text);
    // A failed read is not kept: the next request tries again.
    text.catch(() => cache.delete(name));
  }
  return { text: await text, contentType: TYPES[name.slice(name.lastIndexOf('.') + 1)]! };
}
