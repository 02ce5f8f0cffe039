// Addon entry: the tensor table, errors, argument readers, and library-level facts (versions,
// threads, memory). Everything per addon instance, so the addon is context-aware.
#include "common.h"

#include <ATen/Parallel.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <torch/csrc/api/include/torch/version.h>
#include <ATen/DeviceAccelerator.h>
#include <chrono>
#include <cmath>
#include <cstring>
#include <dlfcn.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace torchts {

// ---- Table -----------------------------------------------------------------------------------------

State::~State() {
  slots.clear();  // release every tensor before the environment goes
}

State& state(Napi::Env env) {
  return *env.GetInstanceData<State>();
}

static void reportBytes(Napi::Env env, State& st, int64_t delta) {
  st.liveBytes += delta;
  st.unreportedBytes += delta;
  if (st.unreportedBytes > (1 << 20) || st.unreportedBytes < -(1 << 20)) {
    int64_t ignored;
    napi_adjust_external_memory(env, st.unreportedBytes, &ignored);
    st.unreportedBytes = 0;
  }
}

double put(Napi::Env env, State& st, at::Tensor t) {
  uint32_t index;
  if (st.freeSlots.empty()) {
    if (st.slots.size() > kIndexMask) throw std::runtime_error("more than 16M live tensors: dispose some");
    index = static_cast<uint32_t>(st.slots.size());
    st.slots.emplace_back();
  } else {
    index = st.freeSlots.back();
    st.freeSlots.pop_back();
  }
  Slot& slot = st.slots[index];
  // Counted as numel * itemsize: views share storage, so this over-reports them, never under-reports.
  slot.bytes = t.is_sparse() ? 0 : static_cast<int64_t>(t.numel()) * static_cast<int64_t>(t.element_size());
  slot.tensor = std::move(t);
  slot.generation = (slot.generation + 1) & ((1u << 29) - 1);
  if (slot.generation == 0) slot.generation = 1;
  st.liveCount++;
  reportBytes(env, st, slot.bytes);
  return static_cast<double>((static_cast<uint64_t>(slot.generation) << kIndexBits) | index);
}

static Slot* find(State& st, double handle) {
  if (!(handle >= 0) || handle > 9007199254740991.0) return nullptr;
  uint64_t h = static_cast<uint64_t>(handle);
  if (static_cast<double>(h) != handle) return nullptr;
  uint64_t index = h & kIndexMask;
  if (index >= st.slots.size()) return nullptr;
  Slot& slot = st.slots[index];
  if (slot.generation != (h >> kIndexBits) || !slot.tensor.defined()) return nullptr;
  return &slot;
}

at::Tensor tensorAt(State& st, double handle, const std::string& what) {
  Slot* slot = find(st, handle);
  if (!slot) throw DisposedError(what + " has been disposed and cannot be used again");
  return slot->tensor;
}

void release(Napi::Env env, State& st, double handle) {
  Slot* slot = find(st, handle);
  if (!slot) return;  // already released: dispose() is idempotent
  slot->tensor.reset();
  st.liveCount--;
  reportBytes(env, st, -slot->bytes);
  slot->bytes = 0;
  st.freeSlots.push_back(static_cast<uint32_t>(slot - st.slots.data()));
  if (st.releaseQueue->pending.load(std::memory_order_relaxed)) drainReleaseQueue(env, st);
}

void drainReleaseQueue(Napi::Env env, State& st) {
  std::vector<napi_ref> refs;
  {
    std::lock_guard<std::mutex> lock(st.releaseQueue->mutex);
    refs.swap(st.releaseQueue->refs);
    st.releaseQueue->pending = false;
  }
  for (napi_ref r : refs) napi_delete_reference(env, r);
}

// ---- Errors ----------------------------------------------------------------------------------------

std::string firstMeaningfulLine(const std::string& message) {
  // libtorch messages may carry "Exception raised from ..." and backtrace lines after the message.
  size_t start = message.find_first_not_of(" \n\t");
  if (start == std::string::npos) return "unknown error";
  size_t end = message.find('\n', start);
  std::string line = message.substr(start, end == std::string::npos ? std::string::npos : end - start);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
  return line;
}

