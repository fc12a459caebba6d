import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isoWeekdayOfDays } from '../../lib/time/calendar.js';
import { Zone } from '../../lib/time/zone.js';
import { intlWall } from './oracle.js';
import { ORACLE_ZONES, mulberry32 } from './oracle-cases.js';

// Zones answer one question, the offset (wall time) of an instant. Mapping local times back
// to instants through gaps and folds is the rules' one search (lib/time/dst.ts), tested with
// the rules in day-rules.test.ts (New York, Berlin, Lord Howe, Apia) and cron.test.ts.
const iso = (t: number): string => new Date(t).toISOString();
const DAY = 86_400_000;

test('zones resolve by IANA name, fixed offset, UTC and the process zone, cached per name', () => {
  assert.is(Zone.resolve('America/New_York'), Zone.resolve('America/New_York'));
  assert.is(Zone.resolve('america/new_york').id, 'America/New_York');
  assert.is(Zone.resolve('+05:30').id, '+05:30');
  assert.is(Zone.resolve('-0800').id, '-08:00');
  assert.is(Zone.resolve('Z').id, 'UTC');
  assert.is(Zone.resolve('+00:00').id, 'UTC');
  const processName = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  assert.ok([processName, 'UTC'].includes(Zone.resolve().id));
  assert.is(Zone.resolve('+05:30').offsetAt(0), 19_800_000);
  assert.is(new Date(Zone.resolve('-08:00').wallAt(Date.UTC(2027, 0, 1, 7))).getUTCHours(), 23);
});

test('an unknown zone is a RangeError naming the option', () => {
  assert.throws(() => Zone.resolve('Mars/Base'), (e: unknown) => e instanceof RangeError
    && e.message === 'Expected `timeZone` to be an IANA time zone name or a fixed offset like "+05:30", got `"Mars/Base"` (string)');
  assert.throws(() => Zone.resolve('+25:00', 'zone'), /Expected `zone`/);
  assert.throws(() => Zone.resolve(5 as unknown as string), TypeError);
});

test('wall times agree with Intl in every test zone, 1970-2100', () => {
  const rnd = mulberry32(11);
  for (const name of ORACLE_ZONES) {
    const zone = Zone.resolve(name);
    for (let i = 0; i < 300; i++) {
      const t = Date.UTC(1970, 0, 1) + Math.floor(rnd() * 4_102_444_800) * 1000;
      const wall = zone.wallAt(t);
      assert.is(wall, intlWall(name, t), `${name} at ${iso(t)}`);
      const intlDay = new Date(intlWall(name, t)).getUTCDay();
      assert.is(isoWeekdayOfDays(Math.floor(wall / DAY)), intlDay === 0 ? 7 : intlDay);
    }
  }
});

test('the process zone, read through Date, agrees with the same zone read through Intl', () => {
  const processZone = Zone.resolve();
  const named = Zone.resolve(processZone.id);
  const rnd = mulberry32(3);
  for (let i = 0; i < 2000; i++) {
    const t = Date.UTC(1970, 0, 1) + Math.floor(rnd() * 4_102_444_800_000);
    assert.is(processZone.offsetAt(t), named.offsetAt(t), iso(t));
  }
});

test('Lord Howe shifts by its 30-minute DST and Chatham keeps its 45-minute offsets', () => {
  const lh = Zone.resolve('Australia/Lord_Howe');
  assert.equal([Date.UTC(2027, 0, 1), Date.UTC(2027, 6, 1)].map((t) => lh.offsetAt(t) / 60_000), [660, 630]);
  const chatham = Zone.resolve('Pacific/Chatham');
  assert.is(chatham.offsetAt(Date.UTC(2027, 0, 1)), (13 * 60 + 45) * 60_000);
  assert.is(chatham.offsetAt(Date.UTC(2027, 6, 1)), (12 * 60 + 45) * 60_000);
});

test('Apia has no 30 December 2011: the clock jumps from the 29th to the 31st', () => {
  const apia = Zone.resolve('Pacific/Apia');
  assert.is(iso(apia.wallAt(Date.UTC(2011, 11, 30, 9, 59, 59))), '2011-12-29T23:59:59.000Z');
  assert.is(iso(apia.wallAt(Date.UTC(2011, 11, 30, 10))), '2011-12-31T00:00:00.000Z');
});

test('Casablanca leaves +01:00 for Ramadan and returns', () => {
  const casablanca = Zone.resolve('Africa/Casablanca');
  assert.equal([0, 1, 2, 3].map((m) => casablanca.offsetAt(Date.UTC(2027, m, 15)) / 60_000), [60, 0, 60, 60]);
});

test.run();
