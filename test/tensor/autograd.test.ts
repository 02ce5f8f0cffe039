// Differential tests: autograd behaviour (backward with a gradient, retainGraph, accumulation,
// retainGrad, torch.autograd.grad with createGraph/allowUnused, grad mode, detach, requiresGrad_,
// isLeaf, gradFn names) against Python torch running the same steps.
//
// Comparison is exact (tolerance 0): the same graph runs the same backward kernels on both sides.
// Flags (requires_grad, is_leaf, "is None") are compared as bool tensors built from the Python and
// JS values; gradFn names are compared as strings with Python's type(t.grad_fn).__name__.
//
// The last block checks autograd misuse (backward twice, integer tensors, the grad setter).
// Bad input follows the rules in docs/architecture.md, "Testing".
import { describe, expect, it } from 'vitest';
import { type Tensor, nn, torch } from '../../lib/index.js';
import { any, expectTorchError, expectTypeError } from '../helpers/errors.js';
import { type DiffCase, input, runDiff } from '../helpers/reference.js';
import { pythonEval } from '../helpers/python.js';

const F = nn.functional;
const x = input([3, 4], { seed: 61, requiresGrad: true });
const w = input([4, 2], { seed: 62, requiresGrad: true });
const gy = input([3, 4], { seed: 63 });
const gz = input([3, 2], { seed: 64 });
const ints = input([3, 4], { dtype: 'int64', lo: 0, hi: 5, seed: 65 });
const plain = input([3, 4], { seed: 66 });
const flags = (...b: boolean[]) => torch.tensor(b);