// Whole identifiers (letters, digits, '_' and '::') of libtorch's messages that name a dtype the C++
// way, and torchts' name for each. "Float"/"Half" come from ScalarType names ("expected scalar type
// Float but found Half"), "c10::Half" and lower-case C++ types from type checks ("got: float !=
// c10::Half").
static const std::pair<const char*, const char*> kDtypeWords[] = {
    {"c10::Half", "float16"}, {"c10::BFloat16", "bfloat16"}, {"Float", "float32"}, {"Double", "float64"},
    {"Half", "float16"},      {"BFloat16", "bfloat16"},      {"Long", "int64"},    {"Int", "int32"},
    {"Short", "int16"},       {"Char", "int8"},              {"Byte", "uint8"},    {"Bool", "bool"},
};
static const std::pair<const char*, const char*> kCppTypeWords[] = {
    {"float", "float32"}, {"double", "float64"}, {"int64_t", "int64"}, {"int", "int32"},
};
static const std::pair<const char*, const char*> kCppTypePhrases[] = {
    {"long int", "int64"}, {"short int", "int16"}, {"signed char", "int8"}, {"unsigned char", "uint8"},
};

static void replaceAll(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
}

static bool endsWith(const std::string& s, const char* suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

static std::string renameDtypes(std::string line) {
  // C++'s lower-case type names only where a type comparison prints them ("got: long int != float")
  // or right after "dtype " ("got mask with dtype float"); elsewhere they may be plain words.
  bool comparison = line.find(" != ") != std::string::npos;
  if (comparison) for (const auto& [from, to] : kCppTypePhrases) replaceAll(line, from, to);
  std::string out;
  size_t i = 0;
  auto isWord = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  while (i < line.size()) {
    if (!isWord(line[i])) {
      out += line[i++];
      continue;
    }
    size_t j = i;
    while (j < line.size() && (isWord(line[j]) || (line[j] == ':' && j + 2 < line.size() && line[j + 1] == ':' && isWord(line[j + 2])))) {
      j += line[j] == ':' ? 2 : 1;
    }
    std::string word = line.substr(i, j - i);
    const char* renamed = nullptr;
    for (const auto& [from, to] : kDtypeWords) if (word == from) renamed = to;
    if (comparison || endsWith(out, "dtype ")) for (const auto& [from, to] : kCppTypeWords) if (word == from) renamed = to;
    out += renamed ? renamed : word;
    i = j;
  }
  return out;
}

std::string userMessage(const std::string& message) {
  std::string line = firstMeaningfulLine(message);
  // "[enforce fail at alloc_cpu.cpp:127] err == 0. DefaultCPUAllocator: can't allocate memory: ...":
  // the source location and the failed condition mean nothing to a user.
  if (line.rfind("[enforce fail at ", 0) == 0) {
    size_t close = line.find("] ");
    size_t sentence = close == std::string::npos ? std::string::npos : line.find(". ", close);
    if (sentence != std::string::npos) line = line.substr(sentence + 2);
  }
  line = renameDtypes(line);
  // Autograd's advice names Python's keyword argument.
  replaceAll(line, "retain_graph=True", "{ retainGraph: true }");
  return line;
}

// ---- Random generator ------------------------------------------------------------------------------

at::Tensor withInstanceGenerator(State& st, const std::function<at::Tensor()>& body) {
  static std::mutex sections;
  std::lock_guard<std::mutex> section(sections);
  auto process = at::detail::getDefaultCPUGenerator();
  at::Tensor saved;
  {
    std::lock_guard<std::mutex> a(process.mutex());
    std::lock_guard<std::mutex> b(st.cpuGenerator.mutex());
    saved = process.get_state();
    process.set_state(st.cpuGenerator.get_state());
  }
  auto restore = [&] {
    std::lock_guard<std::mutex> a(process.mutex());
    std::lock_guard<std::mutex> b(st.cpuGenerator.mutex());
    st.cpuGenerator.set_state(process.get_state());
    process.set_state(saved);
  };
  at::Tensor out;
  try {
    out = body();
  } catch (...) {
    restore();
    throw;
  }
  restore();
  return out;
}

Napi::Error torchError(Napi::Env env, const std::string& message, const char* code) {
  State& st = state(env);
  Napi::Object err;
  if (!st.torchError.IsEmpty()) {
    err = st.torchError.New({Napi::String::New(env, message)});
  } else {
    err = Napi::Error::New(env, message).Value();
  }
  err.Set("code", code);
  return Napi::Error(env, err);
}

Napi::Error jsError(Napi::Env env, const std::string& op, std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const ArgError& e) {
    return Napi::TypeError::New(env, op + ": " + e.what());
  } catch (const DisposedError& e) {
    return torchError(env, op + ": " + e.what(), "ERR_DISPOSED");
  } catch (const c10::OutOfMemoryError& e) {
    return torchError(env, op + ": " + userMessage(e.msg()), "ERR_OUT_OF_MEMORY");
  } catch (const DistributedError& e) {
    return torchError(env, op + ": " + userMessage(e.what()), "ERR_DISTRIBUTED");
  } catch (const c10::DistError& e) {
    return torchError(env, op + ": " + userMessage(e.msg()), "ERR_DISTRIBUTED");
  } catch (const c10::Error& e) {
    // The CPU allocator reports exhaustion as a plain c10::Error.
    std::string line = userMessage(e.msg());
    bool oom = line.find("can't allocate memory") != std::string::npos || line.find("out of memory") != std::string::npos;
    return torchError(env, op + ": " + line, oom ? "ERR_OUT_OF_MEMORY" : "ERR_TORCH");
  } catch (const std::bad_alloc&) {
    return torchError(env, op + ": out of memory", "ERR_OUT_OF_MEMORY");
  } catch (const std::exception& e) {
    return torchError(env, op + ": " + userMessage(e.what()), "ERR_TORCH");
  } catch (...) {
    return torchError(env, op + ": unknown native error", "ERR_TORCH");
  }
}

