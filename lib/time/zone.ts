/**
 * Time zones: IANA names (through `Intl`, no tz database of our own), fixed offsets and the
 * process zone: the UTC offset of any instant, as segments of constant offset. Turning a local
 * time back into an instant (gaps, folds) is the rules' one search, in dst.ts.
 *
 * Each zone caches its offset history as segments of constant offset, built lazily per
 * 64-day period by sampling the offset once a day and locating every change to the second
 * (first at the UTC time of day where the same kind of change last happened, two samples,
 * else by bisection). A warm lookup is a cache hit (usually the same segment as the previous
 * call), so hot paths make no `Intl` calls. Period edges add "pseudo" boundaries whose
 * `prevOffset` equals their `offset`; searches treat them as no change at all.
 *
 * From {@link CYCLE_START} (early 2100) on, every zone follows only its final annual rules
 * (tzdata's last explicit transitions are Morocco's in 2087 and Palestine's in 2086; after
 * them a zone is a POSIX-TZ-like rule pair, e.g. "2nd Sunday in March 02:00"), and such rules
 * repeat exactly with the Gregorian 400-year cycle (146 097 days = 20 871 weeks). So offsets
 * are cached for one cycle [CYCLE_START, CYCLE_START + 400 y) only, sampled every 14 days
 * (final rules keep transitions at least 126 days apart in every zone), and any later
 * instant is mapped back into that window by whole cycles: a query in year 3400 or 275 000
 * costs no more than one in 2100.
 */
import { invalidType, outOfRange } from '../errors.js';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, civilFromDays, daysInMonth } from './calendar.js';

/** `[start, end)` in epoch ms with one UTC offset (ms); `prevOffset` is the offset just before `start`. */
export interface Segment {
  readonly start: number;
  readonly end: number;
  readonly offset: number;
  readonly prevOffset: number;
}

const PERIOD = 64 * MS_PER_DAY;
const SAMPLE_STEP = MS_PER_DAY;
/** The Gregorian calendar's cycle: 400 years = 146 097 days, a whole number of weeks. */
const CYCLE = 146_097 * MS_PER_DAY;
/**
 * From here on offsets repeat every {@link CYCLE}: the first period boundary in 2100, 12 years
 * after the last explicit transition in tzdata 2025 (Africa/Casablanca, 2087-05-11).
 */
const CYCLE_START = Math.ceil(Date.UTC(2100, 0, 1) / PERIOD) * PERIOD;
const CYCLE_END = CYCLE_START + CYCLE;
/**
 * Sampling step inside the cycle window. Final rules make at most two changes a year, at
 * least 126 days apart in every zone (America/Havana; tested across all Intl zones for
 * 2100-2130), so 14 days cannot step over a change and its reversal.
 */
const CYCLE_SAMPLE_STEP = 14 * MS_PER_DAY;
const FIXED_OFFSET = /^([+-])(\d{2}):?(\d{2})$/;
const UTC_NAMES = new Set(['z', 'utc', 'etc/utc', 'gmt', 'etc/gmt']);
const EXPECTED = 'an IANA time zone name or a fixed offset like "+05:30"';

const zones = new Map<string, Zone>();
let zoneCount = 0;

export class Zone {
  /** The canonical name: an IANA id (`'America/New_York'`), `'UTC'` or an offset (`'+05:30'`). */
  readonly id: string;
  /** 0, 1, 2... in creation order: an index for arrays of something per zone (rules/shared.ts). */
  readonly slot: number;
  private readonly sample: ((t: number) => number) | null;
  private readonly periods = new Map<number, Segment[]>();
  private last: Segment;

  private constructor(id: string, fixedOffset: number | null, sample: ((t: number) => number) | null) {
    this.id = id;
    this.slot = zoneCount++;
    this.sample = sample;
    const offset = fixedOffset ?? 0;
    this.last = { start: -Infinity, end: fixedOffset === null ? -Infinity : Infinity, offset, prevOffset: offset };
  }

  /**
   * The zone for `timeZone` (cached by name): an IANA name, `'UTC'`/`'Z'`, a fixed offset
   * `'+05:30'`/`'-0800'`, or `undefined` for the process zone (read each call, since `TZ`
   * can change at run time).
   */
  static resolve(timeZone?: string, option = 'timeZone'): Zone {
    if (timeZone === undefined) {
      const name = new Intl.DateTimeFormat().resolvedOptions().timeZone;
      const key = `process:${name}`;
      let zone = zones.get(key);
      if (!zone) {
        zone = UTC_NAMES.has(name.toLowerCase()) ? Zone.resolve('UTC') : new Zone(name, null, processOffset);
        zones.set(key, zone);
      }
      return zone;
    }
    if (typeof timeZone !== 'string') throw invalidType(option, EXPECTED, timeZone);
    const cached = zones.get(timeZone);
    if (cached) return cached;
    const zone = createZone(timeZone, option);
    zones.set(timeZone, zone);
    return zone;
  }

