/**
 * `torch.*` functions over tensors: the free-function forms of Tensor methods (`torch.add(a, b)` is
 * `a.add(b)`) and the functions with several tensor inputs (`cat`, `stack`, `where`, `einsum`).
 * @module
 */
import { invalidArg, isInt } from '../errors.js';
import { native } from '../native.js';
import { shapeArg } from './args.js';
import { type Scalar, Tensor, h, hs, live, wrap } from './tensor.js';

/** Concatenates tensors along an existing dimension. */
export function cat(tensors: Tensor[], dim = 0): Tensor {
  if (!isInt(dim)) invalidArg('cat', 'dim', 'an integer', dim);
  return wrap(native.cat(hs(tensors, 'cat', 'tensors'), dim));
}

/** Stacks tensors of equal shape along a new dimension. */
export function stack(tensors: Tensor[], dim = 0): Tensor {
  if (!isInt(dim)) invalidArg('stack', 'dim', 'an integer', dim);
  return wrap(native.stack(hs(tensors, 'stack', 'tensors'), dim));
}

/** Elementwise `condition ? input : other`; either branch may be a scalar. */
export function where(condition: Tensor, input: Tensor | Scalar, other: Tensor | Scalar): Tensor {
  const c = h(condition, 'where', 'condition');
  for (const [name, v] of [['input', input], ['other', other]] as const) {
    if (!(v instanceof Tensor) && typeof v !== 'number' && typeof v !== 'boolean') invalidArg('where', name, 'a Tensor or a number', v);
  }
  if (input instanceof Tensor) {
    return wrap(other instanceof Tensor ? native.where(c, input._h, other._h) : native.whereScalarOther(c, input._h, other));
  }
  return wrap(other instanceof Tensor ? native.whereScalarSelf(c, input, other._h) : native.whereScalars(c, input, other));
}

/** Einstein summation, e.g. `einsum('bij,bjk->bik', a, b)`. */
export function einsum(equation: string, ...operands: Tensor[]): Tensor {
  if (typeof equation !== 'string') invalidArg('einsum', 'equation', 'a string', equation);
  return wrap(native.einsum(equation, hs(operands, 'einsum', 'operands')));
}

/** `scalar ** exponent` elementwise. */
export function powScalar(base: number, exponent: Tensor): Tensor {
  if (typeof base !== 'number' && typeof base !== 'boolean') invalidArg('powScalar', 'base', 'a number', base);
  h(exponent, 'powScalar', 'exponent');
  live(exponent, 'powScalar', 2); // the addon would name its own op, 'pow'
  return wrap(native.powScalarBase(base, exponent._h));
}

/** The shape that broadcasting the given shapes produces. */
export function broadcastShapes(...shapes: number[][]): number[] {
  shapes.forEach((s, i) => {
    if (!Array.isArray(s)) invalidArg('broadcastShapes', `shapes[${i}]`, 'an array of non-negative integers', s);
    shapeArg('broadcastShapes', s, `shapes[${i}]`);
  });
  return native.broadcastShapes(shapes) as number[];
}

/** `beta * input + alpha * (mat1 @ mat2)`. */
export function addmm(input: Tensor, mat1: Tensor, mat2: Tensor, beta: Scalar = 1, alpha: Scalar = 1): Tensor {
  return wrap(native.addmm(h(input, 'addmm', 'input'), h(mat1, 'addmm', 'mat1'), h(mat2, 'addmm', 'mat2'), beta, alpha));
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
export function methodFunction<K extends keyof Tensor>(name: K):
  Tensor[K] extends (...args: infer A) => infer R ? (input: Tensor, ...args: A) => R : never {
  const fn = (input: Tensor, ...args: unknown[]) => {
    if (!(input instanceof Tensor)) invalidArg(String(name), 'input', 'a Tensor', input);
    return (input[name] as (...a: unknown[]) => unknown)(...args);
  };
  Object.defineProperty(fn, 'name', { value: name });
  return fn as never;
}