// ---- Arguments -------------------------------------------------------------------------------------

void Args::bad(size_t i, const char* expected) const {
  Napi::Value v = i < info_.Length() ? info_[i] : env.Undefined();
  std::string got = v.IsUndefined() ? "undefined" : v.IsNull() ? "null" : v.IsNumber() ? "a number"
      : v.IsString() ? "a string" : v.IsBoolean() ? "a boolean" : v.IsArray() ? "an array" : "an object";
  throw ArgError("argument " + std::to_string(i + 1) + " must be " + expected + ", received " + got);
}

bool Args::isNullish(size_t i) const {
  return i >= info_.Length() || info_[i].IsUndefined() || info_[i].IsNull();
}

at::Tensor& Args::t(size_t i) const {
  if (!info_[i].IsNumber()) bad(i, "a tensor handle");
  Slot* slot = find(st, info_[i].As<Napi::Number>().DoubleValue());
  if (!slot) {
    throw DisposedError("tensor argument " + std::to_string(i + 1) +
        " has been disposed and cannot be used again. Keep tensors you still need with torch.keep(), "
        "or return them from torch.tidy().");
  }
  return slot->tensor;
}

std::optional<at::Tensor> Args::optT(size_t i) const {
  if (isNullish(i)) return std::nullopt;
  return t(i);
}

static Napi::Array arrayArg(const Args& a, size_t i, const char* expected) {
  if (!a.arg(i).IsArray()) throw ArgError("argument " + std::to_string(i + 1) + " must be " + expected);
  return a.arg(i).As<Napi::Array>();
}

[[noreturn]] static void disposedElement(uint32_t k, size_t i) {
  throw DisposedError("tensor " + std::to_string(k) + " of argument " + std::to_string(i + 1) +
                      " has been disposed and cannot be used again.");
}

std::vector<at::Tensor> Args::tensors(size_t i) const {
  Napi::Array arr = arrayArg(*this, i, "an array of tensor handles");
  std::vector<at::Tensor> out;
  out.reserve(arr.Length());
  for (uint32_t k = 0; k < arr.Length(); k++) {
    Napi::Value v = arr[k];
    Slot* slot = v.IsNumber() ? find(st, v.As<Napi::Number>().DoubleValue()) : nullptr;
    if (!v.IsNumber()) throw ArgError("argument " + std::to_string(i + 1) + " must be an array of tensor handles");
    if (!slot) disposedElement(k, i);
    out.push_back(slot->tensor);
  }
  return out;
}

