// Tensor operations: elementwise math, comparisons, reductions, linear algebra, shape and indexing.
// One native function per operation, so a call crosses the boundary once. A tensor-scalar form has
// its own function (`addScalar`): handles are numbers too, so one function could not tell them apart.
#include "common.h"
#include "ops.generated.h"

#include <ATen/ScalarOps.h>

namespace torchts {

// The regular ops' lists come from scripts/op-table.mjs (see ops.generated.h); each list is expanded
// into native functions by its DEF_ macro here.
#define DEF_UNARY(NAME) DEF(NAME, return a.ret(a.t(0).NAME());), DEF(NAME##_, a.t(0).NAME##_(); return a.none();),

#define DEF_BINARY(NAME)                                                    \
  DEF(NAME, return a.ret(a.t(0).NAME(a.t(1)));),                            \
  DEF(NAME##_, a.t(0).NAME##_(a.t(1)); return a.none();),                   \
  DEF_AS(NAME##Scalar, #NAME, return a.ret(a.t(0).NAME(a.s(1)));),          \
  DEF_AS(NAME##Scalar_, #NAME "_", a.t(0).NAME##_(a.s(1)); return a.none();),

// mul and div take a number as Python does: wrapped in a 0-d "wrapped number" tensor and passed to
// the Tensor overload, so autograd records the same function (MulBackward0, not MulBackward1).
#define DEF_WRAPPED(NAME)                                                                 \
  DEF(NAME, return a.ret(a.t(0).NAME(a.t(1)));),                                          \
  DEF(NAME##_, a.t(0).NAME##_(a.t(1)); return a.none();),                                 \
  DEF_AS(NAME##Scalar, #NAME, return a.ret(a.t(0).NAME(wrappedScalar(a.s(1))));),         \
  DEF_AS(NAME##Scalar_, #NAME "_", a.t(0).NAME##_(wrappedScalar(a.s(1))); return a.none();),

#define DEF_TENSOR_BINARY(NAME) DEF(NAME, return a.ret(at::NAME(a.t(0), a.t(1)));),
#define DEF_TENSOR_BINARY_INPLACE(NAME) DEF(NAME##_, a.t(0).NAME##_(a.t(1)); return a.none();),
#define DEF_NULLARY(NAME, FUNCTION) DEF(NAME, return a.ret(at::FUNCTION(a.t(0)));),

namespace {

// What Python's argument parser makes of a number passed where a Tensor is expected.
at::Tensor wrappedScalar(const at::Scalar& s) {
  at::Tensor t = c10::scalar_to_tensor(s);
  t.unsafeGetTensorImpl()->set_wrapped_number(true);
  return t;
}

// Reductions over optional dims: (t, dims?, keepdim, dtype?).
at::OptionalIntArrayRef dimsArg(const std::optional<std::vector<int64_t>>& dims) {
  return dims ? at::OptionalIntArrayRef(*dims) : at::OptionalIntArrayRef();
}

}  // namespace

static const Def kOps[] = {
    UNARY_OPS(DEF_UNARY)
    BINARY_OPS(DEF_BINARY)
    WRAPPED_SCALAR_OPS(DEF_WRAPPED)
    TENSOR_BINARY_OPS(DEF_TENSOR_BINARY)
    TENSOR_BINARY_INPLACE_OPS(DEF_TENSOR_BINARY_INPLACE)
    NULLARY_OPS(DEF_NULLARY)
    DEF(nanToNum, return a.ret(at::nan_to_num(a.t(0), a.optF(1), a.optF(2), a.optF(3)));),

    // add/sub carry alpha: (t, other, alpha)
    DEF(add, return a.ret(at::add(a.t(0), a.t(1), a.s(2)));),
    DEF(add_, a.t(0).add_(a.t(1), a.s(2)); return a.none();),
    DEF_AS(addScalar, "add", return a.ret(at::add(a.t(0), a.s(1), a.s(2)));),
    DEF_AS(addScalar_, "add_", a.t(0).add_(a.s(1), a.s(2)); return a.none();),
    DEF(sub, return a.ret(at::sub(a.t(0), a.t(1), a.s(2)));),
    DEF(sub_, a.t(0).sub_(a.t(1), a.s(2)); return a.none();),
    DEF_AS(subScalar, "sub", return a.ret(at::sub(a.t(0), a.s(1), a.s(2)));),
    DEF_AS(subScalar_, "sub_", a.t(0).sub_(a.s(1), a.s(2)); return a.none();),
    DEF_AS(rsubScalar, "rsub", return a.ret(at::rsub(a.t(0), a.s(1), a.s(2)));),
    DEF_AS(divMode, "div", return a.ret(at::div(a.t(0), a.t(1), a.str(2)));),
    DEF_AS(divScalarMode, "div", return a.ret(at::div(a.t(0), a.s(1), a.str(2)));),
    DEF_AS(powScalarBase, "pow", return a.ret(at::pow(a.s(0), a.t(1)));),
    DEF(addcmul_, a.t(0).addcmul_(a.t(1), a.t(2), a.s(3)); return a.none();),
    DEF(addcdiv_, a.t(0).addcdiv_(a.t(1), a.t(2), a.s(3)); return a.none();),
    DEF(lerp, return a.ret(at::lerp(a.t(0), a.t(1), a.s(2)));),
    DEF(lerp_, a.t(0).lerp_(a.t(1), a.s(2)); return a.none();),
    DEF(where, return a.ret(at::where(a.t(0), a.t(1), a.t(2)));),
    DEF_AS(whereScalarOther, "where", return a.ret(at::where(a.t(0), a.t(1), a.s(2)));),
    DEF_AS(whereScalarSelf, "where", return a.ret(at::where(a.t(0), a.s(1), a.t(2)));),
    DEF_AS(whereScalars, "where", return a.ret(at::where(a.t(0), a.s(1), a.s(2)));),
    DEF(clamp, return a.ret(at::clamp(a.t(0), a.optS(1), a.optS(2)));),
    DEF(clamp_, at::clamp_(a.t(0), a.optS(1), a.optS(2)); return a.none();),
    DEF_AS(clampTensor, "clamp", return a.ret(at::clamp(a.t(0), a.optT(1), a.optT(2)));),
    DEF(gelu, return a.ret(at::gelu(a.t(0), a.str(1)));),
    DEF(leakyRelu, return a.ret(at::leaky_relu(a.t(0), a.s(1)));),
    DEF(elu, return a.ret(at::elu(a.t(0), a.s(1)));),
    DEF(celu, return a.ret(at::celu(a.t(0), a.s(1)));),
    DEF(softplus, return a.ret(at::softplus(a.t(0), a.s(1), a.s(2)));),
    DEF(hardtanh, return a.ret(at::hardtanh(a.t(0), a.s(1), a.s(2)));),
    DEF(softmax, return a.ret(at::softmax(a.t(0), a.i64(1), a.optDtype(2)));),
    DEF(logSoftmax, return a.ret(at::log_softmax(a.t(0), a.i64(1), a.optDtype(2)));),

    // ---- reductions: (t, dims?, keepdim, ...)
    // Without dims, the full-reduction overloads Python calls (SumBackward0, MeanBackward0).
    DEF(sum, return a.isNullish(1) && !a.b(2) ? a.ret(at::sum(a.t(0), a.optDtype(3)))
                                              : a.ret(at::sum(a.t(0), dimsArg(a.optInts(1)), a.b(2), a.optDtype(3)));),
    DEF(mean, return a.isNullish(1) && !a.b(2) ? a.ret(at::mean(a.t(0), a.optDtype(3)))
                                               : a.ret(at::mean(a.t(0), dimsArg(a.optInts(1)), a.b(2), a.optDtype(3)));),
    DEF(nansum, return a.ret(at::nansum(a.t(0), dimsArg(a.optInts(1)), a.b(2), a.optDtype(3)));),
    DEF(prod, {
          if (a.isNullish(1)) return a.ret(at::prod(a.t(0), a.optDtype(3)));
          return a.ret(at::prod(a.t(0), a.i64(1), a.b(2), a.optDtype(3)));
        }),
    DEF(amax, return a.ret(at::amax(a.t(0), a.optInts(1).value_or(std::vector<int64_t>{}), a.b(2)));),
    DEF(amin, return a.ret(at::amin(a.t(0), a.optInts(1).value_or(std::vector<int64_t>{}), a.b(2)));),
    DEF_AS(maxAll, "max", return a.ret(at::max(a.t(0)));),
    DEF_AS(minAll, "min", return a.ret(at::min(a.t(0)));),
    DEF_AS(maxDim, "max", return a.ret(at::max(a.t(0), a.i64(1), a.b(2)));),  // [values, indices]
    DEF_AS(minDim, "min", return a.ret(at::min(a.t(0), a.i64(1), a.b(2)));),
    DEF(argmax, return a.ret(at::argmax(a.t(0), a.optI64(1), a.b(2)));),
    DEF(argmin, return a.ret(at::argmin(a.t(0), a.optI64(1), a.b(2)));),
    DEF(std, return a.ret(at::std(a.t(0), dimsArg(a.optInts(1)), at::Scalar(a.f(3)), a.b(2)));),
    DEF(var, return a.ret(at::var(a.t(0), dimsArg(a.optInts(1)), at::Scalar(a.f(3)), a.b(2)));),
    DEF(norm, {  // (t, p, dims?, keepdim)
          at::Tensor t = a.t(0);
          auto dims = a.optInts(2);
          return a.ret(at::linalg_vector_norm(t, a.s(1), dimsArg(dims), a.b(3), std::nullopt));
        }),
    DEF(logsumexp, return a.ret(at::logsumexp(a.t(0), a.ints(1), a.b(2)));),
    DEF(all, return a.isNullish(1) ? a.ret(at::all(a.t(0))) : a.ret(at::all(a.t(0), a.i64(1), a.b(2)));),
    DEF(any, return a.isNullish(1) ? a.ret(at::any(a.t(0))) : a.ret(at::any(a.t(0), a.i64(1), a.b(2)));),
    DEF(cumsum, return a.ret(at::cumsum(a.t(0), a.i64(1), a.optDtype(2)));),
    DEF(cumprod, return a.ret(at::cumprod(a.t(0), a.i64(1), a.optDtype(2)));),
    DEF(countNonzero, return a.ret(at::count_nonzero(a.t(0), a.optI64(1)));),
    DEF(topk, return a.ret(at::topk(a.t(0), a.i64(1), a.i64(2), a.b(3), a.b(4)));),
    // (t, dim, descending, stable): the stable overload only when asked, as Python's x.sort().
    DEF(sort, return a.b(3) ? a.ret(at::sort(a.t(0), true, a.i64(1), a.b(2))) : a.ret(at::sort(a.t(0), a.i64(1), a.b(2)));),
    DEF(argsort, return a.ret(at::argsort(a.t(0), a.b(3), a.i64(1), a.b(2)));),
    DEF(allclose, return a.ret(at::allclose(a.t(0), a.t(1), a.f(2), a.f(3), a.b(4)));),
    DEF(equal, return a.ret(at::equal(a.t(0), a.t(1)));),

    // ---- linear algebra
    DEF(linear, return a.ret(at::linear(a.t(0), a.t(1), a.optT(2)));),
    DEF(addmm, return a.ret(at::addmm(a.t(0), a.t(1), a.t(2), a.s(3), a.s(4)));),
    DEF(baddbmm, return a.ret(at::baddbmm(a.t(0), a.t(1), a.t(2), a.s(3), a.s(4)));),
    DEF(einsum, return a.ret(at::einsum(a.str(0), a.tensors(1)));),
    DEF(tril, return a.ret(at::tril(a.t(0), a.i64(1)));),
    DEF(triu, return a.ret(at::triu(a.t(0), a.i64(1)));),
    DEF(diag, return a.ret(at::diag(a.t(0), a.i64(1)));),

    // ---- shape
    DEF(reshape, return a.ret(a.t(0).reshape(a.ints(1)));),
    DEF(view, return a.ret(a.t(0).view(a.ints(1)));),
    DEF(viewDtype, return a.ret(a.t(0).view(a.dtype(1)));),
    DEF(permute, return a.ret(a.t(0).permute(a.ints(1)));),
    DEF(transpose, return a.ret(a.t(0).transpose(a.i64(1), a.i64(2)));),
    // One dim as a number: squeeze.dim, as Python's x.squeeze(0); an array: squeeze.dims.
    DEF(squeeze, return a.isNullish(1) ? a.ret(a.t(0).squeeze())
                        : a.isNumber(1) ? a.ret(a.t(0).squeeze(a.i64(1))) : a.ret(a.t(0).squeeze(a.ints(1)));),
    DEF(unsqueeze, return a.ret(a.t(0).unsqueeze(a.i64(1)));),
    DEF(flatten, return a.ret(a.t(0).flatten(a.i64(1), a.i64(2)));),
    DEF(unflatten, return a.ret(a.t(0).unflatten(a.i64(1), a.ints(2)));),
    DEF(expand, return a.ret(a.t(0).expand(a.ints(1)));),
    DEF(repeat, return a.ret(a.t(0).repeat(a.ints(1)));),
    DEF(repeatInterleave, return a.ret(at::repeat_interleave(a.t(0), a.i64(1), a.optI64(2)));),
    DEF(tile, return a.ret(at::tile(a.t(0), a.ints(1)));),
    DEF(flip, return a.ret(at::flip(a.t(0), a.ints(1)));),
    DEF(roll, return a.ret(at::roll(a.t(0), a.ints(1), a.ints(2)));),
    DEF(cat, return a.ret(at::cat(a.tensors(0), a.i64(1)));),
    DEF(stack, return a.ret(at::stack(a.tensors(0), a.i64(1)));),
    DEF(split, return a.ret(at::split(a.t(0), a.i64(1), a.i64(2)));),
    DEF_AS(splitSizes, "split", return a.ret(at::split_with_sizes(a.t(0), a.ints(1), a.i64(2)));),
    DEF(chunk, return a.ret(at::chunk(a.t(0), a.i64(1), a.i64(2)));),
    DEF(unbind, return a.ret(at::unbind(a.t(0), a.i64(1)));),
    DEF(broadcastTo, return a.ret(at::broadcast_to(a.t(0), a.ints(1)));),
    DEF(broadcastShapes, {
          Napi::Array arr = a.arg(0).As<Napi::Array>();
          if (!a.arg(0).IsArray()) throw ArgError("argument 1 must be an array of shapes");
          std::vector<int64_t> out;
          for (uint32_t k = 0; k < arr.Length(); k++) {
            Napi::Value v = arr[k];
            if (!v.IsArray()) throw ArgError("argument 1 must be an array of shapes");
            Napi::Array s = v.As<Napi::Array>();
            std::vector<int64_t> shape(s.Length());
            for (uint32_t j = 0; j < s.Length(); j++) shape[j] = Napi::Value(s[j]).As<Napi::Number>().Int64Value();
            out = at::infer_size(out, shape);
          }
          return a.ret(out);
        }),

    // ---- indexing
    DEF(select, return a.ret(a.t(0).select(a.i64(1), a.i64(2)));),
    DEF(narrow, return a.ret(a.t(0).narrow(a.i64(1), a.i64(2), a.i64(3)));),
    DEF(slice, return a.ret(a.t(0).slice(a.i64(1), a.optI64(2), a.optI64(3), a.i64(4)));),
    DEF(indexSelect, return a.ret(at::index_select(a.t(0), a.i64(1), a.t(2)));),
    DEF(gather, return a.ret(at::gather(a.t(0), a.i64(1), a.t(2)));),
    DEF(scatter, return a.ret(at::scatter(a.t(0), a.i64(1), a.t(2), a.t(3)));),
    DEF_AS(scatterScalar, "scatter", return a.ret(at::scatter(a.t(0), a.i64(1), a.t(2), a.s(3)));),
    DEF(scatterAdd, return a.ret(at::scatter_add(a.t(0), a.i64(1), a.t(2), a.t(3)));),
    DEF(scatterReduce, return a.ret(at::scatter_reduce(a.t(0), a.i64(1), a.t(2), a.t(3), a.str(4), a.b(5)));),
    DEF(indexAdd, return a.ret(at::index_add(a.t(0), a.i64(1), a.t(2), a.t(3), a.s(4)));),
    DEF(maskedFill, return a.ret(at::masked_fill(a.t(0), a.t(1), a.s(2)));),
    DEF(maskedFill_, a.t(0).masked_fill_(a.t(1), a.s(2)); return a.none();),
    DEF_AS(maskedFillTensor, "maskedFill", return a.ret(at::masked_fill(a.t(0), a.t(1), a.t(2)));),
    DEF(maskedSelect, return a.ret(at::masked_select(a.t(0), a.t(1)));),
    DEF(maskedScatter, return a.ret(at::masked_scatter(a.t(0), a.t(1), a.t(2)));),
    DEF(index, return a.ret(at::index(a.t(0), [&] {
          c10::List<std::optional<at::Tensor>> list;
          for (auto& x : a.optTensors(1)) list.push_back(x);
          return list;
        }()));),
    DEF(indexPut_, {
          c10::List<std::optional<at::Tensor>> list;
          for (auto& x : a.optTensors(1)) list.push_back(x);
          a.t(0).index_put_(list, a.t(2), a.b(3));
          return a.none();
        }),
    DEF(take, return a.ret(at::take(a.t(0), a.t(1)));),
    DEF(unique, {  // (t, sorted, returnInverse, returnCounts, dim?)
          auto r = a.isNullish(4) ? at::_unique2(a.t(0), a.b(1), a.b(2), a.b(3))
                                  : at::unique_dim(a.t(0), a.i64(4), a.b(1), a.b(2), a.b(3));
          return a.ret(std::vector<at::Tensor>{std::get<0>(r), std::get<1>(r), std::get<2>(r)});
        }),
    DEF(bincount, return a.ret(at::bincount(a.t(0), a.optT(1), a.i64(2)));),
    DEF(searchsorted, return a.ret(at::searchsorted(a.t(0), a.t(1), false, a.b(2)));),
    DEF(oneHot, return a.ret(at::one_hot(a.t(0), a.i64(1)));),
};

void registerOps(Napi::Env env, Napi::Object exports) {
  exportAll(env, exports, kOps);
}

}  // namespace torchts