const cases: DiffCase[] = [
  // ---- backward
  { name: 'backward with a gradient on a non-scalar output', expr: 'x.grad', inputs: { x, g: gy }, setup: 'y = x.exp() * x; y.backward(g)',
    js: ({ x, g }) => { x.exp().mul(x).backward(g); return x.grad!; } },
  { name: 'backward with a gradient through matmul', expr: '(x.grad, w.grad)', inputs: { x, w, g: gz }, setup: 'z = x.matmul(w).tanh(); z.backward(g)',
    js: ({ x, w, g }) => { x.matmul(w).tanh().backward(g); return [x.grad!, w.grad!]; } },
  { name: 'backward of a non-scalar without a gradient raises', expr: 'x.grad', inputs: { x }, setup: '(x * 2).backward()', throws: true,
    js: ({ x }) => { x.mul(2).backward(); return x; } },
  { name: 'backward with a gradient of the wrong shape raises', expr: 'x.grad', inputs: { x, g: gz }, setup: '(x * 2).backward(g)', throws: true,
    js: ({ x, g }) => { x.mul(2).backward(g); return x; } },
  { name: 'retainGraph: a second backward works and accumulates', expr: 'x.grad', inputs: { x },
    setup: 'y = (x * x).sin().sum(); y.backward(retain_graph=True); y.backward()',
    js: ({ x }) => { const y = x.mul(x).sin().sum(); y.backward(null, { retainGraph: true }); y.backward(); return x.grad!; } },
  { name: 'without retainGraph a second backward raises', expr: 'x.grad', inputs: { x }, setup: 'y = (x * x).sin().sum(); y.backward(); y.backward()', throws: true,
    js: ({ x }) => { const y = x.mul(x).sin().sum(); y.backward(); y.backward(); return x; } },
  { name: 'grads accumulate across two backward calls', expr: 'x.grad', inputs: { x }, setup: '(x * x).sum().backward(); (x.exp()).sum().backward()',
    js: ({ x }) => { x.mul(x).sum().backward(); x.exp().sum().backward(); return x.grad!; } },
  { name: 'setting grad to null resets accumulation', expr: 'x.grad', inputs: { x }, setup: '(x * x).sum().backward(); x.grad = None; (x * 3).sum().backward()',
    js: ({ x }) => { x.mul(x).sum().backward(); x.grad = null; x.mul(3).sum().backward(); return x.grad!; } },
  { name: 'backward inputs= restricts accumulation', expr: '(x.grad, torch.tensor([w.grad is None]))', inputs: { x, w }, setup: 'x.matmul(w).sum().backward(inputs=[x])',
    js: ({ x, w }) => { x.matmul(w).sum().backward(null, { inputs: [x] }); return [x.grad!, flags(w.grad === null)]; } },
  { name: 'backward createGraph gives a differentiable grad', expr: '(g1, x.grad)', inputs: { x },
    setup: '(x ** 3).sum().backward(create_graph=True); g1 = x.grad.clone(); x.grad = None; g1.sum().backward()',
    js: ({ x }) => {
      x.pow(3).sum().backward(null, { createGraph: true });
      const g1 = x.grad!.clone();
      x.grad = null;
      g1.sum().backward();
      return [g1, x.grad!];
    } },
  { name: 'retainGrad keeps a non-leaf grad', expr: '(y.grad, x.grad)', inputs: { x }, setup: 'y = x * 2; y.retain_grad(); (y * y).sum().backward()',
    js: ({ x }) => { const y = x.mul(2).retainGrad(); y.mul(y).sum().backward(); return [y.grad!, x.grad!]; } },

  // ---- torch.autograd.grad
  { name: 'autograd.grad of a scalar', expr: 'torch.autograd.grad((x.sin() * x).sum(), x)', inputs: { x }, js: ({ x }) => torch.autograd.grad(x.sin().mul(x).sum(), x) as Tensor[] },
  { name: 'autograd.grad several inputs, leaves .grad alone', expr: '(*torch.autograd.grad(x.matmul(w).sum(), [x, w]), torch.tensor([x.grad is None, w.grad is None]))',
    inputs: { x, w },
    js: ({ x, w }) => [...torch.autograd.grad(x.matmul(w).sum(), [x, w]) as Tensor[], flags(x.grad === null, w.grad === null)] },
  { name: 'autograd.grad gradOutputs', expr: 'torch.autograd.grad(x.matmul(w), [w], grad_outputs=[g])', inputs: { x, w, g: gz },
    js: ({ x, w, g }) => torch.autograd.grad(x.matmul(w), [w], { gradOutputs: [g] }) as Tensor[] },
  { name: 'autograd.grad createGraph: second derivative', expr: '(g1, g2)', inputs: { x },
    setup: 'g1, = torch.autograd.grad((x ** 3).sum(), x, create_graph=True); g2, = torch.autograd.grad(g1.sum(), x)',
    js: ({ x }) => {
      const [g1] = torch.autograd.grad(x.pow(3).sum(), x, { createGraph: true });
      const [g2] = torch.autograd.grad(g1!.sum(), x);
      return [g1!, g2!];
    } },
  { name: 'autograd.grad createGraph through tanh: second derivative', expr: '(g1, g2)', inputs: { x },
    setup: 'g1, = torch.autograd.grad(x.tanh().sum(), x, create_graph=True); g2, = torch.autograd.grad((g1 * g1).sum(), x)',
    js: ({ x }) => {
      const [g1] = torch.autograd.grad(x.tanh().sum(), x, { createGraph: true });
      const [g2] = torch.autograd.grad(g1!.mul(g1!).sum(), x);
      return [g1!, g2!];
    } },
  { name: 'autograd.grad allowUnused gives null', expr: '(r[0], torch.tensor([r[1] is None]))', inputs: { x, w }, setup: 'r = torch.autograd.grad((x * 2).sum(), [x, w], allow_unused=True)',
    js: ({ x, w }) => {
      const r = torch.autograd.grad(x.mul(2).sum(), [x, w], { allowUnused: true });
      return [r[0]!, flags(r[1] === null)];
    } },
  { name: 'autograd.grad unused input without allowUnused raises', expr: 'torch.autograd.grad((x * 2).sum(), [x, w])', inputs: { x, w }, throws: true,
    js: ({ x, w }) => torch.autograd.grad(x.mul(2).sum(), [x, w]) as Tensor[] },
  { name: 'autograd.grad retainGraph', expr: '(a, b)', inputs: { x }, setup: 'y = x.exp().sum(); a, = torch.autograd.grad(y, x, retain_graph=True); b, = torch.autograd.grad(y, x)',
    js: ({ x }) => {
      const y = x.exp().sum();
      const [a] = torch.autograd.grad(y, x, { retainGraph: true });
      const [b] = torch.autograd.grad(y, x);
      return [a!, b!];
    } },
  { name: 'autograd.grad twice without retainGraph raises', expr: 'torch.autograd.grad(y, x)', inputs: { x }, setup: 'y = x.exp().sum(); torch.autograd.grad(y, x)', throws: true,
    js: ({ x }) => { const y = x.exp().sum(); torch.autograd.grad(y, x); return torch.autograd.grad(y, x) as Tensor[]; } },

  // ---- grad mode, detach, requiresGrad_, isLeaf
  { name: 'noGrad: results do not require grad', expr: 'torch.tensor([a.requires_grad, b.requires_grad, c.requires_grad, torch.is_grad_enabled()])', inputs: { x },
    setup: 'with torch.no_grad():\n    a = x * 2\n    b = x.sum()\n    with torch.enable_grad():\n        c = x * 3',
    js: ({ x }) => {
      const [a, b, c] = torch.noGrad(() => [x.mul(2), x.sum(), torch.enableGrad(() => x.mul(3))]);
      return flags(a.requiresGrad, b.requiresGrad, c.requiresGrad, torch.isGradEnabled());
    } },
  { name: 'noGrad: values are the same, in-place on a leaf allowed', expr: '(a, x)', inputs: { x }, setup: 'with torch.no_grad():\n    a = x * 2\n    x.add_(1)',
    js: ({ x }) => torch.noGrad(() => { const a = x.mul(2); x.add_(1); return [a, x]; }) },
  { name: 'in-place on a leaf that requires grad raises outside noGrad', expr: 'x.add_(1)', inputs: { x }, throws: true, js: ({ x }) => x.add_(1) },
  { name: 'detach: no grad, same storage', expr: '(x, torch.tensor([d.requires_grad, d.is_leaf]))', inputs: { x }, setup: 'd = x.detach(); d.mul_(2)',
    js: ({ x }) => { const d = x.detach(); d.mul_(2); return [x, flags(d.requiresGrad, d.isLeaf)]; } },
  { name: 'detach cuts the graph', expr: 'x.grad', inputs: { x }, setup: '(x * x.detach()).sum().backward()', js: ({ x }) => { x.mul(x.detach()).sum().backward(); return x.grad!; } },
  { name: 'requiresGrad_ on a float tensor', expr: '(x.grad, torch.tensor([p.requires_grad, p.is_leaf]))', inputs: { x: plain }, setup: 'p = x.requires_grad_(); (p * p).sum().backward()',
    js: ({ x }) => { const p = x.requiresGrad_(); p.mul(p).sum().backward(); return [x.grad!, flags(p.requiresGrad, p.isLeaf)]; } },
  { name: 'requiresGrad_ on an int tensor raises', expr: 'a.requires_grad_()', inputs: { a: ints }, throws: true, js: ({ a }) => a.requiresGrad_() },
  { name: 'requiresGrad_(false) on a leaf', expr: 'torch.tensor([x.requires_grad_(False).requires_grad, (x * 2).requires_grad])', inputs: { x },
    js: ({ x }) => flags(x.requiresGrad_(false).requiresGrad, x.mul(2).requiresGrad) },
  { name: 'isLeaf', expr: 'torch.tensor([x.is_leaf, (x * 2).is_leaf, x.detach().is_leaf, p.is_leaf, (p * 2).is_leaf, x.clone().is_leaf, x[0].is_leaf])',
    inputs: { x, p: plain },
    js: ({ x, p }) => flags(x.isLeaf, x.mul(2).isLeaf, x.detach().isLeaf, p.isLeaf, p.mul(2).isLeaf, x.clone().isLeaf,
      x.index(0).isLeaf) },
  { name: 'requiresGrad propagates', expr: 'torch.tensor([(x + p).requires_grad, (p * 2).requires_grad, x.detach().requires_grad, x.sum().requires_grad])',
    inputs: { x, p: plain },
    js: ({ x, p }) => flags(x.add(p).requiresGrad, p.mul(2).requiresGrad, x.detach().requiresGrad, x.sum().requiresGrad) },
];

