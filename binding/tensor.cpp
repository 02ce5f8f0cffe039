// Tensor creation, metadata, conversion and read-back.
#include "common.h"

namespace torchts {

namespace {

at::TensorOptions options(const Args& a, size_t dtypeArg, size_t deviceArg) {
  at::TensorOptions o;
  if (auto d = a.optDtype(dtypeArg)) o = o.dtype(*d);
  if (!a.isNullish(deviceArg)) o = o.device(a.device(deviceArg));
  return o;
}

// This instance's generator for a random op on `device`: CUDA ops draw from the CUDA generator of
// their device (process-wide, as in PyTorch), which a CPU generator cannot stand in for.
std::optional<at::Generator> generatorFor(const Args& a, c10::Device device) {
  if (device.is_cpu()) return a.st.cpuGenerator;
  return std::nullopt;
}

std::optional<at::Generator> generatorFor(const Args& a, const at::TensorOptions& o) {
  return generatorFor(a, o.device());
}

// The dtype a TypedArray's bytes hold.
at::ScalarType typedArrayDtype(napi_typedarray_type type) {
  switch (type) {
    case napi_float32_array: return at::kFloat;
    case napi_float64_array: return at::kDouble;
    case napi_int8_array: return at::kChar;
    case napi_uint8_array:
    case napi_uint8_clamped_array: return at::kByte;
    case napi_int16_array: return at::kShort;
    case napi_int32_array: return at::kInt;
    case napi_bigint64_array: return at::kLong;
    default: throw ArgError("unsupported TypedArray kind (use Float32Array, Float64Array, Int8/16/32Array, Uint8Array or BigInt64Array)");
  }
}

struct View {
  void* data;
  size_t length;  // elements
  at::ScalarType dtype;
  napi_value buffer;
};

View typedArray(const Args& a, size_t i) {
  Napi::Value v = a.arg(i);
  if (!v.IsTypedArray()) throw ArgError("argument " + std::to_string(i + 1) + " must be a TypedArray");
  napi_typedarray_type type;
  size_t length;
  void* data;
  napi_value buffer;
  size_t offset;
  NAPI_THROW_IF_FAILED(a.env, napi_get_typedarray_info(a.env, v, &type, &length, &data, &buffer, &offset), View{});
  return View{data, length, typedArrayDtype(type), buffer};
}

void checkNumel(const View& view, at::IntArrayRef shape) {
  int64_t numel = c10::multiply_integers(shape);
  if (numel != static_cast<int64_t>(view.length)) {
    throw ArgError("shape " + c10::str(shape) + " holds " + std::to_string(numel) + " elements but the data has " +
                   std::to_string(view.length));
  }
}

const char* dtypeName(at::ScalarType t) {
  switch (t) {
    case at::kLong: return "int64";
    case at::kInt: return "int32";
    case at::kShort: return "int16";
    case at::kChar: return "int8";
    case at::kByte: return "uint8";
    default: return c10::toString(t);
  }
}

// Converting a float that the target integer type cannot hold is undefined behaviour in C++ (in
// practice -2^63 for NaN, 44 for 300 as int8). PyTorch refuses such values ("value cannot be
// converted to type int8_t without overflow"), comparing the value itself with the type's bounds
// (127.9 does not fit int8), and lets uint8 wrap from -255 (c10's overflows() allows it); so does
// torchts, naming the element. One difference: PyTorch lets 2.0**63 through as int64 (its bound
// rounds up to 2^63) and gives -2^63; torchts refuses it.
template <typename Float>
void checkIntegralRange(const Float* data, size_t n, at::ScalarType target) {
  int64_t min, max;
  switch (target) {
    case at::kLong: min = std::numeric_limits<int64_t>::min(), max = std::numeric_limits<int64_t>::max(); break;
    case at::kInt: min = std::numeric_limits<int32_t>::min(), max = std::numeric_limits<int32_t>::max(); break;
    case at::kShort: min = std::numeric_limits<int16_t>::min(), max = std::numeric_limits<int16_t>::max(); break;
    case at::kChar: min = std::numeric_limits<int8_t>::min(), max = std::numeric_limits<int8_t>::max(); break;
    case at::kByte: min = 0, max = 255; break;
    default: return;
  }
  const double lo = target == at::kByte ? -255.0 : static_cast<double>(min);
  // 2^63 - 1 is no double; the largest double below 2^63 is the last one int64 holds.
  auto fits = [&](double v) { return v >= lo && (target == at::kLong ? v < 9223372036854775808.0 : v <= static_cast<double>(max)); };
  for (size_t k = 0; k < n; k++) {
    double v = static_cast<double>(data[k]);
    if (fits(v)) continue;  // false for NaN
    std::string shown = std::isnan(v) ? "NaN" : std::isinf(v) ? (v > 0 ? "Infinity" : "-Infinity") : c10::str(v);
    throw ArgError("element " + std::to_string(k) + " of the data (" + shown + ") cannot be converted to " + dtypeName(target) +
                   " without overflow; " + dtypeName(target) + " holds integers from " + c10::str(min) + " to " + c10::str(max) +
                   ". Use a floating-point dtype, or fix the data.");
  }
}

void checkConvertible(const View& view, at::ScalarType target) {
  if (view.dtype == at::kDouble) checkIntegralRange(static_cast<const double*>(view.data), view.length, target);
  if (view.dtype == at::kFloat) checkIntegralRange(static_cast<const float*>(view.data), view.length, target);
}

at::Tensor maybeRequiresGrad(at::Tensor t, const Args& a, size_t i) {
  if (!a.isNullish(i) && a.b(i)) t.requires_grad_(true);
  return t;
}

// A copy of `t` as a contiguous CPU tensor in a dtype a TypedArray can hold.
at::Tensor readable(const at::Tensor& t) {
  at::ScalarType out = t.scalar_type();
  if (out == at::kHalf || out == at::kBFloat16) out = at::kFloat;
  if (out == at::kBool) out = at::kByte;
  return t.detach().to(at::kCPU, out).contiguous();
}

Napi::Value toTypedArray(const Args& a, const at::Tensor& src) {
  at::Tensor c = readable(src);
  size_t n = static_cast<size_t>(c.numel());
  size_t bytes = n * c.element_size();
  Napi::ArrayBuffer buf = Napi::ArrayBuffer::New(a.env, bytes);
  if (bytes) std::memcpy(buf.Data(), c.data_ptr(), bytes);
  switch (c.scalar_type()) {
    case at::kFloat: return Napi::Float32Array::New(a.env, n, buf, 0);
    case at::kDouble: return Napi::Float64Array::New(a.env, n, buf, 0);
    case at::kLong: return Napi::TypedArrayOf<int64_t>::New(a.env, n, buf, 0, napi_bigint64_array);
    case at::kInt: return Napi::Int32Array::New(a.env, n, buf, 0);
    case at::kShort: return Napi::Int16Array::New(a.env, n, buf, 0);
    case at::kChar: return Napi::Int8Array::New(a.env, n, buf, 0);
    case at::kByte: return Napi::Uint8Array::New(a.env, n, buf, 0);
    default: throw ArgError(std::string("cannot read back dtype ") + c10::toString(c.scalar_type()));
  }
}

Napi::Value item(const Args& a) {
  const at::Tensor& t = a.t(0);
  if (t.numel() != 1) {
    throw std::runtime_error("a Tensor with " + std::to_string(t.numel()) + " elements cannot be converted to a number");
  }
  at::Scalar s = t.item();
  if (s.isBoolean()) return Napi::Boolean::New(a.env, s.toBool());
  if (s.isIntegral(false)) return Napi::Number::New(a.env, static_cast<double>(s.toLong()));
  return Napi::Number::New(a.env, s.toDouble());
}

// Zero-copy: the tensor borrows the TypedArray's memory and keeps its buffer alive with a reference,
// released on the JS thread (the storage may die on an autograd thread). Only for SharedArrayBuffer:
// a plain ArrayBuffer can be transferred (detached) while the tensor still points into it.
Napi::Value fromBlob(const Args& a) {
  View view = typedArray(a, 0);
  bool transferable = false;  // napi_is_arraybuffer: a plain ArrayBuffer, not a SharedArrayBuffer
  NAPI_THROW_IF_FAILED(a.env, napi_is_arraybuffer(a.env, view.buffer, &transferable), Napi::Value());
  if (transferable) throw ArgError("zero-copy needs a TypedArray over a SharedArrayBuffer (an ArrayBuffer can be transferred away)");
  std::vector<int64_t> shape = a.isNullish(1) ? std::vector<int64_t>{static_cast<int64_t>(view.length)} : a.ints(1);
  checkNumel(view, shape);
  napi_ref ref;
  NAPI_THROW_IF_FAILED(a.env, napi_create_reference(a.env, view.buffer, 1, &ref), Napi::Value());
  auto queue = a.st.releaseQueue;
  at::Tensor t = at::from_blob(
      view.data, shape,
      [queue, ref](void*) {
        std::lock_guard<std::mutex> lock(queue->mutex);
        queue->refs.push_back(ref);
        queue->pending = true;
      },
      at::TensorOptions().dtype(view.dtype));
  return a.ret(maybeRequiresGrad(t, a, 2));
}

}  // namespace

static const Def kTensor[] = {
    // ---- creation: (..., dtype?, device?, requiresGrad?)
    DEF_AS(fromData, "tensor",  // (typedArray, shape, dtype?, device?, requiresGrad?): copies
        View view = typedArray(a, 0);
        std::vector<int64_t> shape = a.ints(1);
        checkNumel(view, shape);
        at::Tensor t = at::from_blob(view.data, shape, at::TensorOptions().dtype(view.dtype));
        at::ScalarType dtype = a.optDtype(2).value_or(view.dtype);
        checkConvertible(view, dtype);
        c10::Device device = a.isNullish(3) ? c10::Device(at::kCPU) : a.device(3);
        return a.ret(maybeRequiresGrad(t.to(device, dtype, /*non_blocking=*/false, /*copy=*/true), a, 4));),
    DEF_AS(fromBlob, "from", return fromBlob(a);),
    DEF(empty, return a.ret(maybeRequiresGrad(at::empty(a.ints(0), options(a, 1, 2)), a, 3));),
    DEF(zeros, return a.ret(maybeRequiresGrad(at::zeros(a.ints(0), options(a, 1, 2)), a, 3));),
    DEF(ones, return a.ret(maybeRequiresGrad(at::ones(a.ints(0), options(a, 1, 2)), a, 3));),
    DEF(full, return a.ret(maybeRequiresGrad(at::full(a.ints(0), a.s(1), options(a, 2, 3)), a, 4));),
    DEF(arange, return a.ret(maybeRequiresGrad(at::arange(a.s(0), a.s(1), a.s(2), options(a, 3, 4)), a, 5));),
    DEF(linspace, return a.ret(maybeRequiresGrad(at::linspace(a.s(0), a.s(1), a.i64(2), options(a, 3, 4)), a, 5));),
    DEF(logspace, return a.ret(maybeRequiresGrad(at::logspace(a.s(0), a.s(1), a.i64(2), a.f(3), options(a, 4, 5)), a, 6));),
    DEF(eye, return a.ret(maybeRequiresGrad(at::eye(a.i64(0), a.i64(1), options(a, 2, 3)), a, 4));),
    // Random ops draw from this instance's generator (see State::cpuGenerator).
    DEF(rand, {
          auto o = options(a, 1, 2);
          return a.ret(maybeRequiresGrad(at::rand(a.ints(0), generatorFor(a, o), o), a, 3));
        }),
    DEF(randn, {
          auto o = options(a, 1, 2);
          return a.ret(maybeRequiresGrad(at::randn(a.ints(0), generatorFor(a, o), o), a, 3));
        }),
    DEF(randint, {
          auto o = options(a, 3, 4).dtype(a.optDtype(3).value_or(at::kLong));
          return a.ret(at::randint(a.i64(0), a.i64(1), a.ints(2), generatorFor(a, o), o));
        }),
    // torch.randperm(n, generator=torch.Generator().manual_seed(seed)) as int64 (data.DistributedSampler).
    DEF(randpermSeeded, {
          auto g = at::make_generator<at::CPUGeneratorImpl>(static_cast<uint64_t>(a.i64(1)));
          return a.ret(at::randperm(a.i64(0), g, at::TensorOptions().dtype(at::kLong)));
        }),
    // The index draws of torch.utils.data's samplers, each from one generator seeded with `seed`, in
    // the order PyTorch's __iter__ makes them (so the same seed gives the same indices):
    // (n, numSamples, replacement, seed) for RandomSampler: randint in chunks of 32 with replacement,
    // else whole randperms; (weights, numSamples, replacement, seed) for WeightedRandomSampler.
    DEF(randomSamplerIndices, {
          int64_t n = a.i64(0), count = a.i64(1);
          bool replacement = a.b(2);
          auto g = at::make_generator<at::CPUGeneratorImpl>(static_cast<uint64_t>(a.i64(3)));
          auto longs = at::TensorOptions().dtype(at::kLong);
          std::vector<at::Tensor> parts;
          if (replacement) {
            for (int64_t i = 0; i < count / 32; i++) parts.push_back(at::randint(n, {32}, g, longs));
            parts.push_back(at::randint(n, {count % 32}, g, longs));
          } else {
            for (int64_t i = 0; i < count / n; i++) parts.push_back(at::randperm(n, g, longs));
            parts.push_back(at::randperm(n, g, longs).slice(0, 0, count % n));
          }
          return a.ret(at::cat(parts));
        }),
    DEF(weightedSamplerIndices, {
          auto g = at::make_generator<at::CPUGeneratorImpl>(static_cast<uint64_t>(a.i64(3)));
          return a.ret(at::multinomial(a.t(0).to(at::kDouble), a.i64(1), a.b(2), g));
        }),
    DEF(randperm, {
          auto o = options(a, 1, 2).dtype(a.optDtype(1).value_or(at::kLong));
          return a.ret(at::randperm(a.i64(0), generatorFor(a, o), o));
        }),
    DEF(multinomial, return a.ret(at::multinomial(a.t(0), a.i64(1), a.b(2), generatorFor(a, a.t(0).device())));),
    DEF(bernoulli, return a.ret(at::bernoulli(a.t(0), generatorFor(a, a.t(0).device())));),
    DEF(bernoulliP, return a.ret(at::bernoulli(a.t(0), a.f(1), generatorFor(a, a.t(0).device())));),
    DEF(normal_, a.t(0).normal_(a.f(1), a.f(2), generatorFor(a, a.t(0).device())); return a.none();),
    DEF(uniform_, a.t(0).uniform_(a.f(1), a.f(2), generatorFor(a, a.t(0).device())); return a.none();),
    DEF(fill_, a.t(0).fill_(a.s(1)); return a.none();),
    DEF(zero_, a.t(0).zero_(); return a.none();),
    DEF(copy_, a.t(0).copy_(a.t(1)); return a.none();),

    // ---- metadata
    DEF(shape, return a.ret(a.t(0).sizes().vec());),
    DEF(strides, return a.ret(a.t(0).strides().vec());),
    DEF(dtype, return a.ret(static_cast<double>(static_cast<int>(a.t(0).scalar_type())));),
    DEF(device, return a.ret(a.t(0).device().str());),
    DEF(numel, return a.ret(static_cast<double>(a.t(0).numel()));),
    DEF(dim, return a.ret(static_cast<double>(a.t(0).dim()));),
    DEF(isContiguous, return a.ret(a.t(0).is_contiguous());),
    DEF(requiresGrad, return a.ret(a.t(0).requires_grad());),
    DEF(requiresGrad_, a.t(0).requires_grad_(a.b(1)); return a.none();),
    DEF(isLeaf, return a.ret(a.t(0).is_leaf());),
    DEF(gradFn, {
          const auto& fn = a.t(0).grad_fn();
          if (!fn) return a.env.Null();
          // Python shows the class name without its C++ namespace (torch::autograd::CopySlices -> CopySlices).
          std::string name = fn->name();
          size_t colon = name.rfind("::");
          return a.ret(colon == std::string::npos ? name : name.substr(colon + 2));
        }),
    DEF(grad, return a.ret(a.t(0).grad());),
    DEF(hasGrad, return a.ret(a.t(0).grad().defined());),
    DEF(setGrad, a.t(0).mutable_grad() = a.optT(1).value_or(at::Tensor()); return a.none();),
    DEF(retainGrad, a.t(0).retain_grad(); return a.none();),
    DEF(version, return a.ret(static_cast<double>(a.t(0)._version()));),
    DEF(sameStorage, return a.ret(a.t(0).is_alias_of(a.t(1)));),

    // ---- conversion
    DEF(to,  // (t, dtype?, device?, copy)
        const at::Tensor& t = a.t(0);
        c10::Device device = a.isNullish(2) ? t.device() : a.device(2);
        return a.ret(t.to(device, a.optDtype(1).value_or(t.scalar_type()), false, a.b(3)));),
    DEF(clone, return a.ret(a.t(0).clone());),
    DEF(detach, return a.ret(a.t(0).detach());),
    DEF(detach_, a.t(0).detach_(); return a.none();),
    DEF(contiguous, return a.ret(a.t(0).contiguous());),
    DEF(alias, return a.ret(a.t(0));),  // a second handle on the same tensor
    // Python's `param.data = src`: same tensor object for autograd and for every handle on it, new data.
    DEF(setData, a.t(0).set_data(a.t(1)); return a.none();),

    // ---- raw bytes, for serialisation: (t) -> ArrayBuffer of the contiguous CPU data, any dtype
    DEF(rawData, {
          at::Tensor c = a.t(0).detach().to(at::kCPU).contiguous();
          size_t bytes = c.numel() * c.element_size();
          Napi::ArrayBuffer buf = Napi::ArrayBuffer::New(a.env, bytes);
          if (bytes) std::memcpy(buf.Data(), c.data_ptr(), bytes);
          return buf;
        }),
    // (Uint8Array, shape, dtype, device?) -> a new tensor holding a copy of the bytes as `dtype`
    DEF(fromRaw, {
          View view = typedArray(a, 0);
          if (view.dtype != at::kByte) throw ArgError("argument 1 must be a Uint8Array of raw bytes");
          std::vector<int64_t> shape = a.ints(1);
          at::ScalarType dtype = a.dtype(2);
          int64_t numel = c10::multiply_integers(shape);
          size_t need = static_cast<size_t>(numel) * c10::elementSize(dtype);
          if (need != view.length) {
            throw ArgError("shape " + c10::str(shape) + " of " + c10::toString(dtype) + " needs " + std::to_string(need) +
                           " bytes but " + std::to_string(view.length) + " were given");
          }
          at::Tensor t = at::empty(shape, at::TensorOptions().dtype(dtype));
          if (need) std::memcpy(t.data_ptr(), view.data, need);
          return a.ret(a.isNullish(3) ? t : t.to(a.device(3)));
        }),
    // This instance's CPU generator state, as PyTorch's torch.get_rng_state() (a uint8 tensor).
    DEF(getRngState, {
          auto gen = a.st.cpuGenerator;
          std::lock_guard<std::mutex> lock(gen.mutex());
          return a.ret(gen.get_state());
        }),
    DEF(setRngState, {
          auto gen = a.st.cpuGenerator;
          std::lock_guard<std::mutex> lock(gen.mutex());
          gen.set_state(a.t(0));
          return a.none();
        }),
    // A CUDA device's generator state, as torch.cuda.get_rng_state(device), through ATen's
    // device-generic context (no CUDA headers); without CUDA, libtorch's own error.
    DEF(getCudaRngState, {
          auto gen = at::globalContext().defaultGenerator(c10::Device(c10::kCUDA, static_cast<c10::DeviceIndex>(a.i64(0))));
          std::lock_guard<std::mutex> lock(gen.mutex());
          return a.ret(gen.get_state());
        }),
    DEF(setCudaRngState, {
          auto gen = at::globalContext().defaultGenerator(c10::Device(c10::kCUDA, static_cast<c10::DeviceIndex>(a.i64(0))));
          std::lock_guard<std::mutex> lock(gen.mutex());
          gen.set_state(a.t(1));
          return a.none();
        }),

    // ---- read-back
    DEF(item, return item(a);),
    DEF(data, return toTypedArray(a, a.t(0));),
};

void registerTensor(Napi::Env env, Napi::Object exports) {
  exportAll(env, exports, kTensor);
}

}  // namespace torchts
