// libtorch's errors as a torchts user reads them: torchts' dtype names rather than C++ type names,
// no source locations of failed checks, torchts' option names rather than Python's keywords.
import { describe, expect, it } from 'vitest';
import { TorchError, nn, torch } from '../../lib/index.js';

function messageOf(fn: () => unknown): string {
  try {
    torch.tidy(fn);
  } catch (e) {
    expect(e).toBeInstanceOf(TorchError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('native error messages', () => {
  it('name dtypes as torchts does', () => {
    const mixed = messageOf(() => torch.ones([2, 3]).matmul(torch.ones([3, 2], { dtype: 'float16' })));
    expect(mixed).toBe('matmul: expected m1 and m2 to have the same dtype, but got: float32 != float16');
    const scalarType = messageOf(() => nn.functional.linear(torch.ones([2, 3], { dtype: 'bfloat16' }), torch.ones([4, 3], { dtype: 'float64' })));
    expect(scalarType).not.toMatch(/c10::|\b(Float|Double|Half|BFloat16)\b/);
    expect(scalarType).toMatch(/bfloat16|float64/);
  });

  it('drop the source location and condition of a failed check', () => {
    const oom = messageOf(() => torch.empty([1e12, 1e6]));
    expect(oom).toMatch(/^empty: DefaultCPUAllocator: can't allocate memory: you tried to allocate \d+ bytes/);
    expect(oom).not.toMatch(/enforce fail|alloc_cpu\.cpp/);
  });

  it("name { retainGraph: true }, not Python's retain_graph=True", () => {
    const x = torch.ones([3], { requiresGrad: true });
    const y = x.exp().sum();
    y.backward();
    const again = messageOf(() => y.backward());
    expect(again).toMatch(/^backward: Trying to backward through the graph a second time/);
    expect(again).toContain('Specify { retainGraph: true } if you need to backward through the graph a second time');
    expect(again).not.toContain('retain_graph');
  });
});
