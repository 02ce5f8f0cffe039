// Regression tests for an external audit of the checkpoint code: a checksum that covers the header,
// no tensors leaked for unknown entries, stale temporary files of killed saves, bounded headers, and
// clear errors for PyTorch, pickle, image and other foreign files. Each test fails on the code the
// audit read. Nothing here depends on timing: dead processes are real exited children, live ones are
// held open until the test ends them.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Tensor, TorchError, nn, optim, serialize, torch } from '../../lib/index.js';
import { encodeCheckpoint } from '../../lib/serialize/checkpoint.js';
import { pythonEval } from '../helpers/python.js';
import { rng } from '../helpers/reference.js';

const dir = mkdtempSync(join(tmpdir(), 'torchts-harden-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const live = () => torch.memory().liveTensors;
const gc = (globalThis as { gc?: () => void }).gc;

/** The live count once collection has released what earlier tests left, so a baseline holds. */
async function settledLive(): Promise<number> {
  let last = -1;
  for (let i = 0, same = 0; i < 40 && same < 3; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 0));
    same = live() === last ? same + 1 : 0;
    last = live();
  }
  return last;
}

/** A small real checkpoint: a Linear layer, Adam after two steps (step, expAvg, expAvgSq), counters, extra, the generator. */
function smallCheckpoint(path: string): void {
  torch.manualSeed(5);
  const model = new nn.Linear(2, 2);
  const opt = new optim.Adam(model.parameters(), { lr: 0.1 });
  for (let i = 0; i < 2; i++) {
    torch.tidy(() => {
      opt.zeroGrad();
      (model.forward(torch.tensor([[1.5, 2], [3, -4]])) as Tensor).square().sum().backward();
      opt.step();
    });
  }
  serialize.save(path, { model, optimizer: opt, step: 2, epoch: 1, extra: { note: 'x' } });
}

/** Everything a loaded checkpoint holds, as comparable JSON (tensor bytes included); disposes its tensors. */
function contentOf(ck: serialize.Checkpoint): string {
  const t = (x: Tensor) => {
    const d = x.data(); // a copy of the values (loaded tensors are contiguous)
    const out = [x.dtype, x.shape, Buffer.from(d.buffer, d.byteOffset, d.byteLength).toString('hex')];
    x.dispose();
    return out;
  };
  const sorted = <T>(o: Record<string, T>) => Object.keys(o).sort().map((k) => [k, o[k]] as const);
  return JSON.stringify({
    model: sorted(ck.model).map(([k, x]) => [k, t(x)]),
    optimizer: ck.optimizer && {
      groups: ck.optimizer.paramGroups,
      state: sorted(ck.optimizer.state as Record<string, Record<string, Tensor>>)
        .map(([i, s]) => [i, sorted(s).map(([k, x]) => [k, t(x)])]),
    },
    rng: ck.rng && t(ck.rng),
    cudaRng: ck.cudaRng?.map(t),
    rest: [ck.step, ck.epoch, ck.extra, ck.scheduler, ck.scaler],
  });
}

/** The tensors a checkpoint hands back: what load() may add to the live count. */
function tensorsOf(ck: serialize.Checkpoint): Tensor[] {
  return [...Object.values(ck.model), ...Object.values(ck.optimizer?.state ?? {}).flatMap((s) => Object.values(s)),
    ...(ck.rng ? [ck.rng] : []), ...(ck.cudaRng ?? [])];
}

/** `buf` with its header parsed, changed by `change`, and written back at the same length (padded). */
function withHeader(buf: Buffer, change: (header: Record<string, Record<string, unknown>>) => void): Buffer {
  const n = Number(buf.readBigUInt64LE(0));
  const header = JSON.parse(buf.subarray(8, 8 + n).toString());
  change(header);
  const json = JSON.stringify(header);
  expect(json.length).toBeLessThanOrEqual(n);
  return Buffer.concat([buf.subarray(0, 8), Buffer.from(json.padEnd(n, ' ')), buf.subarray(8 + n)]);
}

/** A version-1 checkpoint, encoded as torchts wrote them before the checksum covered the header. */
function encodeV1(tensors: Record<string, Tensor>, meta: Record<string, string>): Buffer {
  const full = { format: 'torchts-checkpoint', version: '1', ...meta };
  const draft = serialize.serialize(tensors, full);
  const data = draft.subarray(8 + Number(draft.readBigUInt64LE(0)));
  const h = createHash('sha256');
  h.update(JSON.stringify(Object.entries(full).sort(([a], [b]) => (a < b ? -1 : 1))));
  h.update(data);
  return serialize.serialize(tensors, { ...full, sha256: h.digest('hex') });
}

