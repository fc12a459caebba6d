import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseCron } from '../../lib/time/rules/cron.js';
import { parseCronFields } from '../../lib/time/rules/cron-parse.js';

const values = (flags: readonly boolean[]): number[] => flags.flatMap((on, v) => (on ? [v] : []));

test('ranges, steps, lists and names expand to their values', () => {
  const f = parseCronFields('10-50/10 1-5 */10 jan,MAR-may mon-FRI');
  assert.equal(values(f.minutes), [10, 20, 30, 40, 50]);
  assert.equal(values(f.hours), [1, 2, 3, 4, 5]);
  assert.equal(values(f.days), [1, 11, 21, 31]);
  assert.equal(values(f.months), [1, 3, 4, 5]);
  assert.equal(values(f.weekdays), [1, 2, 3, 4, 5]);
  assert.equal(values(parseCronFields('5/15 * * * *').minutes), [5, 20, 35, 50]);
});

test('six fields lead with seconds; five fields run at second 0', () => {
  assert.equal(values(parseCronFields('*/20 * * * * *').seconds), [0, 20, 40]);
  assert.equal(values(parseCronFields('* * * * *').seconds), [0]);
  assert.ok(parseCronFields('0 * * * * *').hasSeconds);
});

test('day of week 0 and 7 are both Sunday', () => {
  assert.equal(values(parseCronFields('0 0 * * 7').weekdays), [0]);
  assert.equal(values(parseCronFields('0 0 * * 5-7').weekdays), [0, 5, 6]);
  assert.equal(values(parseCronFields('0 0 * * sun').weekdays), [0]);
});

test('L, L-n, nW, LW, nL and n#k parse into their day rules', () => {
  const f = parseCronFields('0 0 L,L-2,15W,LW * 5L,1#2,fri#3');
  assert.equal(f.lastDayOffsets, [0, 2]);
  assert.equal(f.nearestWeekdays, [15, 0]);
  assert.equal(f.lastWeekdays, [5]);
  assert.equal(f.nthWeekdays, [[1, 2], [5, 3]]);
});

test('aliases expand to their five-field forms', () => {
  assert.equal(parseCronFields('@daily'), parseCronFields('0 0 * * *'));
  assert.equal(parseCronFields('@weekly'), parseCronFields('0 0 * * 0'));
  assert.equal(parseCronFields('@ANNUALLY'), parseCronFields('0 0 1 1 *'));
  assert.equal(parseCronFields('@hourly'), parseCronFields('0 * * * *'));
});

test('a rule is fixed-time unless its minute or hour field has *, ? or a step', () => {
  assert.ok(parseCron('30 2 * * *').fixedTime);
  assert.ok(parseCron('0,30 1-3 * * *').fixedTime);
  assert.ok(parseCron('*/10 30 2 * * *').fixedTime);
  assert.not.ok(parseCron('*/30 * * * *').fixedTime);
  assert.not.ok(parseCron('0 * * * *').fixedTime);
  assert.not.ok(parseCron('0 1-5/2 * * *').fixedTime);
  assert.not.ok(parseCron('@hourly').fixedTime);
});

test('day fields are restricted unless they start with * or ?', () => {
  const f = parseCronFields('0 0 1 * 1');
  assert.ok(f.daysRestricted && f.weekdaysRestricted);
  const g = parseCronFields('0 0 */2 * ?');
  assert.not.ok(g.daysRestricted || g.weekdaysRestricted);
});

test('seven fields end with a year; * or ? there means every year', () => {
  const f = parseCronFields('0 0 0 1 1 * 2030,2024-2028/2,2026');
  assert.equal(f.years, [2024, 2026, 2028, 2030]);
  assert.ok(f.hasSeconds);
  assert.is(parseCronFields('0 0 0 1 1 * *').years, null);
  assert.is(parseCronFields('0 0 0 1 1 * ?').years, null);
  assert.is(parseCronFields('0 0 1 1 *').years, null);
  assert.equal(parseCronFields('0 0 0 1 1 * 9990/4').years, [9990, 9994, 9998]);
});

test('? is * in every field, with steps too', () => {
  assert.equal(values(parseCronFields('? ?/20 ? ? ? ?').minutes), [0, 20, 40]);
  assert.equal(values(parseCronFields('? * ? ? ? ?').seconds), values(parseCronFields('* * * * * *').seconds));
  assert.equal(values(parseCronFields('0 0 1 ? *').months), values(parseCronFields('0 0 1 * *').months));
});

test('day fields combine by either unless one is unrestricted or day of week has +', () => {
  assert.is(parseCronFields('0 0 1 * 1').dayCombine, 'either');
  assert.is(parseCronFields('0 0 1 * +1').dayCombine, 'both');
  assert.is(parseCronFields('0 0 * * 1').dayCombine, 'both');
  assert.is(parseCronFields('0 0 1 * ?').dayCombine, 'both');
  const g = parseCronFields('0 0 L * +fri');
  assert.ok(g.weekdaysRestricted);
  assert.equal(values(g.weekdays), [5]);
  assert.not.ok(parseCronFields('0 0 1 * +*').weekdaysRestricted);
});

