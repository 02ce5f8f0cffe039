/**
 * The one table of torchts' regular ops: elementwise unary and binary ops, binary ops on two
 * tensors, and ops of one tensor without arguments. scripts/gen-ops.mjs writes from it the C++
 * lists binding/ops.cpp expands, and lib/tensor/generated-methods.ts (the method tables tensor.ts
 * defines on Tensor, the typed signatures of the addon's functions, and the methods' declarations
 * with their documentation). Edit this file, then run `npm run gen:ops`; `npm test` fails while an
 * output is stale.
 *
 * Each entry: the JS method name, the name ATen and the addon give it, and the method's TSDoc.
 */

/**
 * Unary ops with an in-place twin: `x.neg()` and `x.neg_()`, native `neg(t)` and `neg_(t)`, which
 * call `at::Tensor::neg` and `neg_`.
 */
export const UNARY = [
  ['neg', 'neg', '`-x`.'],
  ['abs', 'abs', '`|x|`.'],
  ['exp', 'exp', '`e^x`.'],
  ['exp2', 'exp2', '`2^x`.'],
  ['expm1', 'expm1', '`e^x - 1`, accurate near 0.'],
  ['log', 'log', 'Natural logarithm.'],
  ['log2', 'log2', 'Base-2 logarithm.'],
  ['log10', 'log10', 'Base-10 logarithm.'],
  ['log1p', 'log1p', '`log(1 + x)`, accurate near 0.'],
  ['sqrt', 'sqrt', 'Square root.'],
  ['rsqrt', 'rsqrt', '`1 / sqrt(x)`.'],
  ['sin', 'sin', 'Sine.'],
  ['cos', 'cos', 'Cosine.'],
  ['tan', 'tan', 'Tangent.'],
  ['asin', 'asin', 'Arcsine.'],
  ['acos', 'acos', 'Arccosine.'],
  ['atan', 'atan', 'Arctangent.'],
  ['sinh', 'sinh', 'Hyperbolic sine.'],
  ['cosh', 'cosh', 'Hyperbolic cosine.'],
  ['tanh', 'tanh', 'Hyperbolic tangent.'],
  ['sigmoid', 'sigmoid', 'Logistic sigmoid `1 / (1 + e^-x)`.'],
  ['relu', 'relu', '`max(0, x)`.'],
  ['floor', 'floor', 'Rounds down.'],
  ['ceil', 'ceil', 'Rounds up.'],
  ['round', 'round', 'Rounds half to even.'],
  ['trunc', 'trunc', 'Rounds toward zero.'],
  ['frac', 'frac', 'Fractional part `x - trunc(x)`.'],
  ['sign', 'sign', '-1, 0 or 1 by sign.'],
  ['sgn', 'sgn', 'Sign (for real tensors the same as `sign`).'],
  ['reciprocal', 'reciprocal', '`1 / x`.'],
  ['erf', 'erf', 'Error function.'],
  ['erfinv', 'erfinv', 'Inverse error function.'],
  ['square', 'square', '`x * x`.'],
  ['logicalNot', 'logical_not', 'Elementwise NOT (as bool).'],
];

/**
 * Binary ops that take a tensor or a number, with in-place twins: native `NAME`, `NAME_`,
 * `NAMEScalar`, `NAMEScalar_`. 'wrapped' ops pass a number as Python does, wrapped in a 0-d tensor
 * (so autograd records MulBackward0, not MulBackward1); 'scalar' ops use ATen's Scalar overload.
 */
export const BINARY = [
  ['mul', 'mul', 'wrapped', '`this * other`, broadcasting.'],
  ['div', 'div', 'wrapped', 'True division `this / other`, broadcasting (see `divMode` for rounding).'],
  ['remainder', 'remainder', 'scalar', 'Python\'s `%`: the remainder with the divisor\'s sign.'],
  ['fmod', 'fmod', 'scalar', 'C\'s `fmod`: the remainder with the dividend\'s sign.'],
  ['pow', 'pow', 'scalar', '`this ** exponent`, elementwise.'],
  ['eq', 'eq', 'scalar', '`this == other` (bool).'],
  ['ne', 'ne', 'scalar', '`this != other` (bool).'],
  ['lt', 'lt', 'scalar', '`this < other` (bool).'],
  ['le', 'le', 'scalar', '`this <= other` (bool).'],
  ['gt', 'gt', 'scalar', '`this > other` (bool).'],
  ['ge', 'ge', 'scalar', '`this >= other` (bool).'],
  ['bitwiseAnd', 'bitwise_and', 'scalar', 'Bitwise AND (integer and bool tensors).'],
  ['bitwiseOr', 'bitwise_or', 'scalar', 'Bitwise OR.'],
  ['bitwiseXor', 'bitwise_xor', 'scalar', 'Bitwise XOR.'],
  ['xlogy', 'xlogy', 'scalar', '`this * log(other)`, 0 where `this` is 0.'],
];

/** Binary ops on two tensors (`at::NAME(a, b)`); `inPlace` ones also have `NAME_`. */
export const TENSOR_BINARY = [
  ['maximum', 'maximum', false, 'Elementwise maximum of two tensors.'],
  ['minimum', 'minimum', false, 'Elementwise minimum of two tensors.'],
  ['atan2', 'atan2', false, '`atan2(this, other)`, elementwise.'],
  ['matmul', 'matmul', false, 'Matrix product with broadcasting (`@` in Python).'],
  ['mm', 'mm', false, 'Matrix product of two 2-D tensors.'],
  ['bmm', 'bmm', false, 'Batched matrix product of two 3-D tensors.'],
  ['mv', 'mv', false, 'Matrix-vector product.'],
  ['dot', 'dot', false, 'Dot product of two 1-D tensors.'],
  ['outer', 'outer', false, 'Outer product of two 1-D tensors.'],
  ['hypot', 'hypot', false, '`sqrt(this² + other²)`.'],
  ['logicalAnd', 'logical_and', true, 'Elementwise AND (as bool).'],
  ['logicalOr', 'logical_or', true, 'Elementwise OR (as bool).'],
  ['logicalXor', 'logical_xor', true, 'Elementwise XOR (as bool).'],
];

/** Ops of one tensor without arguments: the JS name, the addon's name, the ATen function. */
export const NULLARY = [
  ['silu', 'silu', 'silu', 'SiLU (swish): `x * sigmoid(x)`.'],
  ['mish', 'mish', 'mish', 'Mish: `x * tanh(softplus(x))`.'],
  ['selu', 'selu', 'selu', 'SELU.'],
  ['hardsigmoid', 'hardsigmoid', 'hardsigmoid', 'Hard sigmoid.'],
  ['hardswish', 'hardswish', 'hardswish', 'Hard swish.'],
  ['logsigmoid', 'logsigmoid', 'log_sigmoid', '`log(sigmoid(x))`, stable.'],
  ['isnan', 'isnan', 'isnan', 'Where the elements are NaN (bool).'],
  ['isinf', 'isinf', 'isinf', 'Where the elements are ±inf (bool).'],
  ['isfinite', 'isfinite', 'isfinite', 'Where the elements are finite (bool).'],
  ['t', 't', 't', 'Transpose of a 2-D tensor.'],
  ['nonzero', 'nonzero', 'nonzero', 'Indices of the non-zero elements, `[n, ndim]` (int64).'],
  ['trace', 'trace', 'trace', 'Sum of the main diagonal.'],
];
