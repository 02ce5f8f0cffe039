// TorchScript: modules saved by Python's torch.jit.save loaded and run (on the JS thread, or on a
// thread of their own with the result as a promise), and torchts modules traced into TorchScript.
// lib/jit/ builds torch.jit on these.
//
// Inputs are converted by the method's schema (an `int` argument takes an integer, a `Tensor` a
// torchts Tensor, a `List[Tensor]` an array of them, ...), so a wrong input is refused naming the
// argument and what its schema wants. Outputs come back as plain JS values, with each tensor as
// `{ __tensor: handle }` for lib/jit/ to wrap.
#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/frontend/tracer.h>
#include <torch/csrc/jit/passes/fixup_trace_scope_blocks.h>
#include <torch/csrc/jit/passes/normalize_ops.h>
#include <torch/csrc/jit/serialization/import.h>
#include <fstream>
#include <sstream>
#include "common.h"
#include "externals.h"
#include "off-thread.h"

namespace torchts {
namespace {

// A loaded or traced module. Calls on one module run one at a time (`running`): on a CPU, two
// forwards at once only share the same cores, each slower, and some models keep state between calls.
struct Script {
  torch::jit::Module module;
  std::mutex running;
};
using ScriptRef = std::shared_ptr<Script>;

}  // namespace

TORCHTS_EXTERNAL_KIND(ScriptRef, 5, "a ScriptModule");

namespace {

ScriptRef makeScript(torch::jit::Module module) {
  auto s = std::make_shared<Script>();
  s->module = std::move(module);
  return s;
}

// ---- JS -> IValue, by the schema's type -----------------------------------------------------------

[[noreturn]] void expected(const std::string& where, const c10::TypePtr& type, const char* got) {
  throw ArgError(where + " must be " + type->annotation_str() + ", but received " + got);
}

const char* kindOf(const Napi::Value& v) {
  if (v.IsNull() || v.IsUndefined()) return "null";
  if (v.IsNumber()) return "a number";
  if (v.IsBoolean()) return "a boolean";
  if (v.IsString()) return "a string";
  if (v.IsArray()) return "an array";
  if (v.IsObject() && v.As<Napi::Object>().Has("_h")) return "a Tensor";
  return "an object";
}

c10::IValue toIValue(State& st, const Napi::Value& v, const c10::TypePtr& type, const std::string& where) {
  using K = c10::TypeKind;
  switch (type->kind()) {
    case K::OptionalType:
      if (v.IsNull() || v.IsUndefined()) return c10::IValue();
      return toIValue(st, v, type->expectRef<c10::OptionalType>().getElementType(), where);
    case K::TensorType: {
      if (!v.IsObject() || !v.As<Napi::Object>().Get("_h").IsNumber()) expected(where, type, kindOf(v));
      return tensorAt(st, v.As<Napi::Object>().Get("_h").As<Napi::Number>().DoubleValue(), where);
    }
    case K::IntType: {
      if (!v.IsNumber()) expected(where, type, kindOf(v));
      double d = v.As<Napi::Number>().DoubleValue();
      if (d != std::floor(d) || std::abs(d) > 9007199254740991.0) expected(where, type, "a number that is not a safe integer");
      return static_cast<int64_t>(d);
    }
    case K::FloatType:
      if (!v.IsNumber()) expected(where, type, kindOf(v));
      return v.As<Napi::Number>().DoubleValue();
    case K::NumberType:
      if (!v.IsNumber()) expected(where, type, kindOf(v));
      return v.As<Napi::Number>().DoubleValue();
    case K::BoolType:
      if (!v.IsBoolean()) expected(where, type, kindOf(v));
      return v.As<Napi::Boolean>().Value();
    case K::StringType:
      if (!v.IsString()) expected(where, type, kindOf(v));
      return v.As<Napi::String>().Utf8Value();
    case K::ListType: {
      if (!v.IsArray()) expected(where, type, kindOf(v));
      auto elem = type->expectRef<c10::ListType>().getElementType();
      c10::impl::GenericList list(elem);
      Napi::Array arr = v.As<Napi::Array>();
      for (uint32_t i = 0; i < arr.Length(); i++) list.push_back(toIValue(st, arr.Get(i), elem, where + "[" + std::to_string(i) + "]"));
      return list;
    }
    case K::TupleType: {
      const auto& elems = type->expectRef<c10::TupleType>().elements();
      if (!v.IsArray() || v.As<Napi::Array>().Length() != elems.size()) expected(where, type, kindOf(v));
      Napi::Array arr = v.As<Napi::Array>();
      std::vector<c10::IValue> items;
      for (uint32_t i = 0; i < arr.Length(); i++) {
        items.push_back(toIValue(st, arr.Get(i), elems[i], where + "[" + std::to_string(i) + "]"));
      }
      return c10::ivalue::Tuple::create(std::move(items));
    }
    case K::DictType: {
      const auto& dict = type->expectRef<c10::DictType>();
      if (!v.IsObject() || v.IsArray() || dict.getKeyType()->kind() != K::StringType) expected(where, type, kindOf(v));
      c10::impl::GenericDict out(dict.getKeyType(), dict.getValueType());
      Napi::Object obj = v.As<Napi::Object>();
      Napi::Array keys = obj.GetPropertyNames();
      for (uint32_t i = 0; i < keys.Length(); i++) {
        std::string k = keys.Get(i).ToString().Utf8Value();
        out.insert(k, toIValue(st, obj.Get(k), dict.getValueType(), where + "." + k));
      }
      return out;
    }
    default:
      throw ArgError(where + " has the type " + type->annotation_str() + ", which torchts cannot pass from JavaScript");
  }
}

// ---- IValue -> JS ----------------------------------------------------------------------------------

Napi::Value toJs(Napi::Env env, State& st, const c10::IValue& v) {
  if (v.isTensor()) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("__tensor", put(env, st, v.toTensor()));
    return o;
  }
  if (v.isNone()) return env.Null();
  if (v.isInt()) return Napi::Number::New(env, static_cast<double>(v.toInt()));
  if (v.isDouble()) return Napi::Number::New(env, v.toDouble());
  if (v.isBool()) return Napi::Boolean::New(env, v.toBool());
  if (v.isString()) return Napi::String::New(env, v.toStringRef());
  if (v.isTuple() || v.isList()) {
    std::vector<c10::IValue> items = v.isTuple() ? v.toTupleRef().elements().vec() : v.toListRef().vec();
    Napi::Array arr = Napi::Array::New(env, items.size());
    for (size_t i = 0; i < items.size(); i++) arr.Set(static_cast<uint32_t>(i), toJs(env, st, items[i]));
    return arr;
  }
  if (v.isGenericDict()) {
    Napi::Object o = Napi::Object::New(env);
    for (const auto& entry : v.toGenericDict()) {
      const c10::IValue& key = entry.key();
      std::string k = key.isString() ? key.toStringRef() : key.isInt() ? std::to_string(key.toInt()) : key.tagKind();
      o.Set(k, toJs(env, st, entry.value()));
    }
    return o;
  }
  throw std::runtime_error("the model returned a " + v.tagKind() + ", which torchts cannot hand to JavaScript");
}

// The stack for a call of `method` with the JS arguments in `args` (an array), checked against its
// schema: count first, then each argument by its type.
torch::jit::Stack stackFor(State& st, torch::jit::Module& module, const std::string& method, const Napi::Value& args) {
  auto m = module.find_method(method);
  if (!m) throw ArgError("the module has no method '" + method + "'");
  const auto& schema = m->function().getSchema();
  const auto& params = schema.arguments();  // params[0] is self
  if (!args.IsArray()) throw ArgError("the inputs must be an array");
  Napi::Array arr = args.As<Napi::Array>();
  size_t given = arr.Length(), wanted = params.size() - 1;
  size_t required = 0;
  for (size_t i = 1; i < params.size(); i++) if (!params[i].default_value()) required = i;
  if (given > wanted || given < required) {
    std::string range = required == wanted ? std::to_string(wanted) : std::to_string(required) + " to " + std::to_string(wanted);
    throw ArgError(method + "() takes " + range +
                   " input" + (wanted == 1 ? "" : "s") + " (" + c10::toString(schema) + "), but received " + std::to_string(given));
  }
  torch::jit::Stack stack;  // Method::operator() puts self in front
  for (size_t i = 1; i < params.size(); i++) {
    if (i - 1 < given) {
      stack.push_back(toIValue(st, arr.Get(static_cast<uint32_t>(i - 1)), params[i].type(), "input '" + params[i].name() + "'"));
    } else {
      stack.push_back(*params[i].default_value());
    }
  }
  return stack;
}

// The interpreter's error says "The following operation failed in the TorchScript interpreter",
// then two tracebacks, then what failed: the last line, and where in the model's source it was.
std::string interpreterMessage(const std::string& message) {
  std::istringstream lines(message);
  std::string line, last, where;
  while (std::getline(lines, line)) {
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (line.rfind("  File \"", 0) == 0) where = line.substr(2);
    last = line;
  }
  if (last.rfind("RuntimeError: ", 0) == 0) last = last.substr(14);
  return last + (where.empty() ? "" : " (raised in the model's code: " + where + ")");
}

c10::IValue run(Script& s, const std::string& method, torch::jit::Stack stack) {
  std::lock_guard<std::mutex> lock(s.running);
  c10::InferenceMode inference(!s.module.is_training());
  try {
    return s.module.get_method(method)(std::move(stack));
  } catch (const std::exception& e) {
    // c10::Error's what() carries a C++ backtrace too; the interpreter's message is the same either way.
    std::string message = dynamic_cast<const c10::Error*>(&e) ? static_cast<const c10::Error&>(e).msg() : e.what();
    if (message.find("failed in the TorchScript interpreter") == std::string::npos) throw;
    throw std::runtime_error(interpreterMessage(message));
  }
}

// ---- Tracing ---------------------------------------------------------------------------------------

// The module hierarchy of a torchts model, as TorchScript modules: a child per dotted prefix, with the
// same tensors as parameters and buffers, so tracing reads them as the module's attributes and the
// saved file's state dict has the torchts (= PyTorch) names.
torch::jit::Module hierarchy(State& st, const std::string& className, Napi::Array entries) {
  auto unit = std::make_shared<torch::jit::CompilationUnit>();
  int counter = 0;
  auto newModule = [&](const std::string& name) {
    return torch::jit::Module(c10::QualifiedName("__torch__.torchts." + name + "_" + std::to_string(counter++)), unit, true);
  };
  torch::jit::Module root = newModule(className);
  std::map<std::string, torch::jit::Module> modules{{"", root}};
  std::function<torch::jit::Module(const std::string&)> moduleAt = [&](const std::string& path) -> torch::jit::Module {
    auto it = modules.find(path);
    if (it != modules.end()) return it->second;
    size_t dot = path.rfind('.');
    std::string parent = dot == std::string::npos ? "" : path.substr(0, dot);
    std::string leaf = dot == std::string::npos ? path : path.substr(dot + 1);
    torch::jit::Module child = newModule("Module");
    moduleAt(parent).register_module(leaf, child);
    modules.emplace(path, child);
    return child;
  };
  for (uint32_t i = 0; i < entries.Length(); i++) {
    Napi::Array e = entries.Get(i).As<Napi::Array>();
    std::string name = e.Get(0u).ToString().Utf8Value();
    at::Tensor t = tensorAt(st, e.Get(1u).As<Napi::Number>().DoubleValue(), "parameter " + name);
    bool isBuffer = e.Get(2u).ToBoolean().Value();
    size_t dot = name.rfind('.');
    torch::jit::Module owner = moduleAt(dot == std::string::npos ? "" : name.substr(0, dot));
    std::string leaf = dot == std::string::npos ? name : name.substr(dot + 1);
    if (isBuffer) owner.register_buffer(leaf, t);
    else owner.register_parameter(leaf, t, false);
  }
  return root;
}

const Def kJit[] = {
    // (path) -> ScriptModule
    DEF(jitLoad, {
          std::string path = a.str(0);
          std::optional<c10::Device> device;
          if (!a.isNullish(1)) device = a.device(1);
          return box<ScriptRef>(a.env, makeScript(torch::jit::load(path, device)));
        }),
    // (bytes: Uint8Array, device?) -> ScriptModule
    DEF(jitLoadBytes, {
          if (!a.arg(0).IsTypedArray()) throw ArgError("argument 0 must be a Uint8Array");
          Napi::TypedArray arr = a.arg(0).As<Napi::TypedArray>();
          std::string bytes(reinterpret_cast<const char*>(arr.ArrayBuffer().Data()) + arr.ByteOffset(), arr.ByteLength());
          std::istringstream in(bytes);
          std::optional<c10::Device> device;
          if (!a.isNullish(1)) device = a.device(1);
          return box<ScriptRef>(a.env, makeScript(torch::jit::load(in, device)));
        }),
    // (module, method, inputs[], op) -> output; `op`, the user's call, is what errors show.
    DEF(jitRun, {
          return rethrowAs(a.env, a.str(3), [&] {
            ScriptRef s = unbox<ScriptRef>(a, 0);
            std::string method = a.str(1);
            return toJs(a.env, a.st, run(*s, method, stackFor(a.st, s->module, method, a.arg(2))));
          });
        }),
    // (module, method, inputs[], op) -> Promise<output>: the inputs are read now (their tensors held
    // by the call, whatever JS does with its handles meanwhile), the method runs on a thread of its own.
    DEF(jitRunAsync, {
          std::string op = a.str(3);
          auto [s, method, stack] = rethrowAs(a.env, op, [&] {
            ScriptRef s = unbox<ScriptRef>(a, 0);
            std::string method = a.str(1);
            return std::make_tuple(s, method, std::make_shared<torch::jit::Stack>(stackFor(a.st, s->module, method, a.arg(2))));
          });
          return offThread<c10::IValue>(
              a.env, op, [s = s, method = method, stack = stack]() { return run(*s, method, std::move(*stack)); },
              [](Napi::Env env, c10::IValue& out) { return toJs(env, state(env), out); }, onInferenceThread);
        }),
    // (module, method, samples[], op) -> Promise<output>: the method run on the samples stacked into
    // one batch, the stacking done on the inference thread too (serve.BatchQueue).
    DEF(jitRunStackedAsync, {
          std::string op = a.str(3);
          auto [s, method, samples] = rethrowAs(a.env, op, [&] { return std::make_tuple(unbox<ScriptRef>(a, 0), a.str(1), a.tensors(2)); });
          return offThread<c10::IValue>(
              a.env, op, [s = s, method = method, samples = samples]() { return run(*s, method, {at::stack(samples, 0)}); },
              [](Napi::Env env, c10::IValue& out) { return toJs(env, state(env), out); }, onInferenceThread);
        }),
    DEF(jitMethods, {
          std::vector<std::string> names;
          for (const auto& m : unbox<ScriptRef>(a, 0)->module.get_methods()) names.push_back(m.name());
          Napi::Array arr = Napi::Array::New(a.env, names.size());
          for (size_t i = 0; i < names.size(); i++) arr.Set(static_cast<uint32_t>(i), names[i]);
          return arr;
        }),
    DEF(jitSchema, {
          auto m = unbox<ScriptRef>(a, 0)->module.find_method(a.str(1));
          if (!m) throw ArgError("the module has no method '" + a.str(1) + "'");
          return a.ret(c10::toString(m->function().getSchema()));
        }),
    // (module, buffers: bool) -> [name, handle][]: parameters, or buffers, with dotted names.
    DEF(jitNamedTensors, {
          ScriptRef s = unbox<ScriptRef>(a, 0);
          std::vector<std::pair<std::string, at::Tensor>> items;
          if (a.b(1)) {
            for (const auto& b : s->module.named_buffers()) items.emplace_back(b.name, b.value);
          } else {
            for (const auto& p : s->module.named_parameters()) items.emplace_back(p.name, p.value);
          }
          Napi::Array arr = Napi::Array::New(a.env, items.size());
          for (size_t i = 0; i < items.size(); i++) {
            Napi::Array pair = Napi::Array::New(a.env, 2);
            pair.Set(0u, items[i].first);
            pair.Set(1u, put(a.env, a.st, items[i].second));
            arr.Set(static_cast<uint32_t>(i), pair);
          }
          return arr;
        }),
    DEF(jitTrain, {
          ScriptRef s = unbox<ScriptRef>(a, 0);
          std::lock_guard<std::mutex> lock(s->running);
          s->module.train(a.b(1));
          return a.none();
        }),
    DEF(jitIsTraining, return a.ret(unbox<ScriptRef>(a, 0)->module.is_training());),
    // (module, device|null, dtype|null)
    DEF(jitTo, {
          ScriptRef s = unbox<ScriptRef>(a, 0);
          std::lock_guard<std::mutex> lock(s->running);
          if (!a.isNullish(1)) s->module.to(a.device(1));
          if (!a.isNullish(2)) s->module.to(a.dtype(2));
          return a.none();
        }),
    DEF(jitSave, {
          ScriptRef s = unbox<ScriptRef>(a, 0);
          std::lock_guard<std::mutex> lock(s->running);
          s->module.save(a.str(1));
          return a.none();
        }),
    DEF(jitRelease, releaseHeld<ScriptRef>(a, 0); return a.none();),
    // (className, entries: [name, handle, isBuffer][], inputs: Tensor[], fn: (...inputs) => handle[])
    // -> ScriptModule whose forward is what fn did with the inputs, on the given parameters.
    DEF(jitTrace, {
          torch::jit::Module root = hierarchy(a.st, a.str(0), a.arg(1).As<Napi::Array>());
          if (!a.arg(2).IsArray() || !a.arg(3).IsFunction()) {
            throw ArgError("arguments 2 and 3 must be the inputs and the function to trace");
          }
          Napi::Array inputs = a.arg(2).As<Napi::Array>();
          torch::jit::Stack stack;
          for (uint32_t i = 0; i < inputs.Length(); i++) {
            stack.push_back(tensorAt(a.st, inputs.Get(i).As<Napi::Number>().DoubleValue(), "example input " + std::to_string(i)));
          }
          Napi::Function fn = a.arg(3).As<Napi::Function>();
          Napi::Env env = a.env;
          State& st = a.st;
          std::optional<Napi::Error> jsFailure;
          auto traced = [&](torch::jit::Stack in) -> torch::jit::Stack {
            std::vector<napi_value> args;
            for (const auto& v : in) args.push_back(Napi::Number::New(env, put(env, st, v.toTensor())));
            Napi::Value out;
            try {
              out = fn.Call(args);
            } catch (const Napi::Error& e) {
              jsFailure = e;
              throw std::runtime_error("the traced function threw");
            }
            torch::jit::Stack result;
            Napi::Array handles = out.As<Napi::Array>();
            for (uint32_t i = 0; i < handles.Length(); i++) {
              result.push_back(tensorAt(st, handles.Get(i).As<Napi::Number>().DoubleValue(), "output " + std::to_string(i)));
            }
            return result;
          };
          std::pair<std::shared_ptr<torch::jit::tracer::TracingState>, torch::jit::Stack> outcome;
          try {
            outcome = torch::jit::tracer::trace(stack, traced, [](const at::Tensor&) { return std::string(); }, true, false, &root);
          } catch (...) {
            if (torch::jit::tracer::isTracing()) torch::jit::tracer::abandon();
            if (jsFailure) throw *jsFailure;
            throw;
          }
          auto graph = outcome.first->graph;
          torch::jit::FixupTraceScopeBlocks(graph, &root);
          torch::jit::NormalizeOps(graph);
          auto fnc = root._ivalue()->compilation_unit()->create_function(c10::QualifiedName(*root.type()->name(), "forward"), graph);
          root.type()->addMethod(fnc);
          return box<ScriptRef>(a.env, makeScript(root));
        }),
};

}  // namespace

void registerJit(Napi::Env env, Napi::Object exports) {
  exportAll(env, exports, kJit);
}

}  // namespace torchts