std::vector<std::optional<at::Tensor>> Args::optTensors(size_t i) const {
  Napi::Array arr = arrayArg(*this, i, "an array of tensor handles or nulls");
  std::vector<std::optional<at::Tensor>> out;
  for (uint32_t k = 0; k < arr.Length(); k++) {
    Napi::Value v = arr[k];
    if (v.IsNull() || v.IsUndefined()) {
      out.emplace_back(std::nullopt);
      continue;
    }
    Slot* slot = v.IsNumber() ? find(st, v.As<Napi::Number>().DoubleValue()) : nullptr;
    if (!v.IsNumber()) throw ArgError("argument " + std::to_string(i + 1) + " must be an array of tensor handles or nulls");
    if (!slot) disposedElement(k, i);
    out.emplace_back(slot->tensor);
  }
  return out;
}

double Args::f(size_t i) const {
  if (!info_[i].IsNumber()) bad(i, "a number");
  return info_[i].As<Napi::Number>().DoubleValue();
}

std::optional<double> Args::optF(size_t i) const {
  if (isNullish(i)) return std::nullopt;
  return f(i);
}

static bool isInt(double d) {
  // The range check comes first: converting NaN, infinities or huge values to int64_t is undefined.
  return std::isfinite(d) && d >= -9.2e18 && d <= 9.2e18 && d == std::trunc(d);
}

int64_t Args::i64(size_t i) const {
  if (!info_[i].IsNumber()) bad(i, "an integer");
  double d = info_[i].As<Napi::Number>().DoubleValue();
  if (!isInt(d)) bad(i, "an integer");
  return static_cast<int64_t>(d);
}

std::optional<int64_t> Args::optI64(size_t i) const {
  if (isNullish(i)) return std::nullopt;
  return i64(i);
}

bool Args::b(size_t i) const {
  if (!info_[i].IsBoolean()) bad(i, "a boolean");
  return info_[i].As<Napi::Boolean>().Value();
}

at::Scalar Args::s(size_t i) const {
  Napi::Value v = info_[i];
  if (v.IsBoolean()) return at::Scalar(v.As<Napi::Boolean>().Value());
  if (!v.IsNumber()) bad(i, "a number");
  double d = v.As<Napi::Number>().DoubleValue();
  // JS has one number type: integral values act as Python ints (int tensors stay int), others as floats.
  // -0 is a float: as an int it would be +0, and `t.mul(-0)` must give PyTorch's -0.0 results.
  bool negativeZero = d == 0 && std::signbit(d);
  return isInt(d) && !negativeZero ? at::Scalar(static_cast<int64_t>(d)) : at::Scalar(d);
}

std::optional<at::Scalar> Args::optS(size_t i) const {
  if (isNullish(i)) return std::nullopt;
  return s(i);
}

std::vector<int64_t> Args::ints(size_t i) const {
  if (info_[i].IsNumber()) return {i64(i)};
  Napi::Array arr = arrayArg(*this, i, "an integer or an array of integers");
  std::vector<int64_t> out(arr.Length());
  for (uint32_t k = 0; k < arr.Length(); k++) {
    Napi::Value v = arr[k];
    double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : 0.5;
    if (!isInt(d)) bad(i, "an array of integers");
    out[k] = static_cast<int64_t>(d);
  }
  return out;
}

std::optional<std::vector<int64_t>> Args::optInts(size_t i) const {
  if (isNullish(i)) return std::nullopt;
  return ints(i);
}

std::vector<double> Args::floats(size_t i) const {
  Napi::Array arr = arrayArg(*this, i, "an array of numbers");
  std::vector<double> out(arr.Length());
  for (uint32_t k = 0; k < arr.Length(); k++) {
    Napi::Value v = arr[k];
    if (!v.IsNumber()) bad(i, "an array of numbers");
    out[k] = v.As<Napi::Number>().DoubleValue();
  }
  return out;
}

at::ScalarType Args::dtype(size_t i) const {
  int64_t code = i64(i);
  if (code < 0 || code >= static_cast<int64_t>(at::ScalarType::NumOptions)) bad(i, "a dtype code");
  return static_cast<at::ScalarType>(code);
}

std::optional<at::ScalarType> Args::optDtype(size_t i) const {
  if (isNullish(i)) return std::nullopt;
  return dtype(i);
}

c10::Device Args::device(size_t i) const {
  return c10::Device(str(i));  // c10 validates the string and throws a c10::Error naming it
}