/** The error `fn` throws, asserted to be a one-line TorchError ERR_STATE that starts with `op()` and names `path`. */
function refusal(fn: () => unknown, op: string, path: string): TorchError {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error, 'expected a refusal').toBeInstanceOf(TorchError);
  const e = error as TorchError;
  expect(e.code).toBe('ERR_STATE');
  expect(e.message.startsWith(`${op}(): `), e.message).toBe(true);
  expect(e.message).toContain(path);
  expect(e.message).not.toContain('\n');
  return e;
}

describe('the checkpoint checksum covers the header as well as the data', () => {
  const path = join(dir, 'small.ckpt');
  let good: Buffer;
  let original: string;
  beforeAll(() => {
    smallCheckpoint(path);
    good = readFileSync(path);
    original = contentOf(serialize.load(path));
  });

  it('refuses a changed dtype, swapped offsets and swapped names, each of which stays a consistent safetensors file', () => {
    const damaged: [string, Buffer][] = [
      ['F32 read as I32', withHeader(good, (h) => { h['model/weight'].dtype = 'I32'; })],
      ['offsets swapped', withHeader(good, (h) => {
        const [a, b] = [h['optimizer/0/expAvg'], h['optimizer/0/expAvgSq']];
        [a.data_offsets, b.data_offsets] = [b.data_offsets, a.data_offsets];
      })],
      ['weight and its moment swapped', withHeader(good, (h) => {
        [h['model/weight'].data_offsets, h['optimizer/0/expAvg'].data_offsets] = [h['optimizer/0/expAvg'].data_offsets, h['model/weight'].data_offsets];
      })],
    ];
    // Names swapped in the text itself: expAvg <-> expAvgSq (the same bytes, reordered).
    const n = Number(good.readBigUInt64LE(0));
    const text = good.subarray(8, 8 + n).toString().replace(/"optimizer\/0\/expAvg(Sq)?"/g, (m) => (m.includes('Sq') ? '"optimizer/0/expAvg"' : '"optimizer/0/expAvgSq"'));
    damaged.push(['names swapped', Buffer.concat([good.subarray(0, 8), Buffer.from(text), good.subarray(8 + n)])]);
    for (const [what, bytes] of damaged) {
      expect(bytes.length, what).toBe(good.length);
      for (const t of Object.values(serialize.deserialize(bytes).tensors)) t.dispose(); // still a valid safetensors file
      const p = join(dir, 'damaged.ckpt');
      writeFileSync(p, bytes);
      expect(refusal(() => serialize.load(p), 'load', p).message, what).toMatch(/damaged.ckpt is corrupt: its checksum does not match its contents; restore it/);
    }
  });

  it('every one-byte change of the length and header is refused with a TorchError, or loads identical content', async () => {
    const n = Number(good.readBigUInt64LE(0));
    const random = rng(20261125);
    const p = join(dir, 'flip.ckpt');
    const base = await settledLive();
    let refused = 0;
    for (let i = 0; i < 8 + n; i++) {
      // Per byte: all bits inverted, one random bit, and one random nonzero mask.
      for (const mask of [0xff, 1 << Math.floor(random() * 8), 1 + Math.floor(random() * 255)]) {
        const bytes = Buffer.from(good);
        bytes[i] ^= mask;
        writeFileSync(p, bytes);
        let ck: serialize.Checkpoint | undefined;
        try {
          ck = serialize.load(p);
        } catch (e) {
          expect(e instanceof TorchError && e.code === 'ERR_STATE' && e.message.includes(p), `byte ${i} ^ ${mask}: ${String(e)}`).toBe(true);
          refused++;
        }
        if (ck) expect(contentOf(ck), `byte ${i} ^ ${mask} loaded different content`).toBe(original);
      }
    }
    expect(live()).toBe(base); // no refusal left a tensor behind
    expect(refused).toBe((8 + n) * 3); // in fact all are refused: the checksum covers every byte but its own digits
  });

  it('a damaged data section or checksum is still refused', () => {
    const p = join(dir, 'data.ckpt');
    for (const at of [good.length - 1, Number(good.readBigUInt64LE(0)) + 8]) {
      const bytes = Buffer.from(good);
      bytes[at] ^= 0x10;
      writeFileSync(p, bytes);
      refusal(() => serialize.load(p), 'load', p);
    }
    const digest = withHeader(good, (h) => { (h.__metadata__ as Record<string, string>).sha256 = 'f'.repeat(64); });
    writeFileSync(p, digest);
    expect(refusal(() => serialize.load(p), 'load', p).message).toMatch(/is corrupt: its checksum does not match/);
    const missing = withHeader(good, (h) => { delete (h.__metadata__ as Record<string, string>).sha256; });
    writeFileSync(p, missing);
    expect(refusal(() => serialize.load(p), 'load', p).message).toMatch(/is corrupt: its checksum is missing or malformed/);
  });

  it('checkpoints stay plain safetensors: Python reads them, and recomputes the checksum from its definition', () => {
    const py = pythonEval([
      'sorted(t.keys())', "[meta['format'], meta['version']]", "meta['sha256'] == hashlib.sha256(b[:i] + b'0' * 64 + b[i + 64:]).hexdigest()",
    ], 'import hashlib, json, struct\nfrom safetensors.torch import load_file\n' +
      `t = load_file(${JSON.stringify(path)})\nb = open(${JSON.stringify(path)}, 'rb').read()\n` +
      "n = struct.unpack('<Q', b[:8])[0]\nmeta = json.loads(b[8:8 + n])['__metadata__']\n" +
      "i = b.index(('\"sha256\":\"' + meta['sha256'] + '\"').encode()) + len('\"sha256\":\"')");
    expect(py[0]).toEqual(['model/bias', 'model/weight', 'optimizer/0/expAvg', 'optimizer/0/expAvgSq', 'optimizer/0/step',
      'optimizer/1/expAvg', 'optimizer/1/expAvgSq', 'optimizer/1/step', 'rng/cpu']);
    expect(py[1]).toEqual(['torchts-checkpoint', '2']);
    expect(py[2]).toBe(true);
  });

  it('version-1 files (checksum over metadata and data only) still load, are verified as far as they can be, and save as version 2', () => {
    const p = join(dir, 'v1.ckpt');
    const tensors = { 'model/w': torch.tensor([[1, 2], [3, 4]]), 'model/b': torch.tensor([0.5, -0.5]) };
    writeFileSync(p, encodeV1(tensors, { step: '7', extra: '{"a":1}' }));
    const ck = serialize.load(p);
    expect([ck.step, ck.extra, Object.keys(ck.model)]).toEqual([7, { a: 1 }, ['w', 'b']]);
    expect(ck.model.w.equal(tensors['model/w'])).toBe(true);
    const bytes = readFileSync(p);
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(p, bytes);
    expect(refusal(() => serialize.load(p), 'load', p).message).toMatch(/is corrupt: its checksum does not match/);
    serialize.save(p, { model: ck.model, step: ck.step });
    expect(serialize.loadFileWithMetadata(p).metadata.version).toBe('2');
    const resaved = serialize.load(p);
    expect(resaved.model.w.equal(tensors['model/w'])).toBe(true);
    const v3 = withHeader(readFileSync(p), (h) => { (h.__metadata__ as Record<string, string>).version = '3'; });
    writeFileSync(p, v3);
    expect(refusal(() => serialize.load(p), 'load', p).message).toMatch(/has checkpoint version 3; this torchts reads versions 1 and 2/);
  });
});