describe('autograd matches PyTorch (exact)', () => {
  for (const [name, body] of runDiff(cases)) it(name, body);
});

// gradFn: PyTorch's type(t.grad_fn).__name__ for the same op (None for tensors without one).
const GRAD_FNS: [string, (t: Record<string, Tensor>) => Tensor][] = [
  ['x + w0', ({ x, w0 }) => x.add(w0)],
  ['x * 2', ({ x }) => x.mul(2)],
  ['x - x', ({ x }) => x.sub(x)],
  ['x / 3', ({ x }) => x.div(3)],
  ['-x', ({ x }) => x.neg()],
  ['x.exp()', ({ x }) => x.exp()],
  ['x ** 2', ({ x }) => x.pow(2)],
  ['x.sum()', ({ x }) => x.sum()],
  ['x.sum(0)', ({ x }) => x.sum(0)],
  ['x.mean()', ({ x }) => x.mean()],
  ['x.matmul(w)', ({ x, w }) => x.matmul(w)],
  ['x.mm(w)', ({ x, w }) => x.mm(w)],
  ['x.relu()', ({ x }) => x.relu()],
  ['x.sigmoid()', ({ x }) => x.sigmoid()],
  ['x.tanh()', ({ x }) => x.tanh()],
  ['x.view(-1)', ({ x }) => x.view(-1)],
  ['x.reshape(4, 3)', ({ x }) => x.reshape(4, 3)],
  ['x.t().reshape(-1)', ({ x }) => x.t().reshape(-1)],
  ['x.transpose(0, 1)', ({ x }) => x.transpose(0, 1)],
  ['x.permute(1, 0)', ({ x }) => x.permute(1, 0)],
  ['x.unsqueeze(0)', ({ x }) => x.unsqueeze(0)],
  ['x[None].squeeze(0)', ({ x }) => x.unsqueeze(0).squeeze(0)],
  ['x.expand(2, 3, 4)', ({ x }) => x.expand(2, 3, 4)],
  ['x[0]', ({ x }) => x.index(0)],
  ['x[:, 1:]', ({ x }) => x.index(':', '1:')],
  ['x[x > 0]', ({ x }) => x.index(x.gt(0))],
  ['x[[0, 2]]', ({ x }) => x.index([0, 2])],
  ['x.softmax(1)', ({ x }) => x.softmax(1)],
  ['x.log_softmax(1)', ({ x }) => x.logSoftmax(1)],
  ['torch.cat([x, x])', ({ x }) => torch.cat([x, x])],
  ['torch.stack([x, x])', ({ x }) => torch.stack([x, x])],
  ['x.clone()', ({ x }) => x.clone()],
  ['x.double()', ({ x }) => x.double()],
  ['x.max(1)[0]', ({ x }) => x.max(1).values],
  ['x.max()', ({ x }) => x.max()],
  ['x.sort()[0]', ({ x }) => x.sort().values],
  ['x.topk(2)[0]', ({ x }) => x.topk(2).values],
  ['x.cumsum(0)', ({ x }) => x.cumsum(0)],
  ['x.gather(1, torch.zeros(3, 1, dtype=torch.long))', ({ x }) => x.gather(1, torch.zeros([3, 1], { dtype: 'int64' }))],
  ['torch.where(x > 0, x, w0)', ({ x, w0 }) => torch.where(x.gt(0), x, w0)],
  ['x.masked_fill(x > 0, 0.5)', ({ x }) => x.maskedFill(x.gt(0), 0.5)],
  ['F.linear(x, w.t())', ({ x, w }) => F.linear(x, w.t())],
  ['F.linear(x, w.t(), w0[0, :2])', ({ x, w, w0 }) => F.linear(x, w.t(), w0.index(0, ':2'))],
  ['F.mse_loss(x, w0)', ({ x, w0 }) => F.mseLoss(x, w0)],
  ['F.cross_entropy(x, torch.tensor([0, 3, 1]))', ({ x }) => F.crossEntropy(x, torch.tensor([0, 3, 1]))],
  ['F.conv2d(x[None, None], w0[None, None, :2, :2])', ({ x, w0 }) => F.conv2d(x.unsqueeze(0).unsqueeze(0), w0.unsqueeze(0).unsqueeze(0).narrow(2, 0, 2).narrow(3, 0, 2))],
  ['x.norm()', ({ x }) => x.norm()],
  ['x.std()', ({ x }) => x.std()],
  ['F.dropout(x, 0.5)', ({ x }) => F.dropout(x, 0.5)],
  // In-place ops on a non-leaf: the node of the in-place op, and CopySlices for a write into a view.
  ['y_mul_', ({ x }) => x.clone().mul_(2)],
  ['y_setitem_slice', ({ x }) => x.clone().indexPut_([0, '1:'], 5)],
  ['y_setitem_mask', ({ x }) => x.clone().indexPut_([x.gt(0)], 5)],
  ['y_view_add_', ({ x }) => { const y = x.clone(); y.index(0).add_(1); return y; }],
  ['p * 2', ({ p }) => p.mul(2)],
  ['x', ({ x }) => x],
  ['x.detach()', ({ x }) => x.detach()],
];

