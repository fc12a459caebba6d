import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { civilFromDays, daysFromCivil, daysInMonth, isoWeekdayOfDays } from '../../lib/time/calendar.js';
import { mulberry32 } from './oracle-cases.js';

test('days in month follow the Gregorian leap rule', () => {
  assert.is(daysInMonth(2027, 2), 28);
  assert.is(daysInMonth(2028, 2), 29);
  assert.is(daysInMonth(2100, 2), 28);
  assert.is(daysInMonth(2000, 2), 29);
  assert.is(daysInMonth(2027, 4), 30);
  assert.is(daysInMonth(2027, 12), 31);
  assert.is(daysInMonth(2400, 2), 29);
  assert.is(daysInMonth(1900, 2), 28);
});

test('day numbers count from 1970-01-01 and round-trip through civil dates', () => {
  assert.is(daysFromCivil(1970, 1, 1), 0);
  assert.is(daysFromCivil(1969, 12, 31), -1);
  assert.is(daysFromCivil(2000, 3, 1), 11_017);
  const rnd = mulberry32(7);
  for (let i = 0; i < 5000; i++) {
    const days = Math.floor((rnd() - 0.5) * 2_000_000);
    const { year, month, day } = civilFromDays(days);
    const date = new Date(days * 86_400_000);
    assert.equal([year, month, day], [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()]);
    assert.is(daysFromCivil(year, month, day), days);
  }
});

test('ISO weekdays run 1 = Monday to 7 = Sunday', () => {
  assert.is(isoWeekdayOfDays(daysFromCivil(1970, 1, 1)), 4);
  assert.is(isoWeekdayOfDays(daysFromCivil(2027, 3, 14)), 7);
  assert.is(isoWeekdayOfDays(daysFromCivil(2027, 3, 15)), 1);
  assert.is(isoWeekdayOfDays(-1), 3);
  assert.is(isoWeekdayOfDays(daysFromCivil(2011, 12, 30)), 5);
});

test.run();