describe('load() makes no tensor it does not return', () => {
  const unknown = () => ({
    'model/w': torch.ones([2, 2]),
    'rng/cpu': torch.getRngState(),
    'future/ema/w': torch.ones([2, 2]),
    'rng/mps:0': torch.ones([3], { dtype: 'uint8' }),
    'optimizer/x/expAvg': torch.ones([2]),
    'optimizer/0/a/b': torch.ones([2]),
    'nonsense': torch.zeros([0]),
  });

  it('entries with unknown names are skipped, not leaked (a version-1 file, as the audit made, and a version-2 one)', async () => {
    for (const [version, encode] of [['1', encodeV1], ['2', encodeCheckpoint]] as const) {
      const p = join(dir, `unknown-v${version}.ckpt`);
      const tensors = unknown();
      writeFileSync(p, encode(tensors, { format: 'torchts-checkpoint', version }));
      for (const t of Object.values(tensors)) t.dispose();
      const base = await settledLive();
      const ck = serialize.load(p);
      const returned = tensorsOf(ck);
      expect(returned).toHaveLength(2);
      expect(Object.keys(ck.model)).toEqual(['w']);
      expect(ck.optimizer).toBeUndefined();
      expect(live() - base, `version ${version}`).toBe(returned.length);
      for (const t of returned) t.dispose();
      expect(live()).toBe(base);
    }
  });

  it('a refused file leaves nothing behind, nor does a successful load beyond what it returns', async () => {
    const p = join(dir, 'counted.ckpt');
    smallCheckpoint(p);
    const base = await settledLive();
    const ck = serialize.load(p);
    const returned = tensorsOf(ck);
    expect(returned).toHaveLength(9);
    expect(live() - base).toBe(returned.length);
    for (const t of returned) t.dispose();
    const bytes = readFileSync(p);
    bytes[bytes.length - 1] ^= 1;
    writeFileSync(p, bytes);
    refusal(() => serialize.load(p), 'load', p);
    expect(live()).toBe(base);
  });
});

