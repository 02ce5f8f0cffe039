// Tensor lifetimes: tidy scopes, keep, dispose, `using`, the garbage-collection safety net, and a long
// training loop whose memory must stay flat (docs/architecture.md, "Handles, scopes and memory").
//
// Every test measures torch.memory().liveTensors (the addon's count of table slots in use) against
// a baseline taken at its start, so tests do not depend on each other. The garbage-collection tests
// need global.gc: vitest.config.ts starts the test processes with --expose-gc.
import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Tensor, nn, torch } from '../lib/index.js';
import { ensureDist } from './helpers/dist.js';
import { disposedMessage, expectError } from './helpers/errors.js';

const F = nn.functional;
const live = () => torch.memory().liveTensors;
const gc = (globalThis as { gc?: () => void }).gc;

/** Runs full collections until `done()` holds; FinalizationRegistry callbacks run in a later task. */
async function collectUntil(done: () => boolean, rounds = 40): Promise<void> {
  for (let i = 0; i < rounds && !done(); i++) {
    gc!();
    await new Promise((r) => setTimeout(r, i < 5 ? 0 : 5));
  }
}

/**
 * The live count once collection has released every unreferenced tensor left by earlier tests, so
 * that a test's baseline does not drop under it while it runs.
 */
async function settledLive(): Promise<number> {
  let last = -1;
  let same = 0;
  for (let i = 0; i < 40 && same < 3; i++) {
    gc!();
    await new Promise((r) => setTimeout(r, 0));
    const now = live();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

describe('tidy', () => {
  it('releases intermediates and keeps the returned tensor', () => {
    const base = live();
    const made: Tensor[] = [];
    const out = torch.tidy(() => {
      const a = torch.ones([3, 3]);
      const b = a.mul(2);
      const c = b.add(1).sum();
      made.push(a, b);
      return c;
    });
    expect(made.every((t) => t.isDisposed)).toBe(true);
    expect(out.isDisposed).toBe(false);
    expect(out.item()).toBe(27);
    expect(live()).toBe(base + 1);
    out.dispose();
    expect(live()).toBe(base);
  });

  it('keeps tensors returned in arrays, plain objects, Maps and nestings of them', () => {
    const base = live();
    let scratch: Tensor[] = [];
    const out = torch.tidy(() => {
      const t = (v: number) => torch.full([2], v);
      scratch = [t(0), t(0), t(0)];
      return {
        list: [t(1), [t(2)]],
        map: new Map<string, unknown>([['a', t(3)], ['b', { deep: [t(4)] }]]),
        obj: { x: t(5), nothing: null, n: 7 },
        topk: t(6).topk(1), // a plain { values, indices } object from a method
      };
    });
    expect(scratch.every((t) => t.isDisposed)).toBe(true);
    const kept = [out.list[0] as Tensor, (out.list[1] as Tensor[])[0], out.map.get('a') as Tensor,
      (out.map.get('b') as { deep: Tensor[] }).deep[0], out.obj.x, out.topk.values, out.topk.indices];
    expect(kept.map((t) => t.isDisposed)).toEqual(kept.map(() => false));
    expect(kept.map((t) => t.toArray())).toEqual([[1, 1], [2, 2], [3, 3], [4, 4], [5, 5], [6], [0]]);
    // The tensor topk read (t(6)) is an intermediate: released.
    expect(live()).toBe(base + kept.length);
    for (const t of kept) t.dispose();
    expect(live()).toBe(base);
  });

  it('returning the same tensor twice, or a tensor made outside, is fine', () => {
    const base = live();
    const outside = torch.ones([2]);
    const [a, b, c] = torch.tidy(() => {
      const t = torch.zeros([2]);
      return [t, t, outside];
    });
    expect(a).toBe(b);
    expect(c).toBe(outside);
    expect(a.isDisposed || outside.isDisposed).toBe(false);
    expect(live()).toBe(base + 2);
    a.dispose();
    outside.dispose();
    expect(live()).toBe(base);
  });

  it('a nested tidy moves its returned tensors to the enclosing scope', () => {
    const base = live();
    let fromInner!: Tensor;
    let innerScratch!: Tensor;
    const out = torch.tidy(() => {
      fromInner = torch.tidy(() => {
        innerScratch = torch.ones([4]);
        return innerScratch.mul(3);
      });
      expect(innerScratch.isDisposed).toBe(true);
      expect(fromInner.isDisposed).toBe(false);
      expect(live()).toBe(base + 1);
      return fromInner.sum(); // fromInner itself is not returned: the outer scope releases it
    });
    expect(fromInner.isDisposed).toBe(true);
    expect(out.item()).toBe(12);
    expect(live()).toBe(base + 1);
    out.dispose();

    // Returned through both scopes, it survives both.
    const both = torch.tidy(() => torch.tidy(() => torch.ones([2])));
    expect(both.isDisposed).toBe(false);
    both.dispose();
    expect(live()).toBe(base);
  });

  it('keep() lets a tensor survive every enclosing scope until dispose()', () => {
    const base = live();
    let kept!: Tensor;
    torch.tidy(() => {
      torch.tidy(() => {
        kept = torch.keep(torch.arange(4).float());
        torch.ones([8]);
      });
      expect(kept.isDisposed).toBe(false);
    });
    expect(kept.isDisposed).toBe(false);
    expect(kept.toArray()).toEqual([0, 1, 2, 3]);
    expect(live()).toBe(base + 1);
    kept.dispose();
    expect(live()).toBe(base);
  });

  it('a throwing fn releases everything it made and rethrows the same error', () => {
    const base = live();
    const boom = new Error('boom');
    let made: Tensor[] = [];
    expect(() => torch.tidy(() => {
      made = [torch.ones([3]), torch.zeros([3])];
      torch.tidy(() => torch.ones([5])); // returned from the inner scope into the outer one
      throw boom;
    })).toThrow(boom);
    expect(made.every((t) => t.isDisposed)).toBe(true);
    expect(live()).toBe(base);

    // A libtorch error inside a nested scope: the inner scope is released, the outer goes on.
    const out = torch.tidy(() => {
      expect(() => torch.tidy(() => torch.ones([2, 3]).matmul(torch.ones([2, 3])))).toThrow(/^matmul: /);
      return torch.ones([1]);
    });
    expect(live()).toBe(base + 1);
    out.dispose();
    expect(live()).toBe(base);
  });

  it('rejects an async fn with a TypeError before running it, leaking nothing', () => {
    const base = live();
    let ran = false;
    expectError(() => torch.tidy(async () => { ran = true; return torch.ones([2]); }), {
      class: 'TypeError',
      message: /^tidy\(\): fn is an async function\. tidy\(\) scopes are synchronous/,
    });
    expect(ran).toBe(false);
    expect(live()).toBe(base);
  });

  it('rejects a fn that returns a promise or a thenable with a TypeError, releasing what it made', () => {
    const base = live();
    let made!: Tensor;
    expectError(() => torch.tidy(() => { made = torch.ones([2]); return Promise.resolve(made); }), {
      class: 'TypeError',
      message: /^tidy\(\): fn returned a Promise\. tidy\(\) scopes are synchronous/,
    });
    expect(made.isDisposed).toBe(true);
    expectError(() => torch.tidy(() => { torch.ones([2]); return { then() {} }; }), {
      class: 'TypeError',
      message: /^tidy\(\): fn returned a Promise\./,
    });
    expect(live()).toBe(base);
    // The scope stack is intact afterwards: a tensor made now is outside every scope.
    const after = torch.ones([1]);
    torch.tidy(() => undefined);
    expect(after.isDisposed).toBe(false);
    after.dispose();
  });

  it('noGrad rejects a promise too, and restores grad mode', () => {
    expect(torch.isGradEnabled()).toBe(true);
    expectError(() => torch.noGrad(() => Promise.resolve(1)), { class: 'TypeError', message: /^noGrad\(\): fn returned a Promise\./ });
    expect(torch.isGradEnabled()).toBe(true);
    expect(() => torch.noGrad(() => { throw new Error('x'); })).toThrow('x');
    expect(torch.isGradEnabled()).toBe(true);
  });

  it('a tensor disposed inside the scope is not released twice', () => {
    const base = live();
    const out = torch.tidy(() => {
      const a = torch.ones([2]);
      a.dispose();
      a.dispose();
      return torch.zeros([2]);
    });
    expect(live()).toBe(base + 1);
    out.dispose();
    expect(live()).toBe(base);
  });
});

describe('dispose, using, and what they release', () => {
  it('dispose() releases now; later use is ERR_DISPOSED', () => {
    const base = live();
    const bytes = torch.memory().liveBytes;
    const t = torch.zeros([1000]);
    expect(live()).toBe(base + 1);
    expect(torch.memory().liveBytes).toBe(bytes + 4000);
    t.dispose();
    expect(live()).toBe(base);
    expect(torch.memory().liveBytes).toBe(bytes);
    expect(t.isDisposed).toBe(true);
    expectError(() => t.add(1), { class: 'TorchError', code: 'ERR_DISPOSED', message: disposedMessage('add') });
    expectError(() => t.toArray(), { class: 'TorchError', code: 'ERR_DISPOSED', message: disposedMessage('toArray', 'shape', 'data') });
  });

  it('using disposes at the end of the block', () => {
    const base = live();
    let seen!: Tensor;
    {
      using t = torch.ones([4]);
      seen = t;
      expect(live()).toBe(base + 1);
      expect(torch.tidy(() => t.sum().item())).toBe(4);
    }
    expect(seen.isDisposed).toBe(true);
    expect(live()).toBe(base);
  });

  it('using disposes when the block throws or returns early', () => {
    const base = live();
    let seen!: Tensor;
    const early = (): number => {
      using t = torch.ones([2]);
      seen = t;
      return 1;
    };
    expect(early()).toBe(1);
    expect(seen.isDisposed).toBe(true);
    expect(() => {
      using t = torch.ones([2]);
      seen = t;
      throw new Error('inside');
    }).toThrow('inside');
    expect(seen.isDisposed).toBe(true);
    expect(live()).toBe(base);
  });

  it('using inside tidy, and tidy after using: each tensor is released once', () => {
    const base = live();
    const out = torch.tidy(() => {
      using a = torch.ones([2]);
      return a.add(1);
    });
    expect(out.toArray()).toEqual([2, 2]);
    expect(live()).toBe(base + 1);
    out.dispose();
    expect(live()).toBe(base);
  });

  it('to() with nothing to change returns the tensor itself, without a new handle', () => {
    const base = live();
    const x = torch.ones([2]);
    expect(x.to('float32')).toBe(x);
    expect(x.to({ device: 'cpu' })).toBe(x);
    expect(x.float()).toBe(x);
    expect(live()).toBe(base + 1);
    const copy = x.to({ dtype: 'float32', copy: true });
    expect(copy).not.toBe(x);
    expect(live()).toBe(base + 2);
    copy.dispose();
    x.dispose();
    expect(live()).toBe(base);
  });

  it('reading .grad gives a new handle each time, released by tidy', () => {
    const w = torch.ones([3], { requiresGrad: true });
    w.mul(2).sum().backward();
    const base = live();
    torch.tidy(() => {
      for (let i = 0; i < 10; i++) expect(w.grad!.toArray()).toEqual([2, 2, 2]);
    });
    expect(live()).toBe(base);
    w.dispose();
  });

  it('liveTensors returns to the baseline after a mixed workload', () => {
    const base = live();
    const bytes = torch.memory().liveBytes;
    torch.tidy(() => {
      const x = torch.randn([8, 4], { requiresGrad: true });
      const y = x.index(':', '1:').relu().softmax(1);
      const parts = y.split(1, 1);
      const z = torch.cat(parts, 1).mul(torch.ones([3])).sum();
      z.backward();
      torch.noGrad(() => x.sub_(x.grad!, 0.1));
      torch.noGrad(() => x.detach().indexPut_([0, 0], 5));
      F.crossEntropy(x, torch.randint(0, 4, [8])).item();
      x.max(1);
      x.toString();
    });
    expect(live()).toBe(base);
    expect(torch.memory().liveBytes).toBe(bytes);
  });
});

describe('garbage collection releases tensors that escaped every scope', () => {
  it('has global.gc (vitest.config.ts passes --expose-gc)', () => {
    expect(typeof gc).toBe('function');
  });

  it('unreferenced unscoped tensors are released', async () => {
    const base = await settledLive();
    const bytes = torch.memory().liveBytes;
    (() => {
      for (let i = 0; i < 500; i++) torch.ones([256]);
    })();
    expect(live()).toBe(base + 500);
    await collectUntil(() => live() === base);
    expect(live()).toBe(base);
    expect(torch.memory().liveBytes).toBe(bytes);
  });

  it('kept tensors, once unreferenced, are released too; referenced ones stay usable', async () => {
    const base = await settledLive();
    const held = torch.full([3], 2);
    (() => {
      torch.tidy(() => {
        for (let i = 0; i < 100; i++) torch.keep(torch.ones([16]));
      });
    })();
    expect(live()).toBe(base + 101);
    await collectUntil(() => live() === base + 1);
    expect(live()).toBe(base + 1);
    expect(torch.tidy(() => held.sum().item())).toBe(6);
    held.dispose();
  });

  it('collecting a tensor that was disposed does not release the tensor now in its slot', async () => {
    // Finalizers are registered without an unregister token (lib/tensor/scope.ts), so a disposed
    // tensor's finalizer still runs with its old handle. The slot has been reused by then; the
    // handle's generation must keep that finalizer from releasing the new tensor.
    const base = await settledLive();
    // The old tensors are unreachable once this function returns, so they can be collected.
    (() => {
      const old: Tensor[] = [];
      for (let i = 0; i < 200; i++) old.push(torch.ones([4]));
      for (const t of old) t.dispose();
    })();
    const reused = Array.from({ length: 200 }, (_, i) => torch.full([4], i));
    await settledLive();
    expect(live()).toBe(base + 200);
    expect(reused.every((t) => !t.isDisposed)).toBe(true);
    expect(torch.tidy(() => reused.map((t) => t.sum().item()))).toEqual(reused.map((_, i) => 4 * i));
    for (const t of reused) t.dispose();
    expect(live()).toBe(base);
  });
});

describe('memory safety of zero-copy tensors', () => {
  let distUrl: string;
  beforeAll(() => {
    distUrl = ensureDist();
  });

  it('a torch.from() tensor whose ArrayBuffer is transferred away does not crash the process', () => {
    // The tensor borrows the TypedArray's memory and holds a reference to its ArrayBuffer object, but
    // transferring (detaching) the buffer moves the memory to a new owner; once that owner is
    // collected, the tensor points at freed memory. Acceptable outcomes: the data stays valid (a
    // copy, or the memory kept alive), or using the tensor throws a TorchError. A crash is not.
    // Run in a child process, so that a crash fails this test instead of killing the test run.
    const script = `
      const { torch, TorchError } = await import(${JSON.stringify(distUrl)});
      let a = new Float32Array(1 << 22).fill(1);
      const t = torch.from(a);
      let moved = structuredClone(a.buffer, { transfer: [a.buffer] });
      moved = null; a = null;
      for (let i = 0; i < 5; i++) globalThis.gc();
      await new Promise((r) => setTimeout(r, 50));
      for (let i = 0; i < 5; i++) globalThis.gc();
      try { console.log('sum', t.sum().item()); }
      catch (e) { console.log(e instanceof TorchError ? 'TorchError ' + e.code : 'other ' + e); }
    `;
    const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect({ status: r.status, signal: r.signal, stderr: r.stderr.split('\n').filter((l) => !l.startsWith('[W')).join('\n').trim() })
      .toEqual({ status: 0, signal: null, stderr: '' });
    expect(r.stdout.trim()).toMatch(/^(sum 4194304|TorchError ERR_\w+)$/);
  });
});

describe('a long training loop keeps a flat memory profile', () => {
  it('20,000 steps of a small MLP: liveTensors back to the baseline exactly, RSS growth bounded', () => {
    // x[32,64] @ w1[64,64] -> relu -> @ w2[64,10] -> cross entropy -> backward -> SGD under noGrad.
    // Each step makes ~25 handles (activations, loss, two .grad reads) and ~60 KiB of tensors,
    // all inside tidy.
    //
    // RSS bound: 64 MiB, measured from step 1,000 on, when allocator caches, V8's heap and libtorch's
    // lazily initialised state have warmed up. A leak of one 32x64 float32 activation per step
    // (8 KiB) would add 148 MiB over the remaining 19,000 steps, so the bound catches any per-step
    // tensor leak of that size, while leaving room for V8 heap growth and malloc fragmentation,
    // which stay well under it (a few MiB here). Leaks of handles too small for RSS to show are
    // caught exactly by liveTensors, checked every 1,000 steps.
    // One intra-op thread: these ops are far too small to gain from more, and when other test files
    // run libtorch in parallel processes, OpenMP threads spin-waiting for a core they share made this
    // loop 50x slower (93 s instead of 1.9 s for two such processes on two cores).
    const threads = torch.getNumThreads();
    torch.setNumThreads(1);
    torch.manualSeed(0);
    const x = torch.randn([32, 64]);
    const y = torch.randint(0, 10, [32]);
    const w1 = torch.randn([64, 64]).mul(0.125).requiresGrad_();
    const w2 = torch.randn([64, 10]).mul(0.125).requiresGrad_();
    const lr = 0.05;
    const step = (): number => torch.tidy(() => {
      const logits = x.matmul(w1).relu().matmul(w2);
      const loss = F.crossEntropy(logits, y);
      loss.backward();
      torch.noGrad(() => {
        w1.sub_(w1.grad!, lr);
        w2.sub_(w2.grad!, lr);
      });
      w1.grad = null;
      w2.grad = null;
      return loss.item();
    });

    const base = live();
    const baseBytes = torch.memory().liveBytes;
    const started = performance.now();
    const first = step();
    for (let i = 1; i < 1000; i++) step();
    gc?.();
    const rssWarm = process.memoryUsage().rss;
    let last = first;
    const counts: number[] = [];
    for (let i = 1000; i < 20_000; i++) {
      last = step();
      if (i % 1000 === 999) counts.push(live() - base);
    }
    gc?.();
    const growth = process.memoryUsage().rss - rssWarm;
    const seconds = (performance.now() - started) / 1000;
    console.info(`20,000 MLP steps in ${seconds.toFixed(1)} s; RSS growth after warm-up ${(growth / 2 ** 20).toFixed(1)} MiB; loss ${first.toFixed(3)} -> ${last.toFixed(3)}`);

    expect(counts).toEqual(counts.map(() => 0));
    expect(live()).toBe(base);
    expect(torch.memory().liveBytes).toBe(baseBytes);
    expect(growth).toBeLessThan(64 * 2 ** 20);
    expect(last).toBeLessThan(first); // it trained: the updates reached the weights
    for (const t of [x, y, w1, w2]) t.dispose();
    torch.setNumThreads(threads);
  }, 120_000);
});

describe('torch.cpu memory caching', () => {
  const MiB = 2 ** 20;
  const rss = () => process.memoryUsage().rss;
  // 64 MiB of touched pages, then freed; the RSS right after says whether the process kept them.
  const keptAfterFree = () => {
    const before = rss();
    torch.ones([16 * MiB]).dispose();
    return (rss() - before) / MiB;
  };

  it('off (the default), freed tensor memory goes back to the system; on, it stays until emptyCache()', () => {
    expect(torch.cpu.isMemoryCaching()).toBe(false);
    expect(keptAfterFree()).toBeLessThan(16);
    try {
      torch.cpu.setMemoryCaching(true);
      expect(torch.cpu.isMemoryCaching()).toBe(true);
      const before = rss();
      torch.ones([16 * MiB]).dispose();
      expect((rss() - before) / MiB).toBeGreaterThan(48);
      torch.cpu.emptyCache();
      expect((rss() - before) / MiB).toBeLessThan(16);
    } finally {
      torch.cpu.setMemoryCaching(false);
    }
    expect(torch.cpu.isMemoryCaching()).toBe(false);
    expect(keptAfterFree()).toBeLessThan(16);
  });

  it('rejects a non-boolean', () => {
    expect(() => torch.cpu.setMemoryCaching(1 as never)).toThrow(/^torch\.cpu\.setMemoryCaching\(\): expected enabled to be a boolean, but received 1 of type number$/);
    expect(torch.cpu.isMemoryCaching()).toBe(false);
  });
});
