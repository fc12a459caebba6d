/**
 * A brute-force reference for the wall-clock rules, independent of lib/time's Zone and
 * search: it walks real time on a grid of minutes (or seconds) and reads local wall fields
 * from `Intl.DateTimeFormat` alone, then applies the documented DST policy literally:
 * - fixed: a local time runs at the first instant showing it; a time the clock jumps over
 *   runs at jump + (time - wall the clock would have shown), i.e. shifted by the gap;
 * - follow: every real instant whose wall time matches.
 * To stay fast it skips a whole day (or hour) when Intl shows the clock advanced by exactly
 * that much and nothing in it can match; any other block is read minute by minute.
 */

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

export interface OracleRule {
  /** Local date: month 1..12, weekday 1 = Monday .. 7 = Sunday. */
  date(year: number, month: number, day: number, weekday: number): boolean;
  /** Whether any time in local hour `hour` can match (a cheap pre-filter). */
  hour(hour: number): boolean;
  /** Local time of day in seconds. */
  time(second: number): boolean;
  fixed: boolean;
  /** Grid in ms: 60 000 for minute rules, 1000 for rules with seconds. */
  step: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();

/** Local wall time of `t` as if UTC, via Intl only (t on a whole second). */
export function intlWall(zone: string, t: number): number {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formats.set(zone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(t)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year as number, (p.month as number) - 1, p.day as number, p.hour, p.minute, p.second);
}

function dateOf(wall: number): [number, number, number, number] {
  const d = new Date(wall);
  const wd = d.getUTCDay();
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), wd === 0 ? 7 : wd];
}

/**
 * The first instant > `after` at which `rule` runs in `zone` and `accept` (given the instant
 * and its wall time) agrees, or null if none before `after + horizon`.
 */
export function oracleNext(
  rule: OracleRule,
  zone: string,
  after: number,
  horizon: number,
  accept: (t: number, wall: number) => boolean = () => true,
): number | null {
  const step = rule.step;
  const dateCache = new Map<number, boolean>();
  const dateMatches = (wall: number): boolean => {
    const key = Math.floor(wall / DAY);
    let ok = dateCache.get(key);
    if (ok === undefined) {
      ok = rule.date(...dateOf(wall));
      dateCache.set(key, ok);
    }
    return ok;
  };
  const matches = (wall: number): boolean => {
    if (!dateMatches(wall)) return false;
    const ms = wall - Math.floor(wall / DAY) * DAY;
    return ms % 1000 === 0 && rule.time(ms / 1000);
  };
  const walls = new Map<number, number>();
  const wallAt = (t: number): number => {
    let w = walls.get(t);
    if (w === undefined) {
      w = intlWall(zone, t);
      walls.set(t, w);
    }
    return w;
  };

  // Start two days early so earlier folds (first passes) and gaps (shifted times) are seen.
  let t = Math.floor((after - 2 * DAY) / HOUR) * HOUR;
  const end = after + horizon;
  let prevWall = wallAt(t - step);
  let maxWall = prevWall;
  let best = Infinity;

  const visit = (ti: number, wi: number): void => {
    if (wi - prevWall > step && rule.fixed) {
      for (let s = prevWall + step; s < wi; s += step) {
        if (!matches(s)) continue;
        const at = ti + (s - (prevWall + step));
        if (at > after && at < best && accept(at, wi + (at - ti))) best = at;
      }
    }
    if ((!rule.fixed || wi > maxWall) && ti > after && ti < best && matches(wi) && accept(ti, wi)) best = ti;
    if (wi > maxWall) maxWall = wi;
    prevWall = wi;
  };
  const anyHour = (w0: number, w1: number): boolean => {
    for (let w = Math.floor(w0 / HOUR) * HOUR; w < w1; w += HOUR) {
      if (dateMatches(w) && rule.hour(new Date(w).getUTCHours())) return true;
    }
    return false;
  };

  while (t < end && t < best) {
    const w0 = wallAt(t);
    const continuous = w0 === prevWall + step;
    if (continuous && t % DAY === 0) {
      const w1 = wallAt(t + DAY);
      if (w1 - w0 === DAY && !dateMatches(w0) && !dateMatches(w1 - step)) {
        prevWall = w1 - step;
        if (prevWall > maxWall) maxWall = prevWall;
        t += DAY;
        continue;
      }
    }
    const w1 = wallAt(t + HOUR);
    if (w1 - w0 === HOUR) {
      if (continuous && !anyHour(w0, w1)) {
        prevWall = w1 - step;
        if (prevWall > maxWall) maxWall = prevWall;
      } else {
        for (let k = 0; k < HOUR; k += step) visit(t + k, w0 + k);
      }
    } else {
      for (let m = 0; m < HOUR; m += MINUTE) {
        const wm = m === 0 ? w0 : intlWall(zone, t + m);
        for (let k = 0; k < MINUTE; k += step) visit(t + m + k, wm + k);
      }
    }
    t += HOUR;
  }
  return best === Infinity || best > end ? null : best;
}

/** Local date [year, month, day, weekday 1..7] and second of the day of a wall value. */
export function wallFields(wall: number): { date: [number, number, number, number]; second: number } {
  return { date: dateOf(wall), second: (wall - Math.floor(wall / DAY) * DAY) / 1000 };
}