  /** UTC offset in ms at `epochMs` (local = UTC + offset). */
  offsetAt(epochMs: number): number {
    return this.segmentAt(epochMs).offset;
  }

  /** The local wall value (calendar.ts) of an instant. */
  wallAt(epochMs: number): number {
    return epochMs + this.segmentAt(epochMs).offset;
  }

  /** The segment of constant offset holding `epochMs` (may end at a pseudo boundary). */
  segmentAt(epochMs: number): Segment {
    const last = this.last;
    if (epochMs >= last.start && epochMs < last.end) return last;
    if (!(Math.abs(epochMs) <= 8.64e15)) throw outOfRange('epochMs', 'a finite instant within the Date range', epochMs);
    return (this.last = epochMs >= CYCLE_END ? this.cycledSegment(epochMs) : this.cachedSegment(epochMs));
  }

  /**
   * A segment after the cycle window: the window's segment at the same point of the cycle,
   * moved forward by whole cycles. Window segments start at or after CYCLE_START (a period
   * boundary), where offsets are periodic, so the moved copy is exact; one starting at
   * CYCLE_START itself takes its `prevOffset` from the window's end.
   */
  private cycledSegment(epochMs: number): Segment {
    const shift = Math.floor((epochMs - CYCLE_START) / CYCLE) * CYCLE;
    const seg = this.cachedSegment(epochMs - shift);
    const prevOffset = seg.start === CYCLE_START ? this.cachedSegment(CYCLE_END - 1).offset : seg.prevOffset;
    return { start: seg.start + shift, end: seg.end + shift, offset: seg.offset, prevOffset };
  }

  private cachedSegment(epochMs: number): Segment {
    const k = Math.floor(epochMs / PERIOD);
    let segs = this.periods.get(k);
    if (!segs) {
      segs = this.buildPeriod(k);
      this.periods.set(k, segs);
    }
    for (const seg of segs) {
      if (epochMs < seg.end) return seg;
    }
    return segs[segs.length - 1] as Segment;
  }

  private buildPeriod(k: number): Segment[] {
    const sample = this.sample as (t: number) => number;
    const start = k * PERIOD;
    const end = start + PERIOD;
    const step = start >= CYCLE_START ? CYCLE_SAMPLE_STEP : SAMPLE_STEP;
    const segs: Segment[] = [];
    let prev = sample(start - 1000);
    let offset = sample(start);
    let segStart = start;
    let a = start;
    while (a < end) {
      const x = Math.min(a + step, end);
      const ox = sample(x);
      if (ox === offset) {
        a = x;
        continue;
      }
      const change = this.findChange(a, x, offset, ox);
      // A change exactly at the period's end is the next period's first boundary.
      if (change >= end) break;
      segs.push({ start: segStart, end: change, offset, prevOffset: prev });
      prev = offset;
      offset = this.changedTo;
      segStart = change;
      a = change;
    }
    segs.push({ start: segStart, end, offset, prevOffset: prev });
    return segs;
  }

  /** The offset at the instant {@link findChange} last returned. */
  private changedTo = 0;
  /** UTC ms of the day of the last change from one offset to another, keyed by the pair. */
  private readonly changeTimes = new Map<number, number>();

  /**
   * The instant (whole second) in `(lo, hi]` where the offset leaves `from`, given the offset
   * `from` at `lo` and `to` at `hi` and one change between them. Changes of one kind recur
   * at one UTC time of day (New York: 07:00Z in spring, 06:00Z in autumn), so the search
   * first bisects over days at that time of day and checks the second before the hit: two
   * or three samples per change in a 1-day step instead of 17. Anything else falls back to
   * plain bisection to the second.
   */
  private findChange(lo: number, hi: number, from: number, to: number): number {
    const sample = this.sample as (t: number) => number;
    let reached = to;
    const time = this.changeTimes.get(changeKey(from, to));
    if (time !== undefined) {
      // Points time + j days; j = jLo is at or before lo (offset `from`), j = jHi after hi.
      let jLo = Math.floor((lo - time) / MS_PER_DAY);
      let jHi = Math.floor((hi - time) / MS_PER_DAY) + 1;
      while (jHi - jLo > 1) {
        const j = jLo + Math.floor((jHi - jLo) / 2);
        const o = sample(time + j * MS_PER_DAY);
        if (o === from) jLo = j;
        else {
          jHi = j;
          reached = o;
        }
      }
      const atHi = time + jHi * MS_PER_DAY;
      if (atHi <= hi) {
        const before = sample(atHi - 1000);
        if (before === from) {
          this.changedTo = reached;
          return atHi;
        }
        hi = atHi - 1000;
        reached = before;
      }
      lo = Math.max(lo, time + jLo * MS_PER_DAY);
    }
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      const o = sample(mid);
      if (o === from) lo = mid;
      else {
        hi = mid;
        reached = o;
      }
    }
    this.changeTimes.set(changeKey(from, reached), hi - Math.floor(hi / MS_PER_DAY) * MS_PER_DAY);
    this.changedTo = reached;
    return hi;
  }
}

