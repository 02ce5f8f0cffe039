/** `torchts info`: versions, devices, threads, and where libtorch was found. @module */
import type { CAC } from 'cac';

/** Registers `info` on the command line. */
export function registerInfo(cli: CAC): void {
  cli
    .command('info', 'Print torchts, libtorch, CUDA and cuDNN versions, devices, threads and where libtorch was found')
    .option('--json', 'Print JSON for scripts')
    .action(async (options: { json?: boolean }) => {
      let info;
      try {
        ({ info } = await import('../info.js'));
      } catch (e) {
        // The addon did not load: say what the setup finds instead, so the user sees why.
        console.error((e as Error).message);
        const { findLibtorch } = await import(new URL('../../../scripts/find-libtorch.mjs', import.meta.url).href).catch(
          () => import(new URL('../../scripts/find-libtorch.mjs', import.meta.url).href));
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
}
