/**
 * Headless Chromium for the dashboard suite: Debian's `chromium` driven by playwright-core
 * (no browser download). Without a chromium binary the suite fails with a message saying how
 * to get one, unless KRONOS_SKIP_BROWSER=1 says to skip it.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

export const SKIP_BROWSER = process.env.KRONOS_SKIP_BROWSER === '1';

/** $KRONOS_CHROMIUM, else the first chromium on PATH or in /usr/bin. */
export function chromiumPath(): string | null {
  const given = process.env.KRONOS_CHROMIUM;
  if (given) return existsSync(given) ? given : null;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const found = execFileSync('which', [name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      if (found) return found;
    } catch {
      // not on PATH: try the next name
    }
  }
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : null;
}

let launched: Promise<Browser> | null = null;

/** The one browser of the suite, launched on first use. */
export function browser(): Promise<Browser> {
  launched ??= (async () => {
    const executablePath = chromiumPath();
    if (executablePath === null) {
      throw new Error('The dashboard tests need a Chromium binary and found none (looked for $KRONOS_CHROMIUM, `chromium` and `chromium-browser` on PATH, /usr/bin/chromium). Install it (Debian: `apt-get install chromium`; .ci/run does this when it is missing) or set KRONOS_SKIP_BROWSER=1 to skip these tests.');
    }
    return chromium.launch({ executablePath, args: ['--no-sandbox'] });
  })();
  return launched;
}

/** Closes the browser if one was launched (call in `after`: it runs even when a test failed). */
export async function closeBrowser(): Promise<void> {
  const pending = launched;
  launched = null;
  if (pending === null) return;
  try {
    await (await pending).close();
  } catch {
    // It never launched: nothing to close.
  }
}