std::string Args::str(size_t i) const {
  if (!info_[i].IsString()) bad(i, "a string");
  return info_[i].As<Napi::String>().Utf8Value();
}

Napi::Value Args::ret(at::Tensor t) const {
  if (!t.defined()) return env.Null();
  return Napi::Number::New(env, put(env, st, std::move(t)));
}

Napi::Value Args::ret(std::vector<at::Tensor> ts) const {
  Napi::Array arr = Napi::Array::New(env, ts.size());
  for (size_t k = 0; k < ts.size(); k++) arr.Set(static_cast<uint32_t>(k), ret(std::move(ts[k])));
  return arr;
}

Napi::Value Args::ret(std::tuple<at::Tensor, at::Tensor> ts) const {
  return ret(std::vector<at::Tensor>{std::get<0>(ts), std::get<1>(ts)});
}

Napi::Value Args::ret(std::tuple<at::Tensor, at::Tensor, at::Tensor> ts) const {
  return ret(std::vector<at::Tensor>{std::get<0>(ts), std::get<1>(ts), std::get<2>(ts)});
}

Napi::Value Args::ret(const std::vector<int64_t>& v) const {
  Napi::Array arr = Napi::Array::New(env, v.size());
  for (size_t k = 0; k < v.size(); k++) arr.Set(static_cast<uint32_t>(k), Napi::Number::New(env, static_cast<double>(v[k])));
  return arr;
}

void exportAll(Napi::Env env, Napi::Object exports, const Def* defs, size_t n) {
  for (size_t k = 0; k < n; k++) exports.Set(defs[k].name, Napi::Function::New(env, defs[k].fn, defs[k].name));
}

// ---- Library facts ---------------------------------------------------------------------------------

// dtype names and libtorch's codes for them: the one table JS reads its dtype codes from.
static const std::pair<const char*, at::ScalarType> kDtypes[] = {
    {"float32", at::kFloat}, {"float64", at::kDouble}, {"float16", at::kHalf}, {"bfloat16", at::kBFloat16},
    {"int64", at::kLong},    {"int32", at::kInt},      {"int16", at::kShort},  {"int8", at::kChar},
    {"uint8", at::kByte},    {"bool", at::kBool},
};

// ---- CUDA facts ------------------------------------------------------------------------------------
// Through libtorch's device-generic accelerator API and the CUDA driver's stable C ABI (looked up at
// run time), so that building needs no CUDA headers and a CPU-only machine answers "no CUDA".

static bool cudaAvailable() {
  return at::hasCUDA();
}

// Whether CUDA's caching allocator has started: before the first CUDA tensor it has no devices, and
// its statistics calls throw ("did you call init?"). PyTorch's memory_stats() answers {} then.
static bool cudaAllocatorReady() {
  return cudaAvailable() && c10::getDeviceAllocator(c10::kCUDA)->initialized();
}

static Napi::Value cudaMemory(Args& a) {
  Napi::Object o = Napi::Object::New(a.env);
  if (!cudaAllocatorReady()) return o;
  auto s = at::accelerator::getDeviceStats(static_cast<c10::DeviceIndex>(a.i64(0)));
  auto agg = static_cast<size_t>(c10::CachingDeviceAllocator::StatType::AGGREGATE);
  o.Set("allocatedBytes", static_cast<double>(s.allocated_bytes[agg].current));
  o.Set("peakAllocatedBytes", static_cast<double>(s.allocated_bytes[agg].peak));
  o.Set("reservedBytes", static_cast<double>(s.reserved_bytes[agg].current));
  o.Set("peakReservedBytes", static_cast<double>(s.reserved_bytes[agg].peak));
  return o;
}

