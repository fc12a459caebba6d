// The names the docs' examples use for "your code" (a job function, your logger, a scheduler
// made earlier on the page). Declared for the type check and defined for the runs, so that an
// example reads as a user would write it and still compiles under strict settings.
const functions = [
  'generateProductRanking', 'synchronizeStock', 'sendInvoices', 'poll', 'sendDigest', 'work',
];

export const declarations = `import type { Scheduler } from 'kronos-scheduler';
declare global {
${functions.map((name) => `  function ${name}(): Promise<void>;`).join('\n')}
  /** A scheduler made earlier on the page. */
  const scheduler: Scheduler;
  /** Your logger. */
  const log: { info(...args: unknown[]): void; error(...args: unknown[]): void };
  /** Your database client. */
  const db: { withSession<T>(body: () => Promise<T>): Promise<T> };
}
export {};
`;

export const runtime = `${functions
  .map((name) => `globalThis.${name} = async function ${name}() { process.stdout.write('ran ${name}\\n'); };`)
  .join('\n')}
globalThis.log = { info: (...args) => console.log(...args), error: (...args) => console.error(...args) };
globalThis.db = { withSession: (body) => body() };
`;