/** One number per (from, to) pair of offsets: offsets are whole seconds within ±1 day. */
function changeKey(from: number, to: number): number {
  return (from / 1000) * 1e6 + to / 1000;
}

function createZone(name: string, option: string): Zone {
  if (UTC_NAMES.has(name.toLowerCase())) return name === 'UTC' ? makeFixed('UTC', 0) : Zone.resolve('UTC');
  const match = FIXED_OFFSET.exec(name);
  if (match) {
    const hours = Number(match[2]);
    const minutes = Number(match[3]);
    if (hours > 23 || minutes > 59) throw outOfRange(option, `${EXPECTED} (at most ±23:59)`, name);
    const offset = (match[1] === '-' ? -1 : 1) * (hours * MS_PER_HOUR + minutes * MS_PER_MINUTE);
    if (offset === 0) return Zone.resolve('UTC');
    return makeFixed(`${match[1]}${match[2]}:${match[3]}`, offset);
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name, hourCycle: 'h23', numberingSystem: 'latn', day: 'numeric',
      hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  } catch {
    throw outOfRange(option, EXPECTED, name);
  }
  const id = format.resolvedOptions().timeZone;
  if (id !== name) return zones.get(id) ?? remember(id, makeIntl(id, format));
  return makeIntl(id, format);
}

function remember(id: string, zone: Zone): Zone {
  zones.set(id, zone);
  return zone;
}

// The private constructor is reachable through these two factories only.
type ZoneCtor = new (id: string, fixedOffset: number | null, sample: ((t: number) => number) | null) => Zone;
const ZoneClass = Zone as unknown as ZoneCtor;

function makeFixed(id: string, offset: number): Zone {
  return new ZoneClass(id, offset, null);
}

function makeIntl(id: string, format: Intl.DateTimeFormat): Zone {
  return new ZoneClass(id, null, (t) => {
    const second = Math.floor(t / 1000) * 1000;
    // "31, 19:03:58": day of month, hour, minute, second (digits only; about 3x faster than
    // formatToParts). The year and month are not needed: |offset| < 1 day, so the local date
    // is the UTC date or a neighbour, and the day of month tells which.
    const text = format.format(second);
    let d = 0, h = 0, mi = 0, s = 0, field = 0, n = 0, inNumber = false;
    for (let i = 0; i <= text.length; i++) {
      const c = i < text.length ? text.charCodeAt(i) - 48 : -1;
      if (c >= 0 && c <= 9) {
        n = n * 10 + c;
        inNumber = true;
      } else if (inNumber) {
        if (field === 0) d = n;
        else if (field === 1) h = n;
        else if (field === 2) mi = n;
        else s = n;
        field++;
        n = 0;
        inNumber = false;
      }
    }
    const days = Math.floor(second / MS_PER_DAY);
    const base = ((h * 60 + mi) * 60 + s) * 1000 - (second - days * MS_PER_DAY);
    const utc = civilFromDays(days);
    if (d === utc.day) return base;
    if (d === utc.day + 1 || (d === 1 && utc.day === daysInMonth(utc.year, utc.month))) return base + MS_PER_DAY;
    if (d === utc.day - 1 || (utc.day === 1 && d >= 28)) return base - MS_PER_DAY;
    // Before 1582 Intl shows Julian dates; take the offset nearest zero (local mean times).
    return Math.abs(base) <= MS_PER_DAY / 2 ? base : base > 0 ? base - MS_PER_DAY : base + MS_PER_DAY;
  });
}

// ECMAScript's LocalTZA gives the process zone's offset without Intl, about 50× faster.
function processOffset(t: number): number {
  return -new Date(t).getTimezoneOffset() * MS_PER_MINUTE;
}
