/** `torchts lr-find <script|config>`: the learning-rate range test without writing a loop. @module */
import { writeFileSync } from 'node:fs';
import type { CAC } from 'cac';

interface LrFindFlags { minLr?: number; maxLr?: number; steps?: number; svg?: string; json?: boolean }

/** Registers `lr-find` on the command line. */
export function registerLrFind(cli: CAC): void {
  cli
    .command('lr-find <file>', 'Run the learning-rate range test on what a .js module or a .json config describes, and suggest a learning rate')
    .option('--min-lr <lr>', 'First learning rate (default: the setup\'s, else 1e-7)')
    .option('--max-lr <lr>', 'Last learning rate (default: the setup\'s, else 10)')
    .option('--steps <n>', 'Optimizer steps (default: the setup\'s, else 100)')
    .option('--svg <file>', 'Write the loss curve with the suggestions marked as an SVG chart')
    .option('--json', 'Print the curve, the suggestions and the reasoning as JSON')
    .example('torchts lr-find examples/lr-find.json --svg lr.svg')
    .example('torchts lr-find dist/examples/lr-range-test.js --steps 60')
    .action(async (file: string, o: LrFindFlags) => {
      const { loadLrFindSetup } = await import('./lr-find-setup.js');
      const setup = await loadLrFindSetup(file);
      const flags = Object.fromEntries(
        Object.entries({ minLr: o.minLr, maxLr: o.maxLr, steps: o.steps }).filter(([, v]) => v !== undefined));
      const found = await setup.trainer.lrFind(setup.loader, { ...setup.options, ...flags });
      if (o.svg) writeFileSync(o.svg, found.svg());
      if (o.json) {
        const { lrs, losses, smoothed, stopReason, suggestion, suggestions, minimum, reasoning, warnings } = found;
        console.log(JSON.stringify({ suggestion, suggestions, minimum, stopReason, reasoning, warnings, lrs, losses, smoothed }, null, 2));
        return;
      }
      for (const w of found.warnings) console.log(`warning: ${w}`);
      console.log(found.plot(), '\n');
      for (const line of found.reasoning) console.log(line);
      console.log(`\nsuggested learning rate: ${found.suggestion.toExponential(2)}`);
      if (o.svg) console.log(`chart written to ${o.svg}`);
    });
}