// Name, compute capability and memory of a CUDA device, from libcuda (loaded by libtorch_cuda).
static Napi::Value cudaDevice(Args& a) {
  if (!cudaAvailable()) return a.env.Null();
  int device = static_cast<int>(a.i64(0));
  using Init = int (*)(unsigned);
  using GetName = int (*)(char*, int, int);
  using GetAttr = int (*)(int*, int, int);
  using TotalMem = int (*)(size_t*, int);
  void* lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_NOLOAD);
  if (!lib) lib = dlopen("libcuda.so.1", RTLD_NOW);
  if (!lib) return a.env.Null();
  auto init = reinterpret_cast<Init>(dlsym(lib, "cuInit"));
  auto getName = reinterpret_cast<GetName>(dlsym(lib, "cuDeviceGetName"));
  auto getAttr = reinterpret_cast<GetAttr>(dlsym(lib, "cuDeviceGetAttribute"));
  auto totalMem = reinterpret_cast<TotalMem>(dlsym(lib, "cuDeviceTotalMem_v2"));
  if (!init || !getName || !getAttr || !totalMem) return a.env.Null();
  char name[256] = {0};
  int major = 0, minor = 0, sms = 0;
  size_t mem = 0;
  // Every call returns CUDA_SUCCESS (0) or the device is not one we can describe. cuInit is cheap
  // when the runtime has already started the driver.
  if (init(0) != 0 || getName(name, sizeof(name) - 1, device) != 0 ||
      getAttr(&major, 75, device) != 0 ||  // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR
      getAttr(&minor, 76, device) != 0 ||  // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR
      getAttr(&sms, 16, device) != 0 ||    // CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT
      totalMem(&mem, device) != 0) {
    return a.env.Null();
  }
  Napi::Object o = Napi::Object::New(a.env);
  o.Set("name", std::string(name));
  o.Set("major", major);
  o.Set("minor", minor);
  o.Set("multiProcessorCount", sms);
  o.Set("totalMemory", static_cast<double>(mem));
  return o;
}