describe('gradFn names match type(t.grad_fn).__name__', () => {
  const setup = [
    'x = torch.randn(3, 4, requires_grad=True)', 'w = torch.randn(4, 2, requires_grad=True)', 'w0 = torch.randn(3, 4, requires_grad=True)',
    'p = torch.randn(3, 4)',
    'y_mul_ = x.clone(); y_mul_.mul_(2)',
    'y_setitem_slice = x.clone(); y_setitem_slice[0, 1:] = 5.0',
    'y_setitem_mask = x.clone(); y_setitem_mask[x > 0] = 5.0',
    'y_view_add_ = x.clone(); y_view_add_[0].add_(1)',
  ].join('\n');
  const names = pythonEval(GRAD_FNS.map(([e]) => `None if (${e}).grad_fn is None else type((${e}).grad_fn).__name__`), setup);
  GRAD_FNS.forEach(([expr, fn], i) => {
    it(expr, () => {
      torch.tidy(() => {
        const t = {
          x: torch.randn([3, 4], { requiresGrad: true }), w: torch.randn([4, 2], { requiresGrad: true }),
          w0: torch.randn([3, 4], { requiresGrad: true }), p: torch.randn([3, 4]),
        };
        expect(typeof names[i] === 'string' || names[i] === null, `Python: ${JSON.stringify(names[i])}`).toBe(true);
        expect(fn(t).gradFn).toBe(names[i]);
      });
    });
  });
});

