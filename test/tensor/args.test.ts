// Argument checks (lib/tensor/args.ts for shapes and dims, and the checks of every operation's
// tensor, scalar and option arguments): each bad argument is refused with an error naming it.
// Bad input follows the rules in docs/architecture.md, "Testing".
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Trainer, nn, torch } from '../../lib/index.js';
import { MAX_DIMS } from '../../lib/tensor/args.js';
import { ensureDist } from '../helpers/dist.js';
import { any, expectRangeError, expectTorchError, expectTypeError } from '../helpers/errors.js';

const F = nn.functional;

describe('shape and dims arguments', () => {
  // One check serves every shape-taking entry (lib/tensor/args.ts): the same words, the element named.
  it('name the bad element of a shape, whichever function takes it', () => {
    expectRangeError(() => torch.zeros([-1]), 'zeros(): expected shape[0] to be a non-negative integer, but received -1 of type number');
    expectTypeError(() => torch.tensor(new Float32Array(1), { shape: [NaN] }), 'tensor(): expected shape[0] to be a non-negative integer, but received NaN of type number');
    expectRangeError(() => torch.from(new Float32Array(1), [1, 2 ** 63]),
      'from(): expected shape[1] to be a non-negative integer below 2^63 (an int64), but received 9223372036854776000 of type number');
    expectTypeError(() => torch.ones([2]).reshape([2, any('1')]), "reshape(): expected shape[1] to be an integer, but received '1' of type string");
    expectTypeError(() => torch.ones([2]).expand(any([2, null])), 'expand(): expected shape[1] to be an integer, but received null');
    expectTypeError(() => torch.ones([2, 2]).permute(0, 1.5), 'permute(): expected dims[1] to be an integer, but received 1.5 of type number');
    expectTypeError(() => torch.ones([2]).sum([0, any(undefined)]), 'sum(): expected dim[1] to be an integer, but received undefined');
    expectTypeError(() => torch.ones([2]).flip([any('0')]), "flip(): expected dims[0] to be an integer, but received '0' of type string");
    expectRangeError(() => torch.broadcastShapes([2], [3, -1]), 'broadcastShapes(): expected shapes[1][1] to be a non-negative integer, but received -1 of type number');
    // A -1 where libtorch gives it a meaning (infer, keep) is left to libtorch.
    expect(torch.ones([2, 3]).reshape(-1).shape).toEqual([6]);
    expect(torch.ones([1, 3]).expand(2, -1).shape).toEqual([2, 3]);
  });

  const rank = (n: number) => Array<number>(n).fill(1);
  const tooMany = (op: string, name: string, n: number, what = 'sizes') =>
    `${op}(): expected ${name} to be an array of at most 64 ${what} (a tensor has at most 64 dimensions), but received an array of length ${n}`;

  it(`refuse more than ${MAX_DIMS} dimensions at every entry that takes a shape`, () => {
    expect(MAX_DIMS).toBe(64);
    expect(torch.zeros(rank(64)).ndim).toBe(64);
    expect(torch.ones([1]).reshape(rank(64)).ndim).toBe(64);
    const t = torch.ones([1]);
    const cases: [string, (s: number[]) => unknown, string, string?][] = [
      ['zeros', (s) => torch.zeros(s), 'shape'],
      ['ones', (s) => torch.ones(s), 'shape'],
      ['empty', (s) => torch.empty(s), 'shape'],
      ['full', (s) => torch.full(s, 1), 'shape'],
      ['rand', (s) => torch.rand(s), 'shape'],
      ['randn', (s) => torch.randn(s), 'shape'],
      ['randint', (s) => torch.randint(0, 2, s), 'shape'],
      ['tensor', (s) => torch.tensor(new Float32Array(1), { shape: s }), 'shape'],
      ['from', (s) => torch.from(new Float32Array(1), s), 'shape'],
      ['broadcastShapes', (s) => torch.broadcastShapes(s), 'shapes[0]'],
      ['reshape', (s) => t.reshape(s), 'shape', 'integers'],
      ['view', (s) => t.view(s), 'shape', 'integers'],
      ['expand', (s) => t.expand(s), 'shape', 'integers'],
      ['broadcastTo', (s) => t.broadcastTo(s), 'shape', 'integers'],
      ['repeat', (s) => t.repeat(s), 'repeats', 'integers'],
      ['tile', (s) => t.tile(s), 'dims', 'integers'],
      ['permute', (s) => t.permute(s), 'dims', 'integers'],
      ['unflatten', (s) => t.unflatten(0, s), 'sizes', 'integers'],
      ['split', (s) => t.split(s), 'sizes', 'integers'],
      ['sum', (s) => t.sum(s), 'dim', 'integers'],
      ['amax', (s) => t.amax(s), 'dim', 'integers'],
      ['Unflatten', (s) => new nn.Unflatten(0, s), 'sizes', 'integers'],
    ];
    for (const [op, call, name, what] of cases) {
      expectRangeError(() => call(rank(65)), tooMany(op, name, 65, what));
      // The audit's case: a million dimensions was accepted, and sum() over it then ran for minutes.
      expectRangeError(() => call(rank(1_000_000)), tooMany(op, name, 1_000_000, what));
    }
    expectTypeError(() => new nn.LayerNorm(rank(65)),
      'LayerNorm(): expected normalizedShape to be a positive integer or an array of at most 64 of them, but received an array of length 65');
  });

  it('refuse nested data deeper than a tensor may be, before walking it', () => {
    let deep: unknown = [1];
    for (let i = 1; i < 64; i++) deep = [deep];
    expect(torch.tensor(any(deep)).ndim).toBe(64);
    expectRangeError(() => torch.tensor(any([deep])),
      'tensor(): expected data to be nested arrays at most 64 deep (a tensor has at most 64 dimensions), but received an array of length 1');
    let deeper: unknown = [1];
    for (let i = 0; i < 100_000; i++) deeper = [deeper]; // deep enough to overflow the stack of a recursive walk
    expectRangeError(() => torch.tensor(any(deeper)), /^tensor\(\): expected data to be nested arrays at most 64 deep/);
  });

  it('check the length of a sparse array before reading it (in a child process with a 20 s limit)', () => {
    // new Array(2 ** 32 - 1) costs nothing, but every() or a loop over it blocked the process for 70-80 s.
    const distUrl = ensureDist();
    const script = `
      const { torch, nn } = await import(${JSON.stringify(distUrl)});
      const huge = new Array(2 ** 32 - 1);
      const t = torch.ones([1]);
      const calls = {
        zeros: () => torch.zeros(huge), tensor: () => torch.tensor(new Float32Array(1), { shape: huge }), reshape: () => t.reshape(huge),
        permute: () => t.permute(huge), sum: () => t.sum(huge), flip: () => t.flip(huge), broadcastShapes: () => torch.broadcastShapes(huge),
        LayerNorm: () => new nn.LayerNorm(huge),
      };
      for (const [name, call] of Object.entries(calls)) {
        try { call(); console.log(name, 'returned'); } catch (e) { console.log(name, e.constructor.name, e.message.slice(0, 60)); }
      }
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect({ signal: r.signal, status: r.status, stderr: r.stderr }).toEqual({ signal: null, status: 0, stderr: '' });
    const lines = r.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(
      ['zeros RangeError', 'tensor RangeError', 'reshape RangeError', 'permute RangeError', 'sum RangeError', 'flip RangeError',
        'broadcastShapes RangeError', 'LayerNorm TypeError']);
  }, 120_000);
});

describe('operations refuse wrong argument types with a TypeError naming the argument', () => {
  const x = () => torch.ones([2, 3]);

  it('tensor arguments', () => {
    expectTypeError(() => x().add(any(null)), 'add(): expected other to be a Tensor, but received null');
    expectTypeError(() => x().add(any({})), 'add(): expected other to be a Tensor, but received an object');
    expectTypeError(() => x().mul(any([1, 2])), 'mul(): expected other to be a Tensor, but received an array of length 2');
    expectTypeError(() => x().matmul(any(3)), 'matmul(): expected other to be a Tensor, but received 3 of type number');
    expectTypeError(() => x().copy_(any(new Float32Array(6))), 'copy_(): expected src to be a Tensor, but received an instance of Float32Array');
    expectTypeError(() => torch.cat(any(x())), 'cat(): expected tensors to be an array of Tensors, but received an instance of Tensor');
    expectTypeError(() => torch.cat(any([x(), 1])), 'cat(): expected tensors[1] to be a Tensor, but received 1 of type number');
    expectTypeError(() => torch.add(any([1]), 1), 'add(): expected input to be a Tensor, but received an array of length 1');
    expectTypeError(() => F.linear(x(), any('w')), "linear(): expected weight to be a Tensor, but received 'w' of type string");
    expectTypeError(() => F.crossEntropy(x(), any(undefined)), 'crossEntropy(): expected target to be a Tensor, but received undefined');
    expectTypeError(() => torch.where(any(true), x(), 0), 'where(): expected condition to be a Tensor, but received true of type boolean');
  });

  it('scalar, dim and shape arguments', () => {
    expectTypeError(() => x().add(any('a')), "add(): expected other to be a number, but received 'a' of type string");
    expectTypeError(() => x().fill_(any('a')), "fill_(): expected value to be a number, but received 'a' of type string");
    expectTypeError(() => x().softmax(any('0')), "softmax(): expected dim to be an integer, but received '0' of type string");
    expectTypeError(() => x().transpose(any('a'), 0), "transpose(): expected dim0 to be an integer, but received 'a' of type string");
    expectTypeError(() => x().sum(any(0.5)), 'sum(): expected dim to be an integer or an array of integers, but received 0.5 of type number');
    expectTypeError(() => x().reshape(2.5, 2), 'reshape(): expected shape[0] to be an integer, but received 2.5 of type number');
    expectTypeError(() => torch.cat([x()], 0.5), 'cat(): expected dim to be an integer, but received 0.5 of type number');
    expectTypeError(() => x().topk(any(null)), 'topk(): expected k to be an integer, but received null');
    expectTypeError(() => x().clamp(), 'clamp(): at least one of min and max must be given');
    expectTypeError(() => x().gelu(any('fast')), "gelu(): expected approximate to be 'none' or 'tanh', but received 'fast' of type string");
    expectTypeError(() => x().divMode(1, any('round')), "divMode(): expected roundingMode to be 'trunc' or 'floor', but received 'round' of type string");
    expectTypeError(() => x().to(any(5)), 'to(): expected target to be a dtype, a device or { dtype, device, copy }, but received 5 of type number');
    expectTypeError(() => x().to({ dtype: 'float64', copy: any('yes') }), "to(): expected copy to be a boolean, but received 'yes' of type string");
    expectTypeError(() => x().requiresGrad_(any(1)), 'requiresGrad_(): expected requiresGrad to be a boolean, but received 1 of type number');
    expectTypeError(() => x().index('a'), "index(): expected index item 0 to be a slice such as ':', '1:', '::2' or '-3:-1', or '...', but received 'a' of type string");
    expectTypeError(() => x().index('...', '...'), "index(): an index can only have a single ellipsis ('...')");
  });

  it('arguments read by the addon name their position', () => {
    expectTypeError(() => x().sum(0, any('yes')), 'sum: argument 3 must be a boolean, received a string');
    expectTypeError(() => x().clamp(any('a')), 'clamp: argument 2 must be a number, received a string');
    expectTypeError(() => x().uniform_(any('a'), 1), 'uniform_: argument 2 must be a number, received a string');
    expectTypeError(() => x().add(1, any('x')), 'add: argument 3 must be a number, received a string');
  });

  it('nn.functional options', () => {
    expectTypeError(() => F.crossEntropy(x(), torch.tensor([0, 1]), { reduction: any('avg') }),
      "crossEntropy(): expected reduction to be 'mean', 'sum' or 'none', but received 'avg' of type string");
    expectTypeError(() => F.conv2d(torch.ones([1, 3, 4, 4]), torch.ones([2, 3, 3, 3]), null, { stride: any([1, 2, 3]) }),
      'conv2d(): expected stride to be an integer or an array of 2 integers, but received an array of length 3');
    expectTypeError(() => F.groupNorm(x(), 0), 'groupNorm(): expected numGroups to be a positive integer, but received 0 of type number');
    expectTypeError(() => F.pad(x(), [1]), 'pad(): expected pad to be an even-length array of integers (at most 128), but received an array of length 1');
    expectTypeError(() => F.interpolate(torch.ones([1, 1, 2, 2]), { size: 4, scaleFactor: 2 }), 'interpolate(): give exactly one of size and scaleFactor');
    expectTypeError(() => F.batchNorm(x(), null, null), 'batchNorm(): runningMean and runningVar are required when training is false');
  });

  it('a missing or null options object is a named TypeError, not a property read on undefined', () => {
    // Today: "Cannot read properties of undefined (reading 'size')" and "... of null (reading 'reduction')".
    expectTypeError(() => F.interpolate(torch.ones([1, 1, 2, 2]), any(undefined)), /^interpolate\(\): /);
    expectTypeError(() => F.crossEntropy(x(), torch.tensor([0, 1]), any(null)), /^crossEntropy\(\): /);
    expectTypeError(() => x().backward(null, any(null)), /^backward\(\): /);
  });

  it('every options object rejects misspelled names with a hint, not only the creation functions\'', () => {
    // checkOptions() is only called by lib/tensor/create.ts: elsewhere a misspelled option is
    // silently dropped (reduciton: 'sum' gives the mean; retaingraph: true does not retain the graph).
    const target = torch.tensor([0, 1]);
    const cases: [string, () => unknown, string, string][] = [
      ['to', () => x().to(any({ dtyp: 'float64' })), 'dtyp', 'dtype'],
      ['backward', () => x().sum().backward(null, any({ retaingraph: true })), 'retaingraph', 'retainGraph'],
      ['autograd.grad', () => torch.autograd.grad(torch.ones([1], { requiresGrad: true }).sum(), [], any({ allowunused: true })), 'allowunused', 'allowUnused'],
      ['crossEntropy', () => F.crossEntropy(x(), target, any({ reduciton: 'sum' })), 'reduciton', 'reduction'],
      ['mseLoss', () => F.mseLoss(x(), x(), any({ Reduction: 'sum' })), 'Reduction', 'reduction'],
      ['conv2d', () => F.conv2d(torch.ones([1, 3, 4, 4]), torch.ones([2, 3, 3, 3]), null, any({ strides: 2 })), 'strides', 'stride'],
      ['maxPool2d', () => F.maxPool2d(torch.ones([1, 1, 4, 4]), 2, any({ stide: 1 })), 'stide', 'stride'],
      ['interpolate', () => F.interpolate(torch.ones([1, 1, 2, 2]), any({ size: 4, mode: 'bilinear', alignCorner: true })), 'alignCorner', 'alignCorners'],
      ['batchNorm', () => F.batchNorm(x(), null, null, any({ trainning: true })), 'trainning', 'training'],
      // PyTorch's snake_case names find the camelCase ones: underscores and case are ignored.
      ['Trainer', () => new Trainer(any({ accumulate_grad_batches: 2 })), 'accumulate_grad_batches', 'accumulateGradBatches'],
      ['crossEntropy', () => F.crossEntropy(x(), target, any({ label_smoothing: 0.1 })), 'label_smoothing', 'labelSmoothing'],
      ['backward', () => x().sum().backward(null, any({ retain_graph: true })), 'retain_graph', 'retainGraph'],
      ['autograd.grad', () => torch.autograd.grad(torch.ones([1], { requiresGrad: true }).sum(), [], any({ allow_unused: true })), 'allow_unused', 'allowUnused'],
      ['Embedding', () => new nn.Embedding(4, 2, any({ padding_idx: 0 })), 'padding_idx', 'paddingIdx'],
    ];
    const failures: string[] = [];
    for (const [op, call, bad, good] of cases) {
      let e: unknown;
      try {
        call();
      } catch (err) {
        e = err;
      }
      const want = `${op}(): unknown option '${bad}'. Did you mean '${good}'?`;
      if (!(e instanceof TypeError) || (e as Error).message !== want) {
        failures.push(`${want}  <- got ${e === undefined ? 'no error' : `${(e as Error).constructor.name}: ${(e as Error).message}`}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('grad mode, seeds and scopes', () => {
    expectTypeError(() => torch.setGradEnabled(any(1)), 'setGradEnabled(): expected on to be a boolean, but received 1 of type number');
    expectTypeError(() => torch.manualSeed(-1), 'manualSeed(): expected seed to be a non-negative integer, but received -1 of type number');
    expectTypeError(() => torch.manualSeed(any('1')), "manualSeed(): expected seed to be a non-negative integer, but received '1' of type string");
    expectTypeError(() => torch.noGrad(any(5)), 'noGrad(): expected fn to be a function, but received 5 of type number');
    expectTypeError(() => torch.tidy(any(null)), 'tidy(): expected fn to be a function, but received null');
    expectTypeError(() => torch.setNumThreads(0), 'setNumThreads(): expected n to be a positive integer, but received 0 of type number');
    expectTypeError(() => torch.setNumThreads(any(Symbol('n'))), 'setNumThreads(): expected n to be a positive integer, but received Symbol(n) of type symbol');
  });

  it('broadcastShapes() works and reports libtorch\'s refusal', () => {
    expect(torch.broadcastShapes([2, 1], [3])).toEqual([2, 3]);
    expectTorchError(() => torch.broadcastShapes([2], [3]),
      'broadcastShapes: The size of tensor a (2) must match the size of tensor b (3) at non-singleton dimension 0');
  });

  // binding/ops.cpp's broadcastShapes reads each size with Value::As<Number>().Int64Value(), unchecked.
  it('broadcastShapes() rejects a size that is not a number with a TypeError naming it', () => {
    // Today: N-API's bare "A number was expected".
    expectTypeError(() => torch.broadcastShapes([2, any('x')]), /^broadcastShapes(?:\(\))?: .*(integer|number)/);
  });

  it('broadcastShapes() rejects fractional and NaN sizes instead of truncating them', () => {
    // Today [2.5] is read as [2] and [NaN] as [0].
    expectTypeError(() => torch.broadcastShapes([2.5], [1]), /^broadcastShapes(?:\(\))?: .*integer/);
    expectTypeError(() => torch.broadcastShapes([NaN]), /^broadcastShapes(?:\(\))?: .*integer/);
  });
});