describe('temporary files of killed saves', () => {
  const host = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
  const otherHost = host === '00000000' ? '11111111' : '00000000';

  it('are removed by the next save into the folder when their process is gone; those of live processes and other hosts stay', async () => {
    const folder = join(dir, 'temps');
    mkdirSync(folder);
    // An exited, reaped child: its pid names no process.
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    // A child held alive until the end of the test: "another process saving now".
    const child = spawn(process.execPath, ['-e', 'process.stdin.resume()'], { stdio: ['pipe', 'ignore', 'ignore'] });
    try {
      const other = child.pid!;
      const stale = [`.last.ckpt.${dead}.1764000000000.tmp`, `.last.ckpt.${dead}.1764000000001.h${host}.tmp`, `.best.ckpt.${dead}.1764000000002.tmp`];
      const kept = [`.last.ckpt.${process.pid}.1764000000003.tmp`, `.last.ckpt.${process.pid}.1764000000004.h${host}.tmp`,
        `.last.ckpt.${other}.1764000000005.h${host}.tmp`, `.last.ckpt.${dead}.1764000000006.h${otherHost}.tmp`,
        '.last.ckpt.tmp', `last.ckpt.${dead}.1.tmp`, 'notes.txt'];
      for (const f of [...stale, ...kept]) writeFileSync(join(folder, f), 'partial');
      serialize.save(join(folder, 'last.ckpt'), { model: new nn.Linear(2, 2), step: 1 });
      expect(readdirSync(folder).sort()).toEqual([...kept, 'last.ckpt'].sort());
      expect(serialize.load(join(folder, 'last.ckpt')).step).toBe(1);
      serialize.saveFile({ w: torch.ones([1]) }, join(folder, 'plain.safetensors')); // saveFile cleans the same way, and keeps the same files
      expect(readdirSync(folder).sort()).toEqual([...kept, 'last.ckpt', 'plain.safetensors'].sort());
    } finally {
      child.kill();
    }
  });
});

