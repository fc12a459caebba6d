/** Asserts that `fn` throws `type` and that its message names `option` (in backticks) and matches `also`. */
import * as assert from 'uvu/assert';

export function throwsNaming(fn: () => unknown, type: ErrorConstructor, option: string, also?: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  if (thrown === undefined) assert.unreachable(`expected a ${type.name} naming \`${option}\`, but the call was accepted`);
  assert.instance(thrown, type);
  const message = (thrown as Error).message;
  assert.ok(message.includes(`\`${option}\``), `the message names \`${option}\`: ${message}`);
  if (also) assert.match(message, also);
}
