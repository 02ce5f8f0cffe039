// Shared by every translation unit: the per-instance tensor table, argument readers and the error
// guard that turns libtorch and C++ exceptions into JS errors.
#pragma once
#include "pch.h"

namespace torchts {

// ---- The tensor table ------------------------------------------------------------------------------
// JS holds a tensor as a number: slot index in the low 24 bits, the slot's generation above them. A
// released slot is reused with the next generation, so a stale handle never reaches another tensor.
// Per addon instance (Napi instance data), so worker threads each get their own.
constexpr uint64_t kIndexBits = 24;
constexpr uint64_t kIndexMask = (uint64_t{1} << kIndexBits) - 1;

struct Slot {
  at::Tensor tensor;
  uint32_t generation = 0;
  int64_t bytes = 0;  // what this slot reported to V8 as external memory
};

struct State {
  std::vector<Slot> slots;
  std::vector<uint32_t> freeSlots;
  int64_t liveCount = 0;
  int64_t liveBytes = 0;
  int64_t unreportedBytes = 0;  // batched napi_adjust_external_memory: one call per MiB of change
  Napi::FunctionReference torchError;
  // JS references kept alive by zero-copy tensors (torch.from). Their storage may be freed on any
  // thread (autograd's), but a napi_ref may only be deleted on the JS thread: deleters queue them here.
  struct ReleaseQueue {
    std::mutex mutex;
    std::vector<napi_ref> refs;
    std::atomic<bool> pending{false};
  };
  std::shared_ptr<ReleaseQueue> releaseQueue = std::make_shared<ReleaseQueue>();
  // This instance's (this thread's) CPU random generator. libtorch's default CPU generator is one per
  // process, so a worker drawing numbers would move the main thread's stream; every random op of the
  // addon takes this one instead. Made as PyTorch makes its default (same engine, same default seed),
  // so the same seed gives PyTorch's numbers.
  at::Generator cpuGenerator = at::make_generator<at::CPUGeneratorImpl>();