describe('huge and hostile headers are refused before they cost memory', () => {
  /** A file of an 8-byte length and a header (its length, unless `claim` says otherwise) and `data`. */
  function file(name: string, header: string | Buffer, claim?: bigint | number, data = Buffer.alloc(0)): string {
    const json = Buffer.isBuffer(header) ? header : Buffer.from(header);
    const head = Buffer.alloc(8);
    head.writeBigUInt64LE(BigInt(claim ?? json.length));
    const p = join(dir, name);
    writeFileSync(p, Buffer.concat([head, json, data]));
    return p;
  }

  it('a header length over the limit (safetensors\' own 100,000,000 bytes) is refused from the 8 bytes alone', () => {
    expect(serialize.MAX_HEADER_BYTES).toBe(100_000_000);
    for (const claim of [100_000_001n, 1n << 40n, (1n << 64n) - 1n]) {
      const p = file('claims.safetensors', '{"a":1}', claim);
      expect(refusal(() => serialize.loadFile(p), 'loadFile', p).message)
        .toBe(`loadFile(): ${p} is not a valid safetensors file: its header length ${claim} is more than the limit of 100000000 bytes (safetensors' own)`);
    }
  });

  it('100 MB of nesting (the audit\'s file, given the opening brace it needs to be taken for safetensors) is refused without parsing', () => {
    const p = file('nested.safetensors', Buffer.alloc(100_000_000, '{['));
    expect(refusal(() => serialize.loadFile(p), 'loadFile', p).message).toMatch(/its header nests deeper than 3 levels, which no safetensors header does$/);
    const bare = file('brackets.safetensors', Buffer.alloc(1_000_000, '['));
    expect(refusal(() => serialize.load(bare), 'load', bare).message).toMatch(/is not a safetensors file or torchts checkpoint: it does not start as one does/);
    rmSync(p);
  });

  it('more entries than maxEntries (default 100,000) are refused, naming the limit and how to raise it', () => {
    expect(serialize.DEFAULT_MAX_ENTRIES).toBe(100_000);
    const entries = (n: number) => `{${Array.from({ length: n }, (_, i) => `"${i}":{"dtype":"U8","shape":[0],"data_offsets":[0,0]}`).join(',')}}`;
    const p = file('many.safetensors', entries(150_000));
    const base = live();
    expect(refusal(() => serialize.loadFile(p), 'loadFile', p).message)
      .toMatch(/is not a valid safetensors file: it holds more than 100000 tensors, the limit; if the file is genuine, pass a larger \{ maxEntries \}$/);
    expect(live()).toBe(base);
    const few = file('few.safetensors', entries(11));
    expect(() => serialize.loadFile(few, { maxEntries: 10 })).toThrow(/holds more than 10 tensors/);
    const loaded = serialize.loadFile(few, { maxEntries: 11 });
    expect(Object.keys(loaded)).toHaveLength(11);
    for (const t of Object.values(loaded)) t.dispose();
    expect(() => serialize.loadFile(few, { maxEntries: 0 })).toThrow(/^loadFile\(\): expected maxEntries to be a positive integer, but received 0 of type number$/);
    expect(() => serialize.load(few, { maxEntrys: 5 } as never)).toThrow(/^load\(\): unknown option 'maxEntrys'\. Did you mean 'maxEntries'\?$/);
  });

  it('flat headers with millions of values (one huge shape, one huge metadata object) are refused before parsing', () => {
    const shape = file('shape.safetensors', `{"a":{"dtype":"U8","shape":[${'1,'.repeat(2_000_000)}0],"data_offsets":[0,0]}}`);
    expect(refusal(() => serialize.loadFile(shape), 'loadFile', shape).message)
      .toMatch(/its header holds more than 1600016 JSON values \(16 per allowed tensor\); if the file is genuine, pass a larger \{ maxEntries \} than 100000$/);
    const keys = file('keys.safetensors', `{"__metadata__":{${Array.from({ length: 1_000_000 }, (_, i) => `"${i}":""`).join(',')}}}`);
    expect(refusal(() => serialize.loadFile(keys), 'loadFile', keys).message).toMatch(/holds more than 1600016 JSON values/);
  });

  it('writing a header over the limit is refused, and nothing is written', () => {
    const p = join(dir, 'huge-meta.safetensors');
    expect(() => serialize.saveFile({}, p, { big: 'x'.repeat(100_000_000) }))
      .toThrow(/^serialize\(\): the header would be 100000032 bytes, more than the 100000000 bytes safetensors readers accept; store less metadata/);
    expect(existsSync(p)).toBe(false);
  });

  it('a header whose length begins like a pickle (640 = 0x280: bytes 80 02) is still safetensors', () => {
    const p = join(dir, 'len640.safetensors');
    const at = (pad: number) => serialize.serialize({ w: torch.ones([2]) }, { pad: 'x'.repeat(pad) });
    const pad = [...Array(700).keys()].find((k) => at(k).readBigUInt64LE(0) === 640n)!;
    writeFileSync(p, at(pad));
    expect([...readFileSync(p).subarray(0, 2)]).toEqual([0x80, 0x02]);
    expect(serialize.loadFileWithMetadata(p).metadata.pad).toHaveLength(pad);
  });
});