test('#L is nL; a range or stepped range before #k, #L or L applies to each weekday', () => {
  const f = parseCronFields('0 0 ? * fri#L,5-7L,MON-WED#2,1-5/2#1');
  assert.equal(f.lastWeekdays, [5, 0, 5, 6]);
  assert.equal(f.nthWeekdays, [[1, 2], [2, 2], [3, 2], [1, 1], [3, 1], [5, 1]]);
  assert.equal(values(f.weekdays), []);
});

test('a range ending in sun ends at 7; one starting with sun starts at 0', () => {
  assert.equal(values(parseCronFields('0 0 * * MON-SUN').weekdays), [0, 1, 2, 3, 4, 5, 6]);
  assert.equal(values(parseCronFields('0 0 * * sat-sun').weekdays), [0, 6]);
  assert.equal(values(parseCronFields('0 0 * * sun-tue').weekdays), [0, 1, 2]);
  assert.equal(values(parseCronFields('0 0 * * sun-sun').weekdays), [0]);
  assert.equal(values(parseCronFields('0 0 * * mon-sun/2').weekdays), [0, 1, 3, 5]);
});

test('duplicate list values are accepted and count once', () => {
  assert.equal(values(parseCronFields('5,5,1-10/5 * * * *').minutes), [1, 5, 6]);
  assert.equal(values(parseCronFields('0 0 * * 0,7,sun').weekdays), [0]);
});

const errors: Array<[string, string]> = [
  ['61 * * * *', 'Expected minute 0–59 in "61 * * * *", got 61'],
  ['* 24 * * *', 'Expected hour 0–23 in "* 24 * * *", got 24'],
  ['0 0 0 * *', 'Expected day of month 1–31 in "0 0 0 * *", got 0'],
  ['0 0 * 13 *', 'Expected month 1–12 in "0 0 * 13 *", got 13'],
  ['0 0 * * 8', 'Expected day of week 0–7 in "0 0 * * 8", got 8'],
  ['60 * * * * *', 'Expected second 0–59 in "60 * * * * *", got 60'],
  ['* * *', 'Expected 5 fields (minute hour day-of-month month day-of-week), 6 (with leading seconds) or 7 (seconds first, year last) in "* * *", got 3'],
  ['*/0 * * * *', 'Expected a minute step 1–60 in "*/0 * * * *", got "*/0"'],
  ['x * * * *', 'Expected minute 0–59 in "x * * * *", got "x"'],
  ['0 0 * foo *', 'Expected month 1–12 or jan..dec in "0 0 * foo *", got "foo"'],
  ['50-10 * * * *', 'Expected a minute range from low to high in "50-10 * * * *", got "50-10"'],
  ['1,,2 * * * *', 'Expected a minute value, range or step in "1,,2 * * * *", got an empty list item'],
  ['0 0 * * 1#6', 'Expected day of week n#k with k 1–5 in "0 0 * * 1#6", got "1#6"'],
  ['0 0 L-31 * *', 'Expected day of month L-0 to L-30 in "0 0 L-31 * *", got "L-31"'],
  ['0 0 32W * *', 'Expected day of month 1–31 in "0 0 32W * *", got "32W"'],
  ['0 0 ? * L', 'Expected day of week nL (last such weekday, e.g. 5L = last Friday) in "0 0 ? * L", got "L"'],
  ['?5 0 * * *', 'Expected minute 0–59 in "?5 0 * * *", got "?5"'],
  ['0 0 0 1 1 * 2027 x', 'Expected 5 fields (minute hour day-of-month month day-of-week), 6 (with leading seconds) or 7 (seconds first, year last) in "0 0 0 1 1 * 2027 x", got 8'],
  ['0 0 0 1 1 * 1-5#2', 'Expected year 1–9999 in "0 0 0 1 1 * 1-5#2", got "1-5#2"'],
  ['0 0 * * 8#2', 'Expected day of week 0–7 in "0 0 * * 8#2", got "8#2"'],
  ['0 0 * * #2', 'Expected day of week n#k with a weekday, name or range before # in "0 0 * * #2", got "#2"'],
  ['0 0 * * 1-5#0', 'Expected day of week n#k with k 1–5 in "0 0 * * 1-5#0", got "1-5#0"'],
  ['0 0 * * 1-0', 'Expected a day of week range from low to high in "0 0 * * 1-0", got "1-0"'],
  ['0 0 * * +', 'Expected day of week after the + prefix in "0 0 * * +", got "+"'],
  ['+0 0 * * *', 'Expected the + prefix (both day fields must match) only before day of week in "+0 0 * * *", got minute "+0"'],
  ['@fortnightly', 'Expected one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly in "@fortnightly", got "@fortnightly"'],
  ['', 'Expected 5 fields (minute hour day-of-month month day-of-week), 6 (with leading seconds) or 7 (seconds first, year last) in "", got 0'],
];

test('every malformed field is a RangeError naming the field and quoting the expression', () => {
  for (const [expression, message] of errors) {
    assert.throws(() => parseCron(expression), (e: unknown) => e instanceof RangeError && e.message === message, expression);
  }
});

test('@reboot is refused with a pointer to callOnStartup', () => {
  assert.throws(() => parseCron('@reboot'), /callOnStartup/);
});

test('a cron that is not a string is a TypeError naming the option', () => {
  assert.throws(() => parseCron(5 as unknown as string), (e: unknown) => e instanceof TypeError && /Expected `cron`/.test((e as Error).message));
});

test.run();
