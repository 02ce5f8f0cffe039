/**
 * The methods of {@link Tensor} that tensor.ts generates from tables of ops, declared here one by
 * one so each has its documentation. Keep in step with the tables UNARY, BINARY, TENSOR_BINARY and
 * ACTIVATIONS in tensor.ts.
 * @module
 */
import type { Scalar, Tensor } from './tensor.js';

/** Methods generated from op tables. */
export interface GeneratedMethods {
  /** `-x`. */
  neg(): Tensor;
  /** In-place `neg`. Returns this tensor. */
  neg_(): Tensor;
  /** `|x|`. */
  abs(): Tensor;
  /** In-place `abs`. Returns this tensor. */
  abs_(): Tensor;
  /** `e^x`. */
  exp(): Tensor;
  /** In-place `exp`. Returns this tensor. */
  exp_(): Tensor;
  /** `2^x`. */
  exp2(): Tensor;
  /** In-place `exp2`. Returns this tensor. */
  exp2_(): Tensor;
  /** `e^x - 1`, accurate near 0. */
  expm1(): Tensor;
  /** In-place `expm1`. Returns this tensor. */
  expm1_(): Tensor;
  /** Natural logarithm. */
  log(): Tensor;
  /** In-place `log`. Returns this tensor. */
  log_(): Tensor;
  /** Base-2 logarithm. */
  log2(): Tensor;
  /** In-place `log2`. Returns this tensor. */
  log2_(): Tensor;
  /** Base-10 logarithm. */
  log10(): Tensor;
  /** In-place `log10`. Returns this tensor. */
  log10_(): Tensor;
  /** `log(1 + x)`, accurate near 0. */
  log1p(): Tensor;
  /** In-place `log1p`. Returns this tensor. */
  log1p_(): Tensor;
  /** Square root. */
  sqrt(): Tensor;
  /** In-place `sqrt`. Returns this tensor. */
  sqrt_(): Tensor;
  /** `1 / sqrt(x)`. */
  rsqrt(): Tensor;
  /** In-place `rsqrt`. Returns this tensor. */
  rsqrt_(): Tensor;
  /** Sine. */
  sin(): Tensor;
  /** In-place `sin`. Returns this tensor. */
  sin_(): Tensor;
  /** Cosine. */
  cos(): Tensor;
  /** In-place `cos`. Returns this tensor. */
  cos_(): Tensor;
  /** Tangent. */
  tan(): Tensor;
  /** In-place `tan`. Returns this tensor. */
  tan_(): Tensor;
  /** Arcsine. */
  asin(): Tensor;
  /** In-place `asin`. Returns this tensor. */
  asin_(): Tensor;
  /** Arccosine. */
  acos(): Tensor;
  /** In-place `acos`. Returns this tensor. */
  acos_(): Tensor;
  /** Arctangent. */
  atan(): Tensor;
  /** In-place `atan`. Returns this tensor. */
  atan_(): Tensor;
  /** Hyperbolic sine. */
  sinh(): Tensor;
  /** In-place `sinh`. Returns this tensor. */
  sinh_(): Tensor;
  /** Hyperbolic cosine. */
  cosh(): Tensor;
  /** In-place `cosh`. Returns this tensor. */
  cosh_(): Tensor;
  /** Hyperbolic tangent. */
  tanh(): Tensor;
  /** In-place `tanh`. Returns this tensor. */
  tanh_(): Tensor;
  /** Logistic sigmoid `1 / (1 + e^-x)`. */
  sigmoid(): Tensor;
  /** In-place `sigmoid`. Returns this tensor. */
  sigmoid_(): Tensor;
  /** `max(0, x)`. */
  relu(): Tensor;
  /** In-place `relu`. Returns this tensor. */
  relu_(): Tensor;
  /** Rounds down. */
  floor(): Tensor;
  /** In-place `floor`. Returns this tensor. */
  floor_(): Tensor;
  /** Rounds up. */
  ceil(): Tensor;
  /** In-place `ceil`. Returns this tensor. */
  ceil_(): Tensor;
  /** Rounds half to even. */
  round(): Tensor;
  /** In-place `round`. Returns this tensor. */
  round_(): Tensor;
  /** Rounds toward zero. */
  trunc(): Tensor;
  /** In-place `trunc`. Returns this tensor. */
  trunc_(): Tensor;
  /** Fractional part `x - trunc(x)`. */
  frac(): Tensor;
  /** In-place `frac`. Returns this tensor. */
  frac_(): Tensor;
  /** -1, 0 or 1 by sign. */
  sign(): Tensor;
  /** In-place `sign`. Returns this tensor. */
  sign_(): Tensor;
  /** Sign (for real tensors the same as `sign`). */
  sgn(): Tensor;
  /** In-place `sgn`. Returns this tensor. */
  sgn_(): Tensor;
  /** `1 / x`. */
  reciprocal(): Tensor;
  /** In-place `reciprocal`. Returns this tensor. */
  reciprocal_(): Tensor;
  /** Error function. */
  erf(): Tensor;
  /** In-place `erf`. Returns this tensor. */
  erf_(): Tensor;
  /** Inverse error function. */
  erfinv(): Tensor;
  /** In-place `erfinv`. Returns this tensor. */
  erfinv_(): Tensor;
  /** `x * x`. */
  square(): Tensor;
  /** In-place `square`. Returns this tensor. */
  square_(): Tensor;
  /** Elementwise NOT (as bool). */
  logicalNot(): Tensor;
  /** In-place `logicalNot`. Returns this tensor. */
  logicalNot_(): Tensor;
  /** `this * other`, broadcasting. `other` may be a tensor or a number. */
  mul(other: Tensor | Scalar): Tensor;
  /** In-place `mul`. Returns this tensor. */
  mul_(other: Tensor | Scalar): Tensor;
  /** True division `this / other`, broadcasting (see `divMode` for rounding). `other` may be a tensor or a number. */
  div(other: Tensor | Scalar): Tensor;
  /** In-place `div`. Returns this tensor. */
  div_(other: Tensor | Scalar): Tensor;
  /** Python's `%`: the remainder with the divisor's sign. `other` may be a tensor or a number. */
  remainder(other: Tensor | Scalar): Tensor;
  /** In-place `remainder`. Returns this tensor. */
  remainder_(other: Tensor | Scalar): Tensor;
  /** C's `fmod`: the remainder with the dividend's sign. `other` may be a tensor or a number. */
  fmod(other: Tensor | Scalar): Tensor;
  /** In-place `fmod`. Returns this tensor. */
  fmod_(other: Tensor | Scalar): Tensor;
  /** `this ** exponent`, elementwise. `other` may be a tensor or a number. */
  pow(other: Tensor | Scalar): Tensor;
  /** In-place `pow`. Returns this tensor. */
  pow_(other: Tensor | Scalar): Tensor;
  /** `this == other` (bool). `other` may be a tensor or a number. */
  eq(other: Tensor | Scalar): Tensor;
  /** In-place `eq`. Returns this tensor. */
  eq_(other: Tensor | Scalar): Tensor;
  /** `this != other` (bool). `other` may be a tensor or a number. */
  ne(other: Tensor | Scalar): Tensor;
  /** In-place `ne`. Returns this tensor. */
  ne_(other: Tensor | Scalar): Tensor;
  /** `this < other` (bool). `other` may be a tensor or a number. */
  lt(other: Tensor | Scalar): Tensor;
  /** In-place `lt`. Returns this tensor. */
  lt_(other: Tensor | Scalar): Tensor;
  /** `this <= other` (bool). `other` may be a tensor or a number. */
  le(other: Tensor | Scalar): Tensor;
  /** In-place `le`. Returns this tensor. */
  le_(other: Tensor | Scalar): Tensor;
  /** `this > other` (bool). `other` may be a tensor or a number. */
  gt(other: Tensor | Scalar): Tensor;
  /** In-place `gt`. Returns this tensor. */
  gt_(other: Tensor | Scalar): Tensor;
  /** `this >= other` (bool). `other` may be a tensor or a number. */
  ge(other: Tensor | Scalar): Tensor;
  /** In-place `ge`. Returns this tensor. */
  ge_(other: Tensor | Scalar): Tensor;
  /** `this * log(other)`, 0 where `this` is 0. `other` may be a tensor or a number. */
  xlogy(other: Tensor | Scalar): Tensor;
  /** In-place `xlogy`. Returns this tensor. */
  xlogy_(other: Tensor | Scalar): Tensor;
  /** Bitwise AND (integer and bool tensors). `other` may be a tensor or a number. */
  bitwiseAnd(other: Tensor | Scalar): Tensor;
  /** In-place `bitwiseAnd`. Returns this tensor. */
  bitwiseAnd_(other: Tensor | Scalar): Tensor;
  /** Bitwise OR. `other` may be a tensor or a number. */
  bitwiseOr(other: Tensor | Scalar): Tensor;
  /** In-place `bitwiseOr`. Returns this tensor. */
  bitwiseOr_(other: Tensor | Scalar): Tensor;
  /** Bitwise XOR. `other` may be a tensor or a number. */
  bitwiseXor(other: Tensor | Scalar): Tensor;
  /** In-place `bitwiseXor`. Returns this tensor. */
  bitwiseXor_(other: Tensor | Scalar): Tensor;
  /** Elementwise maximum of two tensors. */
  maximum(other: Tensor): Tensor;
  /** Elementwise minimum of two tensors. */
  minimum(other: Tensor): Tensor;
  /** `atan2(this, other)`, elementwise. */
  atan2(other: Tensor): Tensor;
  /** Matrix product with broadcasting (`@` in Python). */
  matmul(other: Tensor): Tensor;
  /** Matrix product of two 2-D tensors. */
  mm(other: Tensor): Tensor;
  /** Batched matrix product of two 3-D tensors. */
  bmm(other: Tensor): Tensor;
  /** Matrix-vector product. */
  mv(other: Tensor): Tensor;
  /** Dot product of two 1-D tensors. */
  dot(other: Tensor): Tensor;
  /** Outer product of two 1-D tensors. */
  outer(other: Tensor): Tensor;
  /** `sqrt(this² + other²)`. */
  hypot(other: Tensor): Tensor;
  /** Elementwise AND (as bool). */
  logicalAnd(other: Tensor): Tensor;
  /** Elementwise OR (as bool). */
  logicalOr(other: Tensor): Tensor;
  /** Elementwise XOR (as bool). */
  logicalXor(other: Tensor): Tensor;
  /** SiLU (swish): `x * sigmoid(x)`. */
  silu(): Tensor;
  /** Mish: `x * tanh(softplus(x))`. */
  mish(): Tensor;
  /** SELU. */
  selu(): Tensor;
  /** Hard sigmoid. */
  hardsigmoid(): Tensor;
  /** Hard swish. */
  hardswish(): Tensor;
  /** `log(sigmoid(x))`, stable. */
  logsigmoid(): Tensor;
  /** Where the elements are NaN (bool). */
  isnan(): Tensor;
  /** Where the elements are ±inf (bool). */
  isinf(): Tensor;
  /** Where the elements are finite (bool). */
  isfinite(): Tensor;
  /** Transpose of a 2-D tensor. */
  t(): Tensor;
  /** Indices of the non-zero elements, `[n, ndim]` (int64). */
  nonzero(): Tensor;
  /** Sum of the main diagonal. */
  trace(): Tensor;
}
