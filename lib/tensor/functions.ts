/**
 * `torch.*` functions over tensors: the free-function forms of Tensor methods (`torch.add(a, b)` is
 * `a.add(b)`) and the functions with several tensor inputs (`cat`, `stack`, `where`, `einsum`).
 * @module
 */
import { invalidArg, isInt } from '../errors.js';
import { native, type Handle } from '../native.js';
import { type Scalar, Tensor, h, hs, op, wrap } from './tensor.js';

/** Concatenates tensors along an existing dimension. */
export function cat(tensors: Tensor[], dim = 0): Tensor {
  if (!isInt(dim)) invalidArg('cat', 'dim', 'an integer', dim);
  return wrap(op.cat(hs(tensors, 'cat', 'tensors'), dim) as Handle);
}

/** Stacks tensors of equal shape along a new dimension. */
export function stack(tensors: Tensor[], dim = 0): Tensor {
  if (!isInt(dim)) invalidArg('stack', 'dim', 'an integer', dim);
  return wrap(op.stack(hs(tensors, 'stack', 'tensors'), dim) as Handle);
}

/** Elementwise `condition ? input : other`; either branch may be a scalar. */
export function where(condition: Tensor, input: Tensor | Scalar, other: Tensor | Scalar): Tensor {
  const c = h(condition, 'where', 'condition');
  const a = input instanceof Tensor;
  const b = other instanceof Tensor;
  for (const [name, v] of [['input', input], ['other', other]] as const) {
    if (!(v instanceof Tensor) && typeof v !== 'number' && typeof v !== 'boolean') invalidArg('where', name, 'a Tensor or a number', v);
  }
  if (a && b) return wrap(op.where(c, (input as Tensor)._h, (other as Tensor)._h) as Handle);
  if (a) return wrap(op.whereScalarOther(c, (input as Tensor)._h, other) as Handle);
  if (b) return wrap(op.whereScalarSelf(c, input, (other as Tensor)._h) as Handle);
  return wrap(op.whereScalars(c, input, other) as Handle);
}

/** Einstein summation, e.g. `einsum('bij,bjk->bik', a, b)`. */
export function einsum(equation: string, ...operands: Tensor[]): Tensor {
  if (typeof equation !== 'string') invalidArg('einsum', 'equation', 'a string', equation);
  return wrap(op.einsum(equation, hs(operands, 'einsum', 'operands')) as Handle);
}

/** `scalar ** exponent` elementwise. */
export function powScalar(base: number, exponent: Tensor): Tensor {
  return wrap(op.powScalarBase(base, h(exponent, 'pow', 'exponent')) as Handle);
}

/** The shape that broadcasting the given shapes produces. */
export function broadcastShapes(...shapes: number[][]): number[] {
  shapes.forEach((s, i) => {
    if (!Array.isArray(s) || !s.every((d) => isInt(d) && d >= 0)) invalidArg('broadcastShapes', `shape ${i}`, 'an array of non-negative integers', s);
  });
  return op.broadcastShapes(shapes) as number[];
}

/** `beta * input + alpha * (mat1 @ mat2)`. */
export function addmm(input: Tensor, mat1: Tensor, mat2: Tensor, beta: Scalar = 1, alpha: Scalar = 1): Tensor {
  return wrap(op.addmm(h(input, 'addmm', 'input'), h(mat1, 'addmm', 'mat1'), h(mat2, 'addmm', 'mat2'), beta, alpha) as Handle);
}

/** Seeds the default generators (CPU and CUDA) as `torch.manual_seed` does: same seed, same random tensors. */
export function manualSeed(seed: number): void {
  if (!isInt(seed) || seed < 0) invalidArg('manualSeed', 'seed', 'a non-negative integer', seed);
  native.manualSeed(seed);
}

/** The seed of the default CPU generator. */
export function initialSeed(): number {
  return native.initialSeed();
}

// Methods also offered as torch.NAME(input, ...args).
const METHOD_FUNCTIONS = [
  'add', 'sub', 'mul', 'div', 'remainder', 'fmod', 'pow', 'neg', 'abs', 'exp', 'exp2', 'expm1', 'log', 'log2', 'log10', 'log1p',
  'sqrt', 'rsqrt', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh', 'sigmoid', 'relu', 'floor',
  'ceil', 'round', 'trunc', 'frac', 'sign', 'reciprocal', 'erf', 'erfinv', 'square', 'clamp', 'lerp', 'maximum', 'minimum',
  'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr', 'logicalXor', 'logicalNot', 'isnan', 'isinf', 'isfinite',
  'nanToNum', 'hypot', 'xlogy',
  'matmul', 'mm', 'bmm', 'mv', 'dot', 'outer', 'tril', 'triu', 'diag', 'trace',
  'sum', 'mean', 'nansum', 'prod', 'max', 'min', 'amax', 'amin', 'argmax', 'argmin', 'std', 'var', 'norm', 'logsumexp',
  'all', 'any', 'cumsum', 'cumprod', 'countNonzero', 'topk', 'sort', 'argsort', 'allclose', 'equal',
  'softmax', 'logSoftmax',
  'reshape', 'permute', 'transpose', 'squeeze', 'unsqueeze', 'flatten', 'unflatten', 'flip', 'roll', 'split', 'chunk',
  'unbind', 'broadcastTo', 'tile', 'repeatInterleave', 'select', 'narrow', 'indexSelect', 'gather', 'scatter', 'scatterAdd',
  'scatterReduce', 'indexAdd', 'maskedFill', 'maskedSelect', 'take', 'nonzero', 'clone', 'detach',
] as const;

type MethodFunctionName = (typeof METHOD_FUNCTIONS)[number];
/** `torch.NAME(input, ...args)` for each method in METHOD_FUNCTIONS. */
export type MethodFunctions = {
  [K in MethodFunctionName]: Tensor[K] extends (...args: infer A) => infer R ? (input: Tensor, ...args: A) => R : never;
};

export const methodFunctions = Object.fromEntries(
  METHOD_FUNCTIONS.map((name) => [
    name,
    (input: Tensor, ...args: unknown[]) => {
      if (!(input instanceof Tensor)) invalidArg(name, 'input', 'a Tensor', input);
      return (input[name] as (...a: unknown[]) => unknown)(...args);
    },
  ]),
) as unknown as MethodFunctions;
