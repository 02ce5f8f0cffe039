// The command line, run as users run it: compiled JS in a child process.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { distIndexUrl, ensureDist, root } from './helpers/dist.js';

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'dist', 'lib', 'cli.js'), ...args], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('torchts CLI', () => {
  beforeAll(() => ensureDist(), 120_000);

  it('info prints versions, CUDA facts, threads and where libtorch was found', () => {
    const text = cli('info');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^torchts\s+\d+\.\d+\.\d+$/m);
    expect(text.out).toMatch(/^libtorch\s+2\.11\.0/m);
    expect(text.out).toMatch(/^CUDA\s+/m);
    const json = JSON.parse(cli('info', '--json').out);
    expect(Object.keys(json)).toEqual(['torchts', 'node', 'libtorch', 'cuda', 'threads', 'addon']);
    expect(json.libtorch.location).toMatch(/torch\/lib$/);
  });

  it('bench amp trains each precision mode and reports ratios to fp32', () => {
    const r = cli('bench', 'amp', '--steps', '1', '--repeats', '1', '--warmup', '0', '--batch', '4', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.results.map((x: { mode: string }) => x.mode)).toEqual(['32-true', 'bf16-mixed']);
    expect(report.results[0].speedup).toBe(1);
    expect(report.results.every((x: { samplesPerSec: number; loss: number }) => x.samplesPerSec > 0 && Number.isFinite(x.loss))).toBe(true);
  });

  it('--help after a command and its arguments prints that command\'s help and exits 0', () => {
    // cac prints the help and forgets the command, which left 'amp' looking like an unknown command.
    for (const args of [['bench', 'amp', '--help'], ['bench', 'amp', '-h'], ['bench', '--help'], ['lr-find', 'setup.json', '--help'], ['info', '--help']]) {
      const r = cli(...args);
      expect([args.join(' '), r.code, r.err]).toEqual([args.join(' '), 0, '']);
      expect(r.out).toMatch(new RegExp(`^\\s*\\$ torchts ${args[0]}\\b`, 'm'));
    }
    expect(cli('bench', 'amp', '--help').out).toContain('--steps <n>');
    // A command that does not exist is still an error, with or without --help.
    const unknown = cli('frobnicate', '--help');
    expect([unknown.code, unknown.err.trim()]).toEqual([1, 'Unknown command: frobnicate']);
  });

  it('rejects unknown commands, benchmarks and devices with a message and a non-zero exit', () => {
    expect(cli('frobnicate').code).toBe(1);
    const b = cli('bench', 'foo');
    expect([b.code, b.err.trim()]).toEqual([1, "Unknown benchmark 'foo'. Available: amp"]);
    if (!JSON.parse(cli('info', '--json').out).cuda.available) {
      const d = cli('bench', 'amp', '--device', 'cuda', '--steps', '1');
      expect(d.code).not.toBe(0);
      expect(d.err).toMatch(/benchAmp\(\): device is cuda, but CUDA is not available here/);
    }
  });

  it('bench amp --svg writes a chart with one bar per mode in each of its three panels; the resnet model trains', () => {
    const svg = join(mkdtempSync(join(tmpdir(), 'torchts-cli-')), 'amp.svg');
    const r = cli('bench', 'amp', '--model', 'resnet', '--steps', '1', '--repeats', '1', '--warmup', '0', '--batch', '2', '--svg', svg);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^fp16 vs fp32: resnet on CPU/);
    expect(r.out).toContain(`chart written to ${svg}`);
    const text = readFileSync(svg, 'utf8');
    expect(text).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(text.trimEnd()).toMatch(/<\/svg>$/);
    for (const panel of ['throughput (speedup over 32-true)', 'resident set after the run', 'loss after 1 steps']) expect(text).toContain(panel);
    expect(text.match(/<rect x=/g)).toHaveLength(6);
    expect(text).toContain('>1.00x<');
  });
});