describe('grad mode and .grad rules', () => {
  it('noGrad restores grad mode after a throw', () => {
    expect(torch.isGradEnabled()).toBe(true);
    expect(() => torch.noGrad(() => { throw new Error('boom'); })).toThrow('boom');
    expect(torch.isGradEnabled()).toBe(true);
  });

  it('enableGrad restores the disabled mode after a throw, and noGrad nests', () => {
    torch.noGrad(() => {
      expect(torch.isGradEnabled()).toBe(false);
      expect(() => torch.enableGrad(() => { expect(torch.isGradEnabled()).toBe(true); throw new Error('inner'); })).toThrow('inner');
      expect(torch.isGradEnabled()).toBe(false);
      torch.noGrad(() => expect(torch.isGradEnabled()).toBe(false));
      expect(torch.isGradEnabled()).toBe(false);
    });
    expect(torch.isGradEnabled()).toBe(true);
  });

  it('noGrad restores grad mode after a libtorch error', () => {
    const a = torch.ones([2, 3]);
    expect(() => torch.noGrad(() => a.add(torch.ones([4])))).toThrow();
    expect(torch.isGradEnabled()).toBe(true);
  });

  it('noGrad returns the value of fn', () => {
    expect(torch.noGrad(() => 42)).toBe(42);
  });

  it('setGradEnabled toggles the mode', () => {
    torch.setGradEnabled(false);
    try {
      const x = torch.ones([2], { requiresGrad: true });
      expect(x.mul(2).requiresGrad).toBe(false);
    } finally {
      torch.setGradEnabled(true);
    }
    expect(torch.isGradEnabled()).toBe(true);
  });

  // PyTorch: .grad of a non-leaf without retain_grad() is None (with a warning).
  it('.grad of a non-leaf without retainGrad is null, and of an unused leaf too', () => {
    const [pyNonLeaf, pyUnused] = pythonEval(['y.grad is None', 'u.grad is None'],
      'x = torch.ones(3, requires_grad=True)\nu = torch.ones(3, requires_grad=True)\ny = x * 2\n(y * y).sum().backward()');
    torch.tidy(() => {
      const x = torch.ones([3], { requiresGrad: true });
      const u = torch.ones([3], { requiresGrad: true });
      const y = x.mul(2);
      y.mul(y).sum().backward();
      expect(y.grad === null).toBe(pyNonLeaf);
      expect(u.grad === null).toBe(pyUnused);
      expect(x.grad).not.toBeNull();
    });
  });
});

