/**
 * dtype names, their libtorch codes (read from the addon, which pins them to libtorch's enum), and
 * their properties. The one table of dtype facts in torchts.
 * @module
 */
import { invalidArg } from '../errors.js';
import { native } from '../native.js';

/** The element types torchts supports, named as in PyTorch (`torch.float32` is `'float32'`). */
export type DType = 'float32' | 'float64' | 'float16' | 'bfloat16' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

/** Every dtype, in the order PyTorch lists them. */
export const DTYPES: readonly DType[] = ['float32', 'float64', 'float16', 'bfloat16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool'];

/** PyTorch's aliases accepted wherever a dtype is: `'float'`, `'half'`, `'long'`, ... */
const ALIASES: Record<string, DType> = {
  float: 'float32', double: 'float64', half: 'float16', long: 'int64', int: 'int32', short: 'int16',
};

const CODE: Record<DType, number> = Object.fromEntries(DTYPES.map((d) => [d, native.dtypes[d]])) as Record<DType, number>;
const NAME: DType[] = [];
for (const d of DTYPES) NAME[CODE[d]] = d;

const ITEM_SIZE: Record<DType, number> = {
  float32: 4, float64: 8, float16: 2, bfloat16: 2, int64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, bool: 1,
};

/** Bytes per element. */
export function itemSize(dtype: DType): number {
  return ITEM_SIZE[dtype];
}

export function isFloatingDtype(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'float16' || dtype === 'bfloat16';
}

/** Validates a dtype argument (aliases allowed) and returns its canonical name. */
export function checkDtype(op: string, value: unknown, name = 'dtype'): DType {
  if (typeof value === 'string') {
    const d = (ALIASES[value] ?? value) as DType;
    if (d in CODE) return d;
  }
  return invalidArg(op, name, `one of ${DTYPES.map((d) => `'${d}'`).join(', ')}`, value);
}

/** libtorch's code for a dtype, or null for "not given". */
export function dtypeCode(op: string, value: unknown): number | null {
  return value === undefined || value === null ? null : CODE[checkDtype(op, value)];
}

/** The dtype name for a libtorch code. */
export function dtypeName(code: number): DType {
  const d = NAME[code];
  if (!d) throw new TypeError(`torchts does not support libtorch dtype code ${code}`);
  return d;
}
