// Disposed tensors: every use, as the tensor itself or as an argument, throws ERR_DISPOSED naming
// the operation; what still works on them; and backward through tensors disposed after the forward.
// Lifetimes themselves (tidy, keep, dispose, using, garbage collection) are test/memory.test.ts's.
// Bad input follows the rules in docs/architecture.md, "Testing".
import { describe, expect, it } from 'vitest';
import { type Tensor, nn, torch } from '../../lib/index.js';
import { disposedMessage, expectError, thrown } from '../helpers/errors.js';

const F = nn.functional;

describe('disposed tensors', () => {
  const make = () => {
    const d = torch.ones([2, 3], { requiresGrad: true });
    d.dispose();
    return d;
  };
  const live = () => torch.ones([2, 3]);
  // [what, the call, names the message may start with: the method, or the native op it reached first]
  const uses: [string, (d: Tensor) => unknown, string[]][] = [
    ['shape', (d) => d.shape, ['shape']],
    ['size()', (d) => d.size(), ['size', 'shape']],
    ['size(0)', (d) => d.size(0), ['size', 'shape']],
    ['dtype', (d) => d.dtype, ['dtype']],
    ['device', (d) => d.device, ['device']],
    ['ndim', (d) => d.ndim, ['ndim', 'dim']],
    ['dim()', (d) => d.dim(), ['dim']],
    ['numel()', (d) => d.numel(), ['numel']],
    ['stride()', (d) => d.stride(), ['stride', 'strides']],
    ['isContiguous()', (d) => d.isContiguous(), ['isContiguous']],
    ['isFloatingPoint()', (d) => d.isFloatingPoint(), ['isFloatingPoint', 'dtype']],
    ['requiresGrad', (d) => d.requiresGrad, ['requiresGrad']],
    ['requiresGrad = false', (d) => { d.requiresGrad = false; }, ['requiresGrad_']],
    ['requiresGrad_()', (d) => d.requiresGrad_(), ['requiresGrad_']],
    ['isLeaf', (d) => d.isLeaf, ['isLeaf']],
    ['gradFn', (d) => d.gradFn, ['gradFn']],
    ['grad', (d) => d.grad, ['grad']],
    ['grad = null', (d) => { d.grad = null; }, ['grad', 'setGrad']],
    ['retainGrad()', (d) => d.retainGrad(), ['retainGrad']],
    ['version', (d) => d.version, ['version']],
    ['item()', (d) => d.item(), ['item']],
    ['data()', (d) => d.data(), ['data']],
    ['toArray()', (d) => d.toArray(), ['toArray', 'shape', 'data']],
    ['to(float64)', (d) => d.to('float64'), ['to', 'dtype', 'device']],
    ['float()', (d) => d.float(), ['float', 'to', 'dtype', 'device']],
    ['clone()', (d) => d.clone(), ['clone']],
    ['detach()', (d) => d.detach(), ['detach']],
    ['detach_()', (d) => d.detach_(), ['detach_']],
    ['contiguous()', (d) => d.contiguous(), ['contiguous']],
    ['add(1)', (d) => d.add(1), ['add']],
    ['add(tensor)', (d) => d.add(live()), ['add']],
    ['add_(1)', (d) => d.add_(1), ['add_']],
    ['mul_(tensor)', (d) => d.mul_(live()), ['mul_']],
    ['neg()', (d) => d.neg(), ['neg']],
    ['exp_()', (d) => d.exp_(), ['exp_']],
    ['sum()', (d) => d.sum(), ['sum']],
    ['max(0)', (d) => d.max(0), ['max']],
    ['matmul', (d) => d.matmul(torch.ones([3, 2])), ['matmul']],
    ['reshape', (d) => d.reshape(6), ['reshape']],
    ['index(0)', (d) => d.index(0), ['index', 'select']],
    ['index()', (d) => d.index(), ['index', 'alias']],
    ['index(mask)', (d) => d.index(torch.tensor([true, false])), ['index']],
    ['indexPut_', (d) => d.indexPut_([0], 1), ['indexPut_', 'select', 'dtype']],
    ['fill_', (d) => d.fill_(1), ['fill_']],
    ['zero_', (d) => d.zero_(), ['zero_']],
    ['copy_', (d) => d.copy_(live()), ['copy_']],
    ['normal_', (d) => d.normal_(), ['normal_']],
    ['backward', (d) => d.backward(), ['backward']],
    ['topk', (d) => d.topk(1), ['topk']],
    ['split', (d) => d.split(1), ['split']],
  ];
  for (const [what, use, names] of uses) {
    it(`${what} throws ERR_DISPOSED naming the operation`, () => {
      expectError(() => use(make()), { class: 'TorchError', code: 'ERR_DISPOSED', message: disposedMessage(...names) });
    });
  }

  it('as an argument of another tensor\'s method or of a function', () => {
    const argUses: [string, (d: Tensor) => unknown, string[]][] = [
      ['other.add(d)', (d) => live().add(d), ['add']],
      ['other.copy_(d)', (d) => live().copy_(d), ['copy_']],
      ['other.where(d, 0)', (d) => live().where(d, 0), ['where']],
      ['other.index(d)', (d) => live().index(d), ['index', 'dtype']],
      ['torch.add(d, 1)', (d) => torch.add(d, 1), ['add']],
      ['torch.cat([live, d])', (d) => torch.cat([live(), d]), ['cat']],
      ['torch.stack([d])', (d) => torch.stack([d]), ['stack']],
      ['torch.where(mask, d, 0)', (d) => torch.where(torch.ones([2, 3], { dtype: 'bool' }), d, 0), ['where']],
      ['torch.zerosLike(d)', (d) => torch.zerosLike(d), ['zerosLike', 'shape', 'dtype']],
      ['F.relu(d)', (d) => F.relu(d), ['relu']],
      ['F.linear(x, d)', (d) => F.linear(torch.ones([4, 3]), d), ['linear']],
      ['F.mseLoss(live, d)', (d) => F.mseLoss(live(), d), ['mseLoss', 'device', 'shape', 'dtype']],
      ['x.backward(d)', (d) => torch.ones([2, 3], { requiresGrad: true }).mul(2).backward(d), ['backward']],
      ['x.grad = d', (d) => { torch.ones([2, 3], { requiresGrad: true }).grad = d; }, ['grad', 'setGrad']],
      ['autograd.grad(d, ...)', (d) => torch.autograd.grad(d, [torch.ones([1], { requiresGrad: true })]), ['grad', 'autograd\\.grad']],
    ];
    for (const [, use, names] of argUses) {
      expectError(() => use(make()), { class: 'TorchError', code: 'ERR_DISPOSED', message: disposedMessage(...names) });
    }
  });

  it('the message says what to do', () => {
    const e = thrown(() => make().sum()) as Error;
    expect(e.message).toBe('sum: tensor argument 1 has been disposed and cannot be used again. ' +
      'Keep tensors you still need with torch.keep(), or return them from torch.tidy().');
  });

  it('what still works on a disposed tensor: isDisposed, toString, dispose again, tidy returning it', () => {
    const d = make();
    expect(d.isDisposed).toBe(true);
    expect(d.toString()).toBe('tensor(<disposed>)');
    expect(() => d.dispose()).not.toThrow();
    expect(() => d[Symbol.dispose]()).not.toThrow();
    expect(torch.tidy(() => d)).toBe(d);
    const before = torch.memory().liveTensors;
    const t = torch.ones([2]);
    t.dispose();
    t.dispose();
    expect(torch.memory().liveTensors).toBe(before);
  });

  it('a stale handle never reaches the tensor that reuses its slot', () => {
    const d = torch.ones([2]);
    d.dispose();
    const fresh = torch.full([2], 7); // likely the same table slot, with the next generation
    expectError(() => d.add(1), { class: 'TorchError', code: 'ERR_DISPOSED', message: disposedMessage('add') });
    expect(fresh.toArray()).toEqual([7, 7]);
  });

  it('disposing inputs and intermediates does not break a later backward through them', () => {
    const x = torch.tensor([1, 2, 3], { dtype: 'float32', requiresGrad: true });
    const w = torch.tensor([0.5, -1, 2], { requiresGrad: true });
    const h = x.mul(w);
    const e = h.exp();
    const loss = e.sum();
    w.dispose();
    h.dispose();
    e.dispose();
    loss.backward();
    // d/dx sum(exp(x*w)) = w * exp(x*w)
    const expected = [0.5, -1, 2].map((wi, i) => Math.fround(wi * Math.fround(Math.exp(Math.fround((i + 1) * wi)))));
    const g = x.grad!.toArray() as number[];
    g.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 4));
  });

  it('disposing the leaf itself does not break backward for the others', () => {
    const a = torch.tensor([2.5], { requiresGrad: true });
    const b = torch.tensor([3.5], { requiresGrad: true });
    const y = a.mul(b);
    a.dispose();
    y.backward();
    expect(b.grad!.item()).toBe(2.5);
  });
});
