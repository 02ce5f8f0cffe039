/**
 * What layers share: factory options and small argument checks.
 * @module
 */
import { invalidArg, isInt } from '../../errors.js';
import { zeros, ones } from '../../tensor/create.js';
import { type Device, deviceArg } from '../../tensor/device.js';
import { type DType, checkDtype } from '../../tensor/dtype.js';
import { Tensor } from '../../tensor/tensor.js';
import { Parameter } from '../parameter.js';

/** Where a layer's parameters are created (PyTorch's `factory_kwargs`). */
export interface FactoryOptions {
  /** Element type of the parameters and floating-point buffers. Default `'float32'`. */
  dtype?: DType;
  /** Device the parameters and buffers are created on. Default `'cpu'`. */
  device?: Device;
}

/**
 * A tensor argument of a layer's method, checked before the layer reads anything of it:
 * `ReLU.forward(): expected input to be a Tensor, but received 5 of type number`.
 */
export function tensorInput(op: string, v: unknown, name = 'input'): Tensor {
  if (!(v instanceof Tensor)) invalidArg(op, name, 'a Tensor', v);
  return v as Tensor;
}

/** Checks a positive integer argument (a size, a count) and returns it. */
export function positiveInt(op: string, name: string, v: unknown): number {
  if (!isInt(v) || v < 1) invalidArg(op, name, 'a positive integer', v);
  return v as number;
}

/** A parameter of ones or zeros. */
export function constantParameter(shape: number[], value: 0 | 1, f: FactoryOptions): Parameter {
  const t: Tensor = value === 1 ? ones(shape, f) : zeros(shape, f);
  const p = new Parameter(t);
  t.dispose();
  return p;
}

/** The factory options of layer `op`, checked under its name (not under the creation function's, as `ones()`). */
export function factory(o: FactoryOptions, op: string): FactoryOptions {
  if (o.dtype !== undefined) checkDtype(op, o.dtype);
  if (o.device !== undefined) deviceArg(op, o.device);
  return { dtype: o.dtype, device: o.device };
}
