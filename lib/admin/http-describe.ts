/**
 * A job's schedule in words, for people (the API's `schedule`, the dashboard, `kronos_job_info`):
 * "every 5 min", "Mon–Fri 08:00 Europe/Berlin", "day 1, 15, last 02:00 UTC", the cron
 * expression as written, "once at <ISO>". The raw rule stays available beside it.
 */
import { CronTask } from '../tasks/cron-task.js';
import { MonthdayTask, WeekdayTask } from '../tasks/day-tasks.js';
import { IntervalTask } from '../tasks/interval-task.js';
import { SingleTask } from '../tasks/single-task.js';
import type { Task } from '../tasks/task.js';

/** The job's kind as the API reports it (a Task subclass of the user's own is `custom`). */
export type JobType = 'interval' | 'weekday' | 'monthday' | 'single' | 'cron' | 'custom';

export interface ScheduleView {
  type: JobType;
  /** In words. */
  schedule: string;
  /** The zone a calendar rule reads; null for elapsed-time and one-shot jobs. */
  timeZone: string | null;
}

const DAY_NAMES = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const UNITS: Array<[string, number]> = [['d', 86_400_000], ['h', 3_600_000], ['min', 60_000], ['s', 1000], ['ms', 1]];

/** 90 000 ms → "1 min 30 s"; 86 400 000 → "1 d". */
export function durationText(ms: number): string {
  const parts: string[] = [];
  let rest = ms;
  for (const [unit, size] of UNITS) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count} ${unit}`);
    rest -= count * size;
  }
  return parts.length === 0 ? '0 ms' : parts.join(' ');
}

function timeText(time: readonly number[]): string {
  const pad = (n: number | undefined): string => String(n ?? 0).padStart(2, '0');
  return time[2] ? `${pad(time[0])}:${pad(time[1])}:${pad(time[2])}` : `${pad(time[0])}:${pad(time[1])}`;
}

/** [1,2,3,4,5] → "Mon–Fri"; [1,3,5] → "Mon, Wed, Fri"; runs of three or more become ranges. */
function weekdaysText(days: readonly number[]): string {
  if (days.length === 7) return 'daily';
  const out: string[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    if (j - i >= 2) out.push(`${DAY_NAMES[days[i]!]}–${DAY_NAMES[days[j]!]}`);
    else for (let k = i; k <= j; k++) out.push(DAY_NAMES[days[k]!]!);
    i = j + 1;
  }
  return out.join(', ');
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][n % 10] ?? 'th';
  return `${n}${suffix}`;
}

/** [-1, 1, 15] → "day 1, 15, last": days from the start first, then those counted from the end. */
function monthdaysText(days: readonly number[]): string {
  const label = (d: number): string => (d === -1 ? 'last' : d < 0 ? `${ordinal(-d)} last` : String(d));
  const ordered = [...days.filter((d) => d > 0), ...days.filter((d) => d < 0).sort((a, b) => b - a)];
  return `day ${ordered.map(label).join(', ')}`;
}

export function describeTask(task: Task): ScheduleView {
  if (task instanceof IntervalTask) return { type: 'interval', schedule: `every ${durationText(task.interval)}`, timeZone: null };
  if (task instanceof WeekdayTask) {
    return { type: 'weekday', schedule: `${weekdaysText(task.weekdays)} ${timeText(task.timeOnDay)} ${task.timeZone}`, timeZone: task.timeZone };
  }
  if (task instanceof MonthdayTask) {
    return { type: 'monthday', schedule: `${monthdaysText(task.monthdays)} ${timeText(task.timeOnDay)} ${task.timeZone}`, timeZone: task.timeZone };
  }
  if (task instanceof CronTask) return { type: 'cron', schedule: task.cron, timeZone: task.timeZone };
  if (task instanceof SingleTask) return { type: 'single', schedule: `once at ${new Date(task.at).toISOString()}`, timeZone: null };
  return { type: 'custom', schedule: `custom (${task.constructor.name})`, timeZone: null };
}