describe('torchts lr-find', () => {
  beforeAll(() => ensureDist(), 120_000);
  const dir = mkdtempSync(join(tmpdir(), 'torchts-lr-find-'));
  const config = (c: object) => {
    const file = join(dir, `c${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(file, JSON.stringify(c));
    return file;
  };
  const small = { data: { dataset: 'FashionMNIST', limit: 256, batchSize: 32 }, model: [['Flatten'], ['Linear', 784, 10]], lrFind: { minLr: 1e-5, maxLr: 1, steps: 12 } };

  it('runs the range test on a JSON config, prints the curve and the suggestion, and writes the SVG', () => {
    const svg = join(dir, 'lr.svg');
    const r = cli('lr-find', config(small), '--svg', svg);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Ran all 12 steps, from lr=1.0e-5 to lr=1.0e0.');
    expect(r.out).toMatch(/suggested learning rate: \d\.\d\de-?\d+/);
    expect(readFileSync(svg, 'utf8')).toContain('Learning-rate range test');
  });

  it('--json gives the curve and the suggestions; flags override the config', () => {
    const r = cli('lr-find', config(small), '--json', '--steps', '8', '--max-lr', '0.1');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.lrs).toHaveLength(8);
    expect(j.lrs[0]).toBeCloseTo(1e-5, 15);
    expect(j.lrs[7]).toBeCloseTo(0.1, 12);
    expect(j.losses.every(Number.isFinite)).toBe(true);
    expect(j.suggestion).toBeGreaterThanOrEqual(1e-5);
    expect(j.suggestion).toBeLessThanOrEqual(0.1);
    expect(Object.keys(j.suggestions)).toEqual(['steepest', 'valley', 'minimumDiv10']);
  });

  it('runs on a module whose default export returns { trainer, loader, options }', () => {
    const file = join(dir, 'setup.mjs');
    writeFileSync(file, `import { Trainer, data, nn, optim, torch } from '${distIndexUrl}';
export default async () => {
  torch.manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(4, 3));
  const x = torch.randn([64, 4]);
  const y = torch.randint(0, 3, [64]);
  const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 16 });
  return { trainer: new Trainer({ model, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), loss: nn.functional.crossEntropy }),
    loader, options: { steps: 6, minLr: 1e-3, maxLr: 1 } };
};
`);
    const r = cli('lr-find', file, '--json');
    expect(r.err).toBe('');
    const j = JSON.parse(r.out);
    expect(j.lrs).toHaveLength(6);
    expect(j.lrs[0]).toBeCloseTo(1e-3, 15);
  });

  it('rejects a bad config or module with a message naming the file and the key, without a stack', () => {
    const cases: [string, RegExp][] = [
      [config({ ...small, model: [['Flatten'], ['Frob']] }), /: expected model\[1\]\[0\] to be the name of an nn layer class .*but received 'Frob'/],
      [config({ ...small, model: [784] }), /: expected model\[0\] to be \[layerName, \.\.\.arguments\]/],
      [config({ ...small, optimiser: 'SGD' }), /\.json: unknown option 'optimiser'\. Did you mean 'optimizer'\?/],
      [config({ ...small, data: { ...small.data, batch_size: 8 } }), /\.json: data: unknown option 'batch_size'\. Did you mean 'batchSize'\?/],
      [config({ ...small, optimizer: 'Adagrad' }), /: expected optimizer to be 'SGD', 'Adam', 'AdamW', 'RMSprop'/],
      [config({ ...small, loss: 'hinge' }), /: expected loss to be one of .*crossEntropy/],
      [config({ ...small, data: { dataset: 'CIFAR10' } }), /: expected data\.dataset to be 'FashionMNIST', 'MNIST', 'ImageFolder'/],
      [config({ ...small, lrFind: { steps: 1 } }), /lrFind\(\): expected steps to be at least 2, but received 1/],
      [join(dir, 'missing.json'), /cannot read the config .*missing\.json: ENOENT/],
      [join(root, 'examples', 'lr-range-test.ts'), /expected a \.json config or a \.js\/\.mjs\/\.cjs module, .*compile TypeScript first/],
    ];
    const notASetup = join(dir, 'three.mjs');
    writeFileSync(notASetup, 'export default () => 3;\n');
    cases.push([notASetup, /expected .*three\.mjs to export default \{ trainer, loader, options\? \}.*which returned 3 of type number/]);
    for (const [file, message] of cases) {
      const r = cli('lr-find', file);
      expect(r.code, file).toBe(1);
      expect(r.err, file).toMatch(/^torchts lr-find: /);
      expect(r.err, file).toMatch(message);
      expect(r.err, file).not.toMatch(/\n\s+at /);
    }
  });

  it('--help describes each command and its options', () => {
    expect(cli('--help').out).toMatch(/lr-find <file>/);
    const help = cli('lr-find', '--help').out;
    for (const flag of ['--min-lr', '--max-lr', '--steps', '--svg', '--json']) expect(help).toContain(flag);
    expect(cli('bench', '--help').out).toContain('--svg <file>');
  });
});
