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

/** The free-function form of a Tensor method: `torch.NAME(input, ...args)` is `input.NAME(...args)`. */
export function methodFunction<K extends keyof Tensor>(name: K): Tensor[K] extends (...args: infer A) => infer R ? (input: Tensor, ...args: A) => R : never {
  const fn = (input: Tensor, ...args: unknown[]) => {
    if (!(input instanceof Tensor)) invalidArg(String(name), 'input', 'a Tensor', input);
    return (input[name] as (...a: unknown[]) => unknown)(...args);
  };
  Object.defineProperty(fn, 'name', { value: name });
  return fn as never;
}