describe('autograd misuse', () => {
  it('requiresGrad on an integer tensor', () => {
    expectTorchError(() => torch.ones([2], { dtype: 'int64' }).requiresGrad_(), 'requiresGrad_: Only Tensors of floating point and complex dtype can require gradients');
    expectTorchError(() => { torch.ones([2], { dtype: 'bool' }).requiresGrad = true; }, 'requiresGrad_: Only Tensors of floating point and complex dtype can require gradients');
  });

  it('backward on a non-scalar without a gradient, or with one of the wrong shape', () => {
    const x = torch.ones([2], { requiresGrad: true });
    expectTorchError(() => x.mul(2).backward(), 'backward: grad can be implicitly created only for scalar outputs');
    expectTorchError(() => x.mul(2).backward(torch.ones([3])), 'backward: invalid gradient at index 0 - got [3] but expected shape compatible with [2]');
    x.mul(2).backward(torch.ones([2]));
    expect(x.grad!.toArray()).toEqual([2, 2]);
  });

  it('backward twice without retainGraph; with it, gradients accumulate', () => {
    const x = torch.ones([2], { requiresGrad: true });
    const y = x.exp().sum();
    y.backward();
    expectTorchError(() => y.backward(),
      'backward: Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). ' +
      'Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify { retainGraph: true } if you need ' +
      'to backward through the graph a second time or if you need to access saved tensors after calling backward.');
    const z = x.exp().sum();
    z.backward(null, { retainGraph: true });
    z.backward();
    expect(x.grad!.toArray()).toEqual([3 * Math.fround(Math.E), 3 * Math.fround(Math.E)].map(Math.fround));
  });

  it('backward without anything that requires grad, and other graph errors', () => {
    expectTorchError(() => torch.ones([2]).sum().backward(), 'backward: element 0 of tensors does not require grad and does not have a grad_fn');
    const x = torch.ones([2], { requiresGrad: true });
    expectTorchError(() => x.sum().backward(null, { inputs: [] }), "backward: 'inputs' argument to backward cannot be empty");
    expectTorchError(() => x.add_(1), /^add_: a leaf Variable that requires grad is being used in an in-place operation\.$/);
    expectTorchError(() => torch.ones([2]).retainGrad(), "retainGrad: can't retain_grad on Tensor that has requires_grad=False");
  });

  it('torch.autograd.grad errors name autograd.grad, the function called', () => {
    const x = torch.ones([2], { requiresGrad: true });
    const y = torch.ones([2], { requiresGrad: true });
    // They start with the name the user called, autograd.grad.
    expectTorchError(() => torch.autograd.grad(x.sum(), [y]), /^autograd\.grad: .*appears to not have been used in the graph/);
    expectTorchError(() => torch.autograd.grad(torch.ones([2]).sum(), [x]), /^autograd\.grad: element 0 of tensors does not require grad/);
  });

  // binding/tensor.cpp's setGrad assigns mutable_grad() without the checks PyTorch makes
  // (torch/csrc/autograd/python_variable.cpp, THPVariable_set_grad).
  it('the grad setter refuses a tensor as its own grad', () => {
    // Accepted today; backward() then accumulates the gradient into the tensor's own values.
    const x = torch.ones([2], { requiresGrad: true });
    expectTorchError(() => { x.grad = x; }, /^(?:grad|setGrad): .*its own grad/);
    x.grad = null;
    x.mul(2).sum().backward();
    expect(x.toArray()).toEqual([1, 1]);
  });

  it('the grad setter refuses a gradient of another shape', () => {
    // Accepted today; the next backward() fails with "The size of tensor a (5) must match ...".
    const x = torch.ones([2], { requiresGrad: true });
    // PyTorch 2.11: "attempting to assign a gradient of size '[5]' to a tensor of size '[2]'..."
    expectTorchError(() => { x.grad = torch.zeros([5]); }, /^(?:grad|setGrad): .*\bsize\b.*\[5\].*\[2\]/);
  });

  it('the grad setter refuses a gradient of another dtype, and a non-tensor', () => {
    const x = torch.ones([2], { requiresGrad: true });
    expectTypeError(() => { x.grad = any(5); }, 'grad(): expected grad to be a Tensor, but received 5 of type number');
    expectTorchError(() => { x.grad = torch.zeros([2], { dtype: 'int64' }); }, /^(?:grad|setGrad): .*\b(?:d?type)\b/);
  });

  it('an optional tensor argument left out means None (scaledDotProductAttention without a mask)', () => {
    // binding/nn.cpp passes a.optT(3), an undefined at::Tensor, where ATen takes std::optional<Tensor>:
    // the optional holds an undefined tensor instead of being empty, and ATen rejects its dtype.
    const q = torch.linspace(-1, 1, 16).reshape(1, 2, 8);
    const out = F.scaledDotProductAttention(q, q, q);
    expect(out.shape).toEqual([1, 2, 8]);
    const causal = F.scaledDotProductAttention(q, q, q, { isCausal: true });
    expect(causal.shape).toEqual([1, 2, 8]);
  });
});
