// float16 autocast on the CPU is far slower than float32: entering it warns once per process, with a
// code to filter it by. In a file of its own, so that no earlier test of this process has warned yet
// (vitest runs each file in its own process).
import { expect, it } from 'vitest';
import { amp, torch } from '../../lib/index.js';

it('entering float16 autocast on the CPU warns once per process (code TORCHTS_CPU_FLOAT16_AUTOCAST), pointing to bfloat16', async () => {
  const seen: (Error & { code?: string })[] = [];
  const listener = (w: Error) => seen.push(w);
  process.on('warning', listener);
  try {
    const x = torch.ones([2, 3]);
    // bfloat16 regions and disabled float16 regions say nothing.
    amp.autocast({ device: 'cpu', dtype: 'bfloat16' }, () => x.matmul(x.t()).dispose());
    amp.autocast({ device: 'cpu', dtype: 'float16', enabled: false }, () => x.matmul(x.t()).dispose());
    await new Promise((r) => setImmediate(r));
    expect(seen.filter((w) => w.code === 'TORCHTS_CPU_FLOAT16_AUTOCAST')).toEqual([]);
    for (let i = 0; i < 3; i++) amp.autocast({ device: 'cpu', dtype: 'float16' }, () => x.matmul(x.t()).dispose());
    // A '16-mixed' precision on the CPU enters the same region: no second warning.
    new amp.Precision('16-mixed').forward(() => x.matmul(x.t()).dispose());
    await new Promise((r) => setImmediate(r));
    x.dispose();
  } finally {
    process.off('warning', listener);
  }
  const ours = seen.filter((w) => w.code === 'TORCHTS_CPU_FLOAT16_AUTOCAST');
  expect(ours).toHaveLength(1);
  expect(ours[0].name).toBe('TorchtsWarning');
  expect(ours[0].message).toMatch(/^autocast\(\): float16 on the CPU is far slower than float32 .*Use bfloat16: .*precision: 'bf16-mixed'/);
});
