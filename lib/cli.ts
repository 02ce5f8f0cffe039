#!/usr/bin/env node
/**
 * The `torchts` command line: `info`, `bench`, `lr-find`, `launch`, each with `--help`. Built on cac; each
 * command lives in lib/cli/ and loads the addon only when it runs, so `--help` is instant.
 * @module
 */
import { readFileSync } from 'node:fs';
import { cac } from 'cac';
import { registerBench } from './cli/bench.js';
import { registerInfo } from './cli/info.js';
import { registerLaunch } from './cli/launch.js';
import { registerLrFind } from './cli/lr-find.js';

const cli = cac('torchts');
registerInfo(cli);
registerBench(cli);
registerLrFind(cli);
registerLaunch(cli);
cli.help();
cli.version(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);

// For `torchts bench amp --help`, cac prints the command's help and then unsets the matched command,
// which leaves the command's own arguments ('amp') where an unknown command's name would be: so
// remember whether a command matched, from the event cac sends when one does.
let matched = false;
for (const c of cli.commands) {
  for (const name of [c.name, ...c.aliasNames]) cli.addEventListener(`command:${name}`, () => { matched = true; });
}

const parsed = cli.parse(process.argv, { run: false });
if (!cli.matchedCommand) {
  const unknown = !matched && parsed.args.length > 0;
  if (unknown) console.error(`Unknown command: ${parsed.args[0]}\n`);
  if (!parsed.options.help && !parsed.options.version) cli.outputHelp();
  if (unknown) process.exitCode = 1;
} else {
  try {
    await cli.runMatchedCommand();
  } catch (e) {
    // Bad input (a wrong option, a missing file, a config error) is the user's to fix: say what, without a stack.
    const err = e as Error;
    console.error(`torchts ${cli.matchedCommandName}: ${err.message}`);
    if (process.env.TORCHTS_DEBUG) console.error(err.stack);
    process.exitCode = 1;
  }
}
