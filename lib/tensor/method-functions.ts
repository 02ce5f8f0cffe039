/**
 * `torch.add(a, b)` and the other free-function forms of Tensor methods, as in PyTorch: each is
 * the method of its first argument. Listed one per line so each carries its own documentation.
 * @module
 */
import { methodFunction as m } from './functions.js';
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- the {@link Tensor.add} tags below resolve through it
import type { Tensor } from './tensor.js';

/** `torch.add(input, ...args)`: the same as {@link Tensor.add | input.add(...args)}. */
export const add = m('add');
/** `torch.sub(input, ...args)`: the same as {@link Tensor.sub | input.sub(...args)}. */
export const sub = m('sub');
/** `torch.mul(input, ...args)`: the same as {@link Tensor.mul | input.mul(...args)}. */
export const mul = m('mul');
/** `torch.div(input, ...args)`: the same as {@link Tensor.div | input.div(...args)}. */
export const div = m('div');
/** `torch.remainder(input, ...args)`: the same as {@link Tensor.remainder | input.remainder(...args)}. */
export const remainder = m('remainder');
/** `torch.fmod(input, ...args)`: the same as {@link Tensor.fmod | input.fmod(...args)}. */
export const fmod = m('fmod');
/** `torch.pow(input, ...args)`: the same as {@link Tensor.pow | input.pow(...args)}. */
export const pow = m('pow');
/** `torch.neg(input, ...args)`: the same as {@link Tensor.neg | input.neg(...args)}. */
export const neg = m('neg');
/** `torch.abs(input, ...args)`: the same as {@link Tensor.abs | input.abs(...args)}. */
export const abs = m('abs');
/** `torch.exp(input, ...args)`: the same as {@link Tensor.exp | input.exp(...args)}. */
export const exp = m('exp');
/** `torch.exp2(input, ...args)`: the same as {@link Tensor.exp2 | input.exp2(...args)}. */
export const exp2 = m('exp2');
/** `torch.expm1(input, ...args)`: the same as {@link Tensor.expm1 | input.expm1(...args)}. */
export const expm1 = m('expm1');
/** `torch.log(input, ...args)`: the same as {@link Tensor.log | input.log(...args)}. */
export const log = m('log');
/** `torch.log2(input, ...args)`: the same as {@link Tensor.log2 | input.log2(...args)}. */
export const log2 = m('log2');
/** `torch.log10(input, ...args)`: the same as {@link Tensor.log10 | input.log10(...args)}. */
export const log10 = m('log10');
/** `torch.log1p(input, ...args)`: the same as {@link Tensor.log1p | input.log1p(...args)}. */
export const log1p = m('log1p');
/** `torch.sqrt(input, ...args)`: the same as {@link Tensor.sqrt | input.sqrt(...args)}. */
export const sqrt = m('sqrt');
/** `torch.rsqrt(input, ...args)`: the same as {@link Tensor.rsqrt | input.rsqrt(...args)}. */
export const rsqrt = m('rsqrt');
/** `torch.sin(input, ...args)`: the same as {@link Tensor.sin | input.sin(...args)}. */
export const sin = m('sin');
/** `torch.cos(input, ...args)`: the same as {@link Tensor.cos | input.cos(...args)}. */
export const cos = m('cos');
/** `torch.tan(input, ...args)`: the same as {@link Tensor.tan | input.tan(...args)}. */
export const tan = m('tan');
/** `torch.asin(input, ...args)`: the same as {@link Tensor.asin | input.asin(...args)}. */
export const asin = m('asin');
/** `torch.acos(input, ...args)`: the same as {@link Tensor.acos | input.acos(...args)}. */
export const acos = m('acos');
/** `torch.atan(input, ...args)`: the same as {@link Tensor.atan | input.atan(...args)}. */
export const atan = m('atan');
/** `torch.atan2(input, ...args)`: the same as {@link Tensor.atan2 | input.atan2(...args)}. */
export const atan2 = m('atan2');
/** `torch.sinh(input, ...args)`: the same as {@link Tensor.sinh | input.sinh(...args)}. */
export const sinh = m('sinh');
/** `torch.cosh(input, ...args)`: the same as {@link Tensor.cosh | input.cosh(...args)}. */
export const cosh = m('cosh');
/** `torch.tanh(input, ...args)`: the same as {@link Tensor.tanh | input.tanh(...args)}. */
export const tanh = m('tanh');
/** `torch.sigmoid(input, ...args)`: the same as {@link Tensor.sigmoid | input.sigmoid(...args)}. */
export const sigmoid = m('sigmoid');
/** `torch.relu(input, ...args)`: the same as {@link Tensor.relu | input.relu(...args)}. */
export const relu = m('relu');
/** `torch.floor(input, ...args)`: the same as {@link Tensor.floor | input.floor(...args)}. */
export const floor = m('floor');
/** `torch.ceil(input, ...args)`: the same as {@link Tensor.ceil | input.ceil(...args)}. */
export const ceil = m('ceil');
/** `torch.round(input, ...args)`: the same as {@link Tensor.round | input.round(...args)}. */
export const round = m('round');
/** `torch.trunc(input, ...args)`: the same as {@link Tensor.trunc | input.trunc(...args)}. */
export const trunc = m('trunc');
/** `torch.frac(input, ...args)`: the same as {@link Tensor.frac | input.frac(...args)}. */
export const frac = m('frac');
/** `torch.sign(input, ...args)`: the same as {@link Tensor.sign | input.sign(...args)}. */
export const sign = m('sign');
/** `torch.reciprocal(input, ...args)`: the same as {@link Tensor.reciprocal | input.reciprocal(...args)}. */
export const reciprocal = m('reciprocal');
/** `torch.erf(input, ...args)`: the same as {@link Tensor.erf | input.erf(...args)}. */
export const erf = m('erf');
/** `torch.erfinv(input, ...args)`: the same as {@link Tensor.erfinv | input.erfinv(...args)}. */
export const erfinv = m('erfinv');
/** `torch.square(input, ...args)`: the same as {@link Tensor.square | input.square(...args)}. */
export const square = m('square');
/** `torch.clamp(input, ...args)`: the same as {@link Tensor.clamp | input.clamp(...args)}. */
export const clamp = m('clamp');
/** `torch.lerp(input, ...args)`: the same as {@link Tensor.lerp | input.lerp(...args)}. */
export const lerp = m('lerp');
/** `torch.maximum(input, ...args)`: the same as {@link Tensor.maximum | input.maximum(...args)}. */
export const maximum = m('maximum');
/** `torch.minimum(input, ...args)`: the same as {@link Tensor.minimum | input.minimum(...args)}. */
export const minimum = m('minimum');
/** `torch.eq(input, ...args)`: the same as {@link Tensor.eq | input.eq(...args)}. */
export const eq = m('eq');
/** `torch.ne(input, ...args)`: the same as {@link Tensor.ne | input.ne(...args)}. */
export const ne = m('ne');
/** `torch.lt(input, ...args)`: the same as {@link Tensor.lt | input.lt(...args)}. */
export const lt = m('lt');
/** `torch.le(input, ...args)`: the same as {@link Tensor.le | input.le(...args)}. */
export const le = m('le');
/** `torch.gt(input, ...args)`: the same as {@link Tensor.gt | input.gt(...args)}. */
export const gt = m('gt');
/** `torch.ge(input, ...args)`: the same as {@link Tensor.ge | input.ge(...args)}. */
export const ge = m('ge');
/** `torch.logicalAnd(input, ...args)`: the same as {@link Tensor.logicalAnd | input.logicalAnd(...args)}. */
export const logicalAnd = m('logicalAnd');
/** `torch.logicalOr(input, ...args)`: the same as {@link Tensor.logicalOr | input.logicalOr(...args)}. */
export const logicalOr = m('logicalOr');
/** `torch.logicalXor(input, ...args)`: the same as {@link Tensor.logicalXor | input.logicalXor(...args)}. */
export const logicalXor = m('logicalXor');
/** `torch.logicalNot(input, ...args)`: the same as {@link Tensor.logicalNot | input.logicalNot(...args)}. */
export const logicalNot = m('logicalNot');
/** `torch.isnan(input, ...args)`: the same as {@link Tensor.isnan | input.isnan(...args)}. */
export const isnan = m('isnan');
/** `torch.isinf(input, ...args)`: the same as {@link Tensor.isinf | input.isinf(...args)}. */
export const isinf = m('isinf');
/** `torch.isfinite(input, ...args)`: the same as {@link Tensor.isfinite | input.isfinite(...args)}. */
export const isfinite = m('isfinite');
/** `torch.nanToNum(input, ...args)`: the same as {@link Tensor.nanToNum | input.nanToNum(...args)}. */
export const nanToNum = m('nanToNum');
/** `torch.hypot(input, ...args)`: the same as {@link Tensor.hypot | input.hypot(...args)}. */
export const hypot = m('hypot');
/** `torch.xlogy(input, ...args)`: the same as {@link Tensor.xlogy | input.xlogy(...args)}. */
export const xlogy = m('xlogy');
/** `torch.matmul(input, ...args)`: the same as {@link Tensor.matmul | input.matmul(...args)}. */
export const matmul = m('matmul');
/** `torch.mm(input, ...args)`: the same as {@link Tensor.mm | input.mm(...args)}. */
export const mm = m('mm');
/** `torch.bmm(input, ...args)`: the same as {@link Tensor.bmm | input.bmm(...args)}. */
export const bmm = m('bmm');
/** `torch.mv(input, ...args)`: the same as {@link Tensor.mv | input.mv(...args)}. */
export const mv = m('mv');
/** `torch.dot(input, ...args)`: the same as {@link Tensor.dot | input.dot(...args)}. */
export const dot = m('dot');
/** `torch.outer(input, ...args)`: the same as {@link Tensor.outer | input.outer(...args)}. */
export const outer = m('outer');
/** `torch.tril(input, ...args)`: the same as {@link Tensor.tril | input.tril(...args)}. */
export const tril = m('tril');
/** `torch.triu(input, ...args)`: the same as {@link Tensor.triu | input.triu(...args)}. */
export const triu = m('triu');
/** `torch.diag(input, ...args)`: the same as {@link Tensor.diag | input.diag(...args)}. */
export const diag = m('diag');
/** `torch.trace(input, ...args)`: the same as {@link Tensor.trace | input.trace(...args)}. */
export const trace = m('trace');
/** `torch.sum(input, ...args)`: the same as {@link Tensor.sum | input.sum(...args)}. */
export const sum = m('sum');
/** `torch.mean(input, ...args)`: the same as {@link Tensor.mean | input.mean(...args)}. */
export const mean = m('mean');
/** `torch.nansum(input, ...args)`: the same as {@link Tensor.nansum | input.nansum(...args)}. */
export const nansum = m('nansum');
/** `torch.prod(input, ...args)`: the same as {@link Tensor.prod | input.prod(...args)}. */
export const prod = m('prod');
/** `torch.max(input, ...args)`: the same as {@link Tensor.max | input.max(...args)}. */
export const max = m('max');
/** `torch.min(input, ...args)`: the same as {@link Tensor.min | input.min(...args)}. */
export const min = m('min');
/** `torch.amax(input, ...args)`: the same as {@link Tensor.amax | input.amax(...args)}. */
export const amax = m('amax');
/** `torch.amin(input, ...args)`: the same as {@link Tensor.amin | input.amin(...args)}. */
export const amin = m('amin');
/** `torch.argmax(input, ...args)`: the same as {@link Tensor.argmax | input.argmax(...args)}. */
export const argmax = m('argmax');
/** `torch.argmin(input, ...args)`: the same as {@link Tensor.argmin | input.argmin(...args)}. */
export const argmin = m('argmin');
/** `torch.std(input, ...args)`: the same as {@link Tensor.std | input.std(...args)}. */
export const std = m('std');
/** `torch.var(input, ...args)`: the same as {@link Tensor.var | input.var(...args)}. */
const variance = m('var');
export { variance as var };
/** `torch.norm(input, ...args)`: the same as {@link Tensor.norm | input.norm(...args)}. */
export const norm = m('norm');
/** `torch.logsumexp(input, ...args)`: the same as {@link Tensor.logsumexp | input.logsumexp(...args)}. */
export const logsumexp = m('logsumexp');
/** `torch.all(input, ...args)`: the same as {@link Tensor.all | input.all(...args)}. */
export const all = m('all');
/** `torch.any(input, ...args)`: the same as {@link Tensor.any | input.any(...args)}. */
export const any = m('any');
/** `torch.cumsum(input, ...args)`: the same as {@link Tensor.cumsum | input.cumsum(...args)}. */
export const cumsum = m('cumsum');
/** `torch.cumprod(input, ...args)`: the same as {@link Tensor.cumprod | input.cumprod(...args)}. */
export const cumprod = m('cumprod');
/** `torch.countNonzero(input, ...args)`: the same as {@link Tensor.countNonzero | input.countNonzero(...args)}. */
export const countNonzero = m('countNonzero');
/** `torch.topk(input, ...args)`: the same as {@link Tensor.topk | input.topk(...args)}. */
export const topk = m('topk');
/** `torch.sort(input, ...args)`: the same as {@link Tensor.sort | input.sort(...args)}. */
export const sort = m('sort');
/** `torch.argsort(input, ...args)`: the same as {@link Tensor.argsort | input.argsort(...args)}. */
export const argsort = m('argsort');
/** `torch.allclose(input, ...args)`: the same as {@link Tensor.allclose | input.allclose(...args)}. */
export const allclose = m('allclose');
/** `torch.equal(input, ...args)`: the same as {@link Tensor.equal | input.equal(...args)}. */
export const equal = m('equal');
/** `torch.softmax(input, ...args)`: the same as {@link Tensor.softmax | input.softmax(...args)}. */
export const softmax = m('softmax');
/** `torch.logSoftmax(input, ...args)`: the same as {@link Tensor.logSoftmax | input.logSoftmax(...args)}. */
export const logSoftmax = m('logSoftmax');
/** `torch.reshape(input, ...args)`: the same as {@link Tensor.reshape | input.reshape(...args)}. */
export const reshape = m('reshape');
/** `torch.permute(input, ...args)`: the same as {@link Tensor.permute | input.permute(...args)}. */
export const permute = m('permute');
/** `torch.transpose(input, ...args)`: the same as {@link Tensor.transpose | input.transpose(...args)}. */
export const transpose = m('transpose');
/** `torch.squeeze(input, ...args)`: the same as {@link Tensor.squeeze | input.squeeze(...args)}. */
export const squeeze = m('squeeze');
/** `torch.unsqueeze(input, ...args)`: the same as {@link Tensor.unsqueeze | input.unsqueeze(...args)}. */
export const unsqueeze = m('unsqueeze');
/** `torch.flatten(input, ...args)`: the same as {@link Tensor.flatten | input.flatten(...args)}. */
export const flatten = m('flatten');
/** `torch.unflatten(input, ...args)`: the same as {@link Tensor.unflatten | input.unflatten(...args)}. */
export const unflatten = m('unflatten');
/** `torch.flip(input, ...args)`: the same as {@link Tensor.flip | input.flip(...args)}. */
export const flip = m('flip');
/** `torch.roll(input, ...args)`: the same as {@link Tensor.roll | input.roll(...args)}. */
export const roll = m('roll');
/** `torch.split(input, ...args)`: the same as {@link Tensor.split | input.split(...args)}. */
export const split = m('split');
/** `torch.chunk(input, ...args)`: the same as {@link Tensor.chunk | input.chunk(...args)}. */
export const chunk = m('chunk');
/** `torch.unbind(input, ...args)`: the same as {@link Tensor.unbind | input.unbind(...args)}. */
export const unbind = m('unbind');
/** `torch.broadcastTo(input, ...args)`: the same as {@link Tensor.broadcastTo | input.broadcastTo(...args)}. */
export const broadcastTo = m('broadcastTo');
/** `torch.tile(input, ...args)`: the same as {@link Tensor.tile | input.tile(...args)}. */
export const tile = m('tile');
/** `torch.repeatInterleave(input, ...args)`: the same as {@link Tensor.repeatInterleave | input.repeatInterleave(...args)}. */
export const repeatInterleave = m('repeatInterleave');
/** `torch.select(input, ...args)`: the same as {@link Tensor.select | input.select(...args)}. */
export const select = m('select');
/** `torch.narrow(input, ...args)`: the same as {@link Tensor.narrow | input.narrow(...args)}. */
export const narrow = m('narrow');
/** `torch.indexSelect(input, ...args)`: the same as {@link Tensor.indexSelect | input.indexSelect(...args)}. */
export const indexSelect = m('indexSelect');
/** `torch.gather(input, ...args)`: the same as {@link Tensor.gather | input.gather(...args)}. */
export const gather = m('gather');
/** `torch.scatter(input, ...args)`: the same as {@link Tensor.scatter | input.scatter(...args)}. */
export const scatter = m('scatter');
/** `torch.scatterAdd(input, ...args)`: the same as {@link Tensor.scatterAdd | input.scatterAdd(...args)}. */
export const scatterAdd = m('scatterAdd');
/** `torch.scatterReduce(input, ...args)`: the same as {@link Tensor.scatterReduce | input.scatterReduce(...args)}. */
export const scatterReduce = m('scatterReduce');
/** `torch.indexAdd(input, ...args)`: the same as {@link Tensor.indexAdd | input.indexAdd(...args)}. */
export const indexAdd = m('indexAdd');
/** `torch.maskedFill(input, ...args)`: the same as {@link Tensor.maskedFill | input.maskedFill(...args)}. */
export const maskedFill = m('maskedFill');
/** `torch.maskedSelect(input, ...args)`: the same as {@link Tensor.maskedSelect | input.maskedSelect(...args)}. */
export const maskedSelect = m('maskedSelect');
/** `torch.take(input, ...args)`: the same as {@link Tensor.take | input.take(...args)}. */
export const take = m('take');
/** `torch.nonzero(input, ...args)`: the same as {@link Tensor.nonzero | input.nonzero(...args)}. */
export const nonzero = m('nonzero');
/** `torch.clone(input, ...args)`: the same as {@link Tensor.clone | input.clone(...args)}. */
export const clone = m('clone');
/** `torch.detach(input, ...args)`: the same as {@link Tensor.detach | input.detach(...args)}. */
export const detach = m('detach');