  ~State();
};

State& state(Napi::Env env);
// The tensor behind a handle that did not come in as a positional argument (an element of a nested
// input); `what` names it in the DisposedError.
at::Tensor tensorAt(State& st, double handle, const std::string& what);
double put(Napi::Env env, State& st, at::Tensor t);
void release(Napi::Env env, State& st, double handle);
void drainReleaseQueue(Napi::Env env, State& st);

// Runs `body` with libtorch's process-wide default CPU generator holding this instance's generator
// state, for the few ATen ops that take no generator argument (scaled_dot_product_attention's
// dropout). Such sections are serialised across threads, and the default generator's own state is
// restored afterwards, so nothing leaks between instances.
at::Tensor withInstanceGenerator(State& st, const std::function<at::Tensor()>& body);

// ---- Errors ----------------------------------------------------------------------------------------
// Thrown by argument readers: becomes a JS TypeError.
struct ArgError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// A handle whose tensor was disposed: becomes a TorchError with code ERR_DISPOSED.
struct DisposedError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Communication with other processes failed (a store or peer unreachable, a timeout, a rank that
// left): becomes a TorchError with code ERR_DISTRIBUTED.
struct DistributedError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

Napi::Error torchError(Napi::Env env, const std::string& message, const char* code);
std::string firstMeaningfulLine(const std::string& message);
// libtorch's message as a torchts user should read it: its first meaningful line, with torchts'
// dtype names for C++ type names and Python's argument names replaced by torchts' options.
std::string userMessage(const std::string& message);

// ---- Arguments -------------------------------------------------------------------------------------
// Reads positional arguments of one native call. Every reader checks the JS type, so garbage from JS
// becomes an error, never a crash.
class Args {
 public:
  Args(const Napi::CallbackInfo& info, const char* op) : info_(info), env(info.Env()), st(state(env)), op(op) {}

  at::Tensor& t(size_t i) const;
  std::optional<at::Tensor> optT(size_t i) const;  // nullopt for null/undefined
  std::vector<at::Tensor> tensors(size_t i) const;
  std::vector<std::optional<at::Tensor>> optTensors(size_t i) const;
  double f(size_t i) const;
  std::optional<double> optF(size_t i) const;
  int64_t i64(size_t i) const;
  std::optional<int64_t> optI64(size_t i) const;
  bool b(size_t i) const;
  at::Scalar s(size_t i) const;
  std::optional<at::Scalar> optS(size_t i) const;
  std::vector<int64_t> ints(size_t i) const;
  std::optional<std::vector<int64_t>> optInts(size_t i) const;
  std::vector<double> floats(size_t i) const;
  at::ScalarType dtype(size_t i) const;
  std::optional<at::ScalarType> optDtype(size_t i) const;
  c10::Device device(size_t i) const;
  std::string str(size_t i) const;
  bool isNullish(size_t i) const;
  bool isNumber(size_t i) const { return info_[i].IsNumber(); }
  Napi::Value arg(size_t i) const { return info_[i]; }
  size_t length() const { return info_.Length(); }

  Napi::Value ret(at::Tensor t) const;  // new handle, or null for an undefined tensor
  Napi::Value ret(std::vector<at::Tensor> ts) const;
  Napi::Value ret(std::tuple<at::Tensor, at::Tensor> ts) const;
  Napi::Value ret(std::tuple<at::Tensor, at::Tensor, at::Tensor> ts) const;
  Napi::Value ret(double v) const { return Napi::Number::New(env, v); }
  Napi::Value ret(bool v) const { return Napi::Boolean::New(env, v); }
  Napi::Value ret(const std::string& v) const { return Napi::String::New(env, v); }
  Napi::Value ret(const std::vector<int64_t>& v) const;
  Napi::Value none() const { return env.Undefined(); }

 private:
  [[noreturn]] void bad(size_t i, const char* expected) const;
  const Napi::CallbackInfo& info_;

 public:
  Napi::Env env;
  State& st;
  const char* op;
};

// The JS error for a C++ exception caught while running `op`: TypeError for an ArgError, TorchError
// with a code otherwise (ERR_DISPOSED, ERR_OUT_OF_MEMORY, ERR_DISTRIBUTED for c10d's errors,
// ERR_TORCH). Shared by guard and by the promises of work done off the JS thread.
Napi::Error jsError(Napi::Env env, const std::string& op, std::exception_ptr error);

// Runs `body`; whatever C++ exception it throws becomes the JS error for `op` (JS errors pass as they
// are). For native functions whose errors must name the user's call rather than themselves.
template <typename Body>
auto rethrowAs(Napi::Env env, const std::string& op, Body body) -> decltype(body()) {
  try {
    return body();
  } catch (const Napi::Error&) {
    throw;
  } catch (...) {
    throw jsError(env, op, std::current_exception());
  }
}

// Runs `body` and converts every exception into a JS exception. Every native entry point goes
// through it: nothing from libtorch escapes as a C++ exception or an abort.
template <typename Body>
Napi::Value guard(const Napi::CallbackInfo& info, const char* op, Body body) {
  return rethrowAs(info.Env(), op, [&]() -> Napi::Value {
    Args a(info, op);
    return body(a);
  });
}

// One native function in an export table.
struct Def {
  const char* name;
  Napi::Value (*fn)(const Napi::CallbackInfo&);
};

// DEF(name, body...) makes a Def whose body sees `Args& a`. DEF_AS also gives the name errors show,
// for variants such as `addScalar` that users know as `add`.
#define DEF_AS(NAME, SHOWN, ...)                                                   \
  Def {                                                                            \
    #NAME, [](const Napi::CallbackInfo& info) -> Napi::Value {                     \
      return guard(info, SHOWN, [&](Args& a) -> Napi::Value { __VA_ARGS__ });      \
    }                                                                              \
  }
#define DEF(NAME, ...) DEF_AS(NAME, #NAME, __VA_ARGS__)

void exportAll(Napi::Env env, Napi::Object exports, const Def* defs, size_t n);
template <size_t N>
void exportAll(Napi::Env env, Napi::Object exports, const Def (&defs)[N]) {
  exportAll(env, exports, defs, N);
}

// Each translation unit adds its functions.
void registerTensor(Napi::Env env, Napi::Object exports);
void registerOps(Napi::Env env, Napi::Object exports);
void registerNn(Napi::Env env, Napi::Object exports);
void registerAutograd(Napi::Env env, Napi::Object exports);
void registerOptim(Napi::Env env, Napi::Object exports);
void registerAmp(Napi::Env env, Napi::Object exports);
void registerDistributed(Napi::Env env, Napi::Object exports);
void registerJit(Napi::Env env, Napi::Object exports);
void registerAoti(Napi::Env env, Napi::Object exports);

}  // namespace torchts
