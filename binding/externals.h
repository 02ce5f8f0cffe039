// Objects the addon lends to JS by reference (c10d stores, groups and works, DDP's reducer, TorchScript
// modules, AOTInductor packages): a smart pointer in a Napi external, type-tagged so that an object of
// one kind passed where another is expected is a TypeError, never a cast. Releasing one resets the
// pointer (what JS still holds is then refused by name); the object itself lives on while a call in
// flight holds a copy of the pointer.
#pragma once
#include "common.h"

namespace torchts {

// Each kind's tag and the name its errors show; every translation unit declares its kinds with
// TORCHTS_EXTERNAL_KIND (at namespace torchts scope), each with its own id.
template <typename T>
struct Kind;

#define TORCHTS_EXTERNAL_KIND(TYPE, ID, NAME)                                   \
  template <>                                                                   \
  struct Kind<TYPE> {                                                           \
    static constexpr napi_type_tag tag{0x746f72636874730aULL, ID};              \
    static constexpr const char* name = NAME;                                   \
  }

template <typename T>
Napi::Value box(Napi::Env env, T value) {
  auto external = Napi::External<T>::New(env, new T(std::move(value)), [](Napi::Env, T* p) { delete p; });
  external.TypeTag(&Kind<T>::tag);
  return external;
}

// The pointer held by a JS value, or null when the value is not of this kind.
template <typename T>
T* held(const Napi::Value& v) {
  if (!v.IsExternal() || !v.As<Napi::External<T>>().CheckTypeTag(&Kind<T>::tag)) return nullptr;
  return v.As<Napi::External<T>>().Data();
}

// The object held by argument i; one of another kind, or a released one, is refused.
template <typename T>
T& unbox(const Args& a, size_t i) {
  T* p = held<T>(a.arg(i));
  if (!p) throw ArgError("argument " + std::to_string(i) + " must be " + Kind<T>::name);
  if (!*p) throw ArgError(std::string("argument ") + std::to_string(i) + " is " + Kind<T>::name + " that was released");
  return *p;
}

// Lets go of the object held by argument i, if it is of this kind and not released yet.
template <typename T>
void releaseHeld(const Args& a, size_t i) {
  if (T* p = held<T>(a.arg(i))) p->reset();
}

}  // namespace torchts
