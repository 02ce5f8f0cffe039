#!/usr/bin/env node
/**
 * The `torchts` command line.
 * @module
 */
import { cac } from 'cac';

const cli = cac('torchts');

cli
  .command('info', 'Print torchts, libtorch, CUDA and cuDNN versions, devices, threads and where libtorch was found')
  .option('--json', 'Print JSON for scripts')
  .action(async (options: { json?: boolean }) => {
    let info;
    try {
      ({ info } = await import('./info.js'));
    } catch (e) {
      // The addon did not load: say what the setup finds instead, so the user sees why.
      console.error((e as Error).message);
      const { findLibtorch } = await import(new URL('../../scripts/find-libtorch.mjs', import.meta.url).href).catch(
        () => import(new URL('../scripts/find-libtorch.mjs', import.meta.url).href));
      const found = findLibtorch((line: string) => console.error(line));
      console.error(found ? `libtorch that a rebuild would use: ${found.version} (${found.source}) in ${found.libDir}` : 'No libtorch found; `npm run build:native` installs one.');
      process.exitCode = 1;
      return;
    }
    const i = info();
    if (options.json) {
      console.log(JSON.stringify(i, null, 2));
      return;
    }
    const rows: [string, string][] = [
      ['torchts', i.torchts],
      ['node', i.node],
      ['libtorch', `${i.libtorch.version} (C++11 ABI: ${i.libtorch.cxx11Abi ? 'yes' : 'no'})`],
      ['found by', i.libtorch.source ?? 'unknown'],
      ['location', i.libtorch.location ?? 'unknown'],
      ['python', i.libtorch.python ?? '-'],
      ['CUDA', i.cuda.available ? `available, runtime ${i.cuda.version}` : i.cuda.compiledWith ? 'not available (libtorch has CUDA, no GPU or driver found)' : 'libtorch built without CUDA'],
      ['cuDNN', i.cuda.cudnn ?? '-'],
      ...i.cuda.devices.map((d): [string, string] => [`cuda:${d.index}`, `${d.name}, compute ${d.capability}, ${d.memoryGiB} GiB`]),
      ['threads', `${i.threads.intraOp} intra-op, ${i.threads.interOp} inter-op`],
      ['addon', i.addon],
    ];
    const w = Math.max(...rows.map(([k]) => k.length));
    for (const [k, v] of rows) console.log(`${k.padEnd(w)}  ${v}`);
  });

cli
  .command('bench <name>', 'Run a benchmark; `amp`: the same model trained in fp32, fp16-mixed and bf16-mixed, side by side')
  .option('--device <device>', 'cpu or cuda', { default: 'cpu' })
  .option('--model <model>', 'cnn or transformer', { default: 'cnn' })
  .option('--batch <n>', 'Batch size', { default: 64 })
  .option('--steps <n>', 'Timed steps per repeat', { default: 30 })
  .option('--warmup <n>', 'Untimed steps first', { default: 5 })
  .option('--repeats <n>', 'Repeats (the median is reported)', { default: 3 })
  .option('--modes <list>', 'Comma-separated precision modes (default: 32-true,16-mixed,bf16-mixed on CUDA; 32-true,bf16-mixed on CPU)')
  .option('--json', 'Print JSON for scripts')
  .action(async (name: string, o: { device: string; model: string; batch: number; steps: number; warmup: number; repeats: number; modes?: string; json?: boolean }) => {
    if (name !== 'amp') {
      console.error(`Unknown benchmark '${name}'. Available: amp`);
      process.exitCode = 1;
      return;
    }
    const { benchAmp, formatAmpReport } = await import('./bench/amp.js');
    const report = await benchAmp({ device: o.device as 'cpu' | 'cuda', model: o.model, batch: Number(o.batch), steps: Number(o.steps),
      warmup: Number(o.warmup), repeats: Number(o.repeats), modes: o.modes?.split(',') as never });
    console.log(o.json ? JSON.stringify(report, null, 2) : formatAmpReport(report));
  });

cli.help();
cli.version(JSON.parse((await import('node:fs')).readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
const parsed = cli.parse(process.argv, { run: false });
if (!cli.matchedCommand) {
  if (parsed.args.length > 0) console.error(`Unknown command: ${parsed.args[0]}\n`);
  if (!parsed.options.help && !parsed.options.version) cli.outputHelp();
  if (parsed.args.length > 0) process.exitCode = 1;
} else {
  await cli.runMatchedCommand();
}