static const Def kLibrary[] = {
    DEF(init,
        // Called once by lib/native.ts with the JS error class, so native errors are TorchErrors.
        if (!a.arg(0).IsFunction()) throw ArgError("argument 1 must be the TorchError class");
        a.st.torchError = Napi::Persistent(a.arg(0).As<Napi::Function>());
        return a.none();),
    DEF(dispose, release(a.env, a.st, a.f(0)); return a.none();),
    DEF(disposeMany,
        if (!a.arg(0).IsArray()) throw ArgError("argument 1 must be an array of handles");
        Napi::Array arr = a.arg(0).As<Napi::Array>();
        for (uint32_t k = 0; k < arr.Length(); k++) {
          Napi::Value v = arr[k];
          if (v.IsNumber()) release(a.env, a.st, v.As<Napi::Number>().DoubleValue());
        }
        return a.none();),
    DEF(isLive, return a.ret(a.isNumber(0) && find(a.st, a.f(0)) != nullptr);),
    DEF(memory,
        Napi::Object o = Napi::Object::New(a.env);
        o.Set("liveTensors", static_cast<double>(a.st.liveCount));
        o.Set("liveBytes", static_cast<double>(a.st.liveBytes));
        return o;),
    DEF(cudaMemory, return cudaMemory(a);),
    DEF(emptyCudaCache, if (cudaAvailable()) at::accelerator::emptyCache(); return a.none();),
    // CPU memory caching: libtorch's CPU allocator is malloc. glibc serves blocks above its mmap
    // threshold (at most 32 MiB even when it adapts) with fresh mmaps and trims freed memory at the
    // top of the heap, so a training step that allocates the same large activations every time pays
    // the page faults of fresh memory every time. Off: glibc's defaults (128 KiB each; glibc's
    // adaptive threshold is not restored once set) and the free memory returned to the system.
    DEF(setCpuMemoryCaching, {
#if defined(__GLIBC__)
          const int bytes = a.b(0) ? (1 << 30) : 128 * 1024;
          if (!mallopt(M_MMAP_THRESHOLD, bytes) || !mallopt(M_TRIM_THRESHOLD, bytes)) throw ArgError("mallopt refused the thresholds");
          if (!a.b(0)) malloc_trim(0);
          return a.none();
#else
          throw ArgError("CPU memory caching needs glibc's malloc, and this build does not use glibc");
#endif
        }),
    DEF(emptyCpuCache, {
#if defined(__GLIBC__)
          malloc_trim(0);
#endif
          return a.none();
        }),
    DEF(resetPeakCudaMemory,
        if (cudaAllocatorReady()) at::accelerator::resetPeakStats(static_cast<c10::DeviceIndex>(a.i64(0)));
        return a.none();),
    DEF(cudaDevice, return cudaDevice(a);),
    DEF(cudaSynchronize,
        if (cudaAvailable()) at::accelerator::synchronizeDevice(static_cast<c10::DeviceIndex>(a.i64(0)));
        return a.none();),
    DEF(info,
        Napi::Object o = Napi::Object::New(a.env);
        o.Set("libtorchVersion", TORCH_VERSION);
        o.Set("cxx11Abi", static_cast<bool>(_GLIBCXX_USE_CXX11_ABI));
        o.Set("compiledWithCuda", TORCHTS_CUDA != 0);
        const auto& hooks = at::detail::getCUDAHooks();
        bool cuda = at::hasCUDA();
        o.Set("cudaAvailable", cuda);
        o.Set("cudaDeviceCount", cuda ? static_cast<double>(hooks.deviceCount()) : 0.0);
        o.Set("cudaVersion", cuda ? static_cast<double>(hooks.versionCUDART()) : 0.0);
        o.Set("cudnnVersion", cuda && hooks.hasCuDNN() ? static_cast<double>(hooks.versionCuDNN()) : 0.0);
        o.Set("numThreads", static_cast<double>(at::get_num_threads()));
        o.Set("numInteropThreads", static_cast<double>(at::get_num_interop_threads()));
        o.Set("parallelInfo", at::get_parallel_info());
        return o;),
    DEF(showConfig, return a.ret(at::show_config());),
    // For bench/op-overhead: libtorch's own cost of `a + b` with its result created and released, in a
    // C++ loop (no JS): the floor under any binding. (a, b, iterations) -> ns per op.
    DEF(benchmarkAdd, {
          const at::Tensor& x = a.t(0);
          const at::Tensor& y = a.t(1);
          int64_t n = a.i64(2);
          auto t0 = std::chrono::steady_clock::now();
          for (int64_t i = 0; i < n; i++) at::add(x, y);
          auto t1 = std::chrono::steady_clock::now();
          return a.ret(std::chrono::duration<double, std::nano>(t1 - t0).count() / static_cast<double>(n));
        }),
    DEF(setNumThreads, at::set_num_threads(static_cast<int>(a.i64(0))); return a.none();),
    // torch.manual_seed: this instance's CPU generator, and (process-wide, as in PyTorch) the CUDA ones.
    DEF(manualSeed, {
          uint64_t seed = static_cast<uint64_t>(a.i64(0));
          {
            std::lock_guard<std::mutex> lock(a.st.cpuGenerator.mutex());
            a.st.cpuGenerator.set_current_seed(seed);
          }
          if (cudaAvailable()) at::manual_seed(seed);
          return a.none();
        }),
    DEF(initialSeed, return a.ret(static_cast<double>(a.st.cpuGenerator.current_seed()));),
    // The C library's functions, which Python's math module and float ** call: V8's Math.cos and
    // Math.pow differ from them in the last bit for some arguments, and LR schedules must match
    // PyTorch's to the bit.
    DEF(libmCos, return a.ret(std::cos(a.f(0)));),
    DEF(libmPow, return a.ret(std::pow(a.f(0), a.f(1)));),
    DEF(libmLog, return a.ret(std::log(a.f(0)));),
    DEF(libmExp, return a.ret(std::exp(a.f(0)));),
    DEF(setGradEnabled, at::GradMode::set_enabled(a.b(0)); return a.none();),
    DEF(isGradEnabled, return a.ret(at::GradMode::is_enabled());),
};

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  env.SetInstanceData<State>(new State());
  exportAll(env, exports, kLibrary);
  Napi::Object dtypes = Napi::Object::New(env);
  for (const auto& [name, type] : kDtypes) dtypes.Set(name, static_cast<double>(static_cast<int>(type)));
  exports.Set("dtypes", dtypes);
  registerTensor(env, exports);
  registerOps(env, exports);
  registerNn(env, exports);
  registerAutograd(env, exports);
  registerOptim(env, exports);
  registerAmp(env, exports);
  registerDistributed(env, exports);
  registerJit(env, exports);
  registerAoti(env, exports);
  return exports;
}

}  // namespace torchts

static Napi::Object InitTorchts(Napi::Env env, Napi::Object exports) {
  return torchts::Init(env, exports);
}

NODE_API_MODULE(torchts, InitTorchts)
