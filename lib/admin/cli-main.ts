/** The `kronos` executable's body (bin/kronos.js imports the built copy): run, then exit with its code. */
import { main } from './cli.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Normally the process ends here by itself; should a handle linger (a socket being torn
// down), the exit code is still the one the command gave, shortly.
setTimeout(() => process.exit(code), 2000).unref();
