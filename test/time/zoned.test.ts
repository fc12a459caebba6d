import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Zone, type LocalDateTime } from '../../lib/time/zoned.js';
import { intlWall } from './oracle.js';
import { ORACLE_ZONES, mulberry32 } from './oracle-cases.js';

const at = (year: number, month: number, day: number, hour: number, minute = 0, second = 0): LocalDateTime =>
  ({ year, month, day, hour, minute, second, millisecond: 0 });
const iso = (t: number): string => new Date(t).toISOString();

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
  assert.is(Zone.resolve('-08:00').toLocal(Date.UTC(2027, 0, 1, 7)).hour, 23);
});

test('an unknown zone is a RangeError naming the option', () => {
  assert.throws(() => Zone.resolve('Mars/Base'), (e: unknown) => e instanceof RangeError
    && e.message === 'Expected `timeZone` to be an IANA time zone name or a fixed offset like "+05:30", got `"Mars/Base"` (string)');
  assert.throws(() => Zone.resolve('+25:00', 'zone'), /Expected `zone`/);
  assert.throws(() => Zone.resolve(5 as unknown as string), TypeError);
});

test('local fields agree with Intl in every test zone, 1970-2100', () => {
  const rnd = mulberry32(11);
  for (const name of ORACLE_ZONES) {
    const zone = Zone.resolve(name);
    for (let i = 0; i < 300; i++) {
      const t = Date.UTC(1970, 0, 1) + Math.floor(rnd() * 4_102_444_800) * 1000;
      const local = zone.toLocal(t);
      const wall = new Date(intlWall(name, t));
      assert.equal(
        [local.year, local.month, local.day, local.hour, local.minute, local.second],
        [wall.getUTCFullYear(), wall.getUTCMonth() + 1, wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes(), wall.getUTCSeconds()],
        `${name} at ${iso(t)}`,
      );
      assert.is(local.weekday, wall.getUTCDay() === 0 ? 7 : wall.getUTCDay());
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

test('a New York spring-forward time maps forward by the gap, or back with "earlier"', () => {
  const ny = Zone.resolve('America/New_York');
  assert.equal(ny.instantsFor(at(2027, 3, 14, 2, 30)), []);
  assert.is(iso(ny.toInstant(at(2027, 3, 14, 2, 30))), '2027-03-14T07:30:00.000Z');
  assert.is(iso(ny.toInstant(at(2027, 3, 14, 2, 30), 'later')), '2027-03-14T07:30:00.000Z');
  assert.is(iso(ny.toInstant(at(2027, 3, 14, 2, 30), 'earlier')), '2027-03-14T06:30:00.000Z');
});

test('a New York fall-back time has two instants; compatible takes the earlier', () => {
  const ny = Zone.resolve('America/New_York');
  assert.equal(ny.instantsFor(at(2027, 11, 7, 1, 30)).map(iso), ['2027-11-07T05:30:00.000Z', '2027-11-07T06:30:00.000Z']);
  assert.is(iso(ny.toInstant(at(2027, 11, 7, 1, 30))), '2027-11-07T05:30:00.000Z');
  assert.is(iso(ny.toInstant(at(2027, 11, 7, 1, 30), 'later')), '2027-11-07T06:30:00.000Z');
  assert.is(ny.instantsFor(at(2027, 11, 7, 2, 30)).length, 1);
});

test('Lord Howe shifts by its 30-minute DST and Chatham keeps its 45-minute offsets', () => {
  const lh = Zone.resolve('Australia/Lord_Howe');
  assert.is(iso(lh.toInstant(at(2027, 10, 3, 2, 15))), '2027-10-02T15:45:00.000Z');
  assert.equal(lh.instantsFor(at(2027, 4, 4, 1, 45)).map(iso), ['2027-04-03T14:45:00.000Z', '2027-04-03T15:15:00.000Z']);
  const chatham = Zone.resolve('Pacific/Chatham');
  assert.is(chatham.offsetAt(Date.UTC(2027, 0, 1)), (13 * 60 + 45) * 60_000);
  assert.is(chatham.offsetAt(Date.UTC(2027, 6, 1)), (12 * 60 + 45) * 60_000);
});

test('Apia has no 30 December 2011: its times run on the 31st', () => {
  const apia = Zone.resolve('Pacific/Apia');
  assert.equal(apia.instantsFor(at(2011, 12, 30, 10)), []);
  assert.is(iso(apia.toInstant(at(2011, 12, 30, 10))), '2011-12-30T20:00:00.000Z');
  assert.is(iso(apia.toInstant(at(2011, 12, 31, 10))), '2011-12-30T20:00:00.000Z');
  assert.is(apia.toLocal(Date.UTC(2011, 11, 30, 10)).day, 31);
});

test('Casablanca leaves +01:00 for Ramadan and returns', () => {
  const casablanca = Zone.resolve('Africa/Casablanca');
  assert.equal([0, 1, 2, 3].map((m) => casablanca.offsetAt(Date.UTC(2027, m, 15)) / 60_000), [60, 0, 60, 60]);
});

test('toInstant and toLocal round-trip away from transitions, field overflow carries', () => {
  const zone = Zone.resolve('Asia/Kolkata');
  const t = zone.toInstant(at(2027, 6, 1, 9, 15, 30));
  assert.is(iso(t), '2027-06-01T03:45:30.000Z');
  assert.equal(zone.toLocal(t), { ...at(2027, 6, 1, 9, 15, 30), weekday: 2 });
  assert.is(iso(zone.toInstant(at(2027, 12, 31, 24))), '2027-12-31T18:30:00.000Z');
});

test.run();