describe('foreign, missing, truncated files and folders get clear errors and stay as they were', () => {
  it('a torch.save file (zip), a legacy torch.save and a pickle.dump file are named, with how to convert them', () => {
    const [zip, legacy, pickled] = ['model.pt', 'legacy.pt', 'data.pkl'].map((f) => join(dir, f));
    pythonEval(['1'], `import pickle\nsd = torch.nn.Linear(2, 2).state_dict()\ntorch.save(sd, ${JSON.stringify(zip)})\n` +
      `torch.save(sd, ${JSON.stringify(legacy)}, _use_new_zipfile_serialization=False)\n` +
      `pickle.dump({'a': [1, 2]}, open(${JSON.stringify(pickled)}, 'wb'), protocol=5)`);
    const advice = "; torchts never unpickles (a pickle can run code). Convert it in Python: from safetensors.torch import save_file; " +
      "save_file(torch.load(path), 'model.safetensors') for a state dict (for a checkpoint dict, save its state dict entry, e.g. " +
      "torch.load(path)['model']), then read that with serialize.loadFile";
    for (const [p, what] of [[zip, 'a PyTorch torch.save file (a zip archive)'], [legacy, "a Python pickle (torch.save's legacy format, or pickle.dump)"],
      [pickled, "a Python pickle (torch.save's legacy format, or pickle.dump)"]]) {
      const before = readFileSync(p);
      expect(refusal(() => serialize.load(p), 'load', p).message).toBe(`load(): ${p} is ${what}, not a safetensors file or torchts checkpoint${advice}`);
      expect(refusal(() => serialize.loadFile(p), 'loadFile', p).message).toBe(`loadFile(): ${p} is ${what}, not a safetensors file or torchts checkpoint${advice}`);
      expect(readFileSync(p).equals(before)).toBe(true);
    }
  });

  it('images, other archives and text are "not a safetensors file or torchts checkpoint"', () => {
    const cases: [string, Buffer, string][] = [
      ['photo.png', Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(40)]), 'it is a PNG image'],
      ['photo.jpg', Buffer.concat([Buffer.from('ffd8ffe000104a464946', 'hex'), Buffer.alloc(40)]), 'it is a JPEG image'],
      ['other.zip', Buffer.concat([Buffer.from('504b0304140000000000', 'hex'), Buffer.alloc(16), Buffer.from([5, 0, 0, 0]), Buffer.from('a.txt')]),
        "it is a zip archive (not one torch.save wrote: its first member is 'a.txt')"],
      ['notes.txt', Buffer.from('these are notes, not tensors\n'), "it does not start as one does (an 8-byte little-endian header length, then a JSON header starting with '{')"],
    ];
    for (const [name, bytes, why] of cases) {
      const p = join(dir, name);
      writeFileSync(p, bytes);
      expect(refusal(() => serialize.load(p), 'load', p).message).toBe(`load(): ${p} is not a safetensors file or torchts checkpoint: ${why}`);
      expect(readFileSync(p).equals(bytes)).toBe(true);
    }
  });

  it('a missing file, a folder, an empty, short or truncated file: one clear TorchError each, and nothing on disk changes', () => {
    const missing = join(dir, 'nowhere', 'missing.ckpt');
    expect(refusal(() => serialize.load(missing), 'load', missing).message).toBe(`load(): cannot read ${missing}: ENOENT, no such file`);
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);

    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'inside.txt'), 'keep');
    expect(refusal(() => serialize.load(folder), 'load', folder).message)
      .toBe(`load(): cannot read ${folder}: EISDIR, it is a directory, not a file; pass the path of a file`);
    expect(refusal(() => serialize.loadFile(folder), 'loadFile', folder).message).toMatch(/EISDIR/);
    expect(readdirSync(folder)).toEqual(['inside.txt']);

    const good = join(dir, 'whole.ckpt');
    serialize.save(good, { model: new nn.Linear(3, 3), step: 4 });
    const bytes = readFileSync(good);
    const n = Number(bytes.readBigUInt64LE(0));
    const cuts: [number, RegExp][] = [
      [0, /is not a valid safetensors file: it is empty$/],
      [5, /is not a valid safetensors file: it has 5 bytes, fewer than the 8-byte header length$/],
      [8, new RegExp(`is not a valid safetensors file: the header claims ${n} bytes but the file has 0 after the length \\(truncated\\?\\)$`)],
      [8 + n - 3, new RegExp(`the header claims ${n} bytes but the file has ${n - 3} after the length \\(truncated\\?\\)$`)],
      [bytes.length - 10, /is not a valid safetensors file: tensor '.*' has data offsets \[\d+, \d+\] outside the \d+-byte data section \(truncated\?\)$/],
    ];
    for (const [size, message] of cuts) {
      const p = join(dir, `cut-${size}.ckpt`);
      writeFileSync(p, bytes.subarray(0, size));
      expect(refusal(() => serialize.load(p), 'load', p).message, `cut at ${size}`).toMatch(message);
      expect(readFileSync(p).equals(bytes.subarray(0, size))).toBe(true);
    }
    expect(readFileSync(good).equals(bytes)).toBe(true);
    expect(serialize.load(good).step).toBe(4);
  });
});
