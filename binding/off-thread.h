// Work that may block for long (waiting for other ranks, running a model) on a thread of its own,
// settling a JS promise on the JS thread. Used by distributed.cpp and jit.cpp.
#pragma once
#include <thread>
#include "common.h"

namespace torchts {

// Runs `work` on a thread of its own and returns a promise that `done` (on the JS thread, with the
// result) resolves, or that the error `work` threw rejects. A thread rather than libuv's pool: a wait
// may last as long as the slowest rank (or a model's forward), and must not hold one of the pool's four
// threads meanwhile.
template <typename R>
Napi::Value offThread(Napi::Env env, std::string op, std::function<R()> work, std::function<Napi::Value(Napi::Env, R&)> done) {
  struct Call {
    Napi::Promise::Deferred deferred;
    std::string op;
    std::function<Napi::Value(Napi::Env, R&)> done;
    std::optional<R> result;
    std::exception_ptr error;
  };
  auto* call = new Call{Napi::Promise::Deferred::New(env), std::move(op), std::move(done), std::nullopt, nullptr};
  Napi::Promise promise = call->deferred.Promise();
  auto settle = Napi::ThreadSafeFunction::New(env, Napi::Function(), "torchts.offThread", 0, 1);
  std::thread([settle, call, work = std::move(work)]() mutable {
    try {
      call->result.emplace(work());
    } catch (...) {
      call->error = std::current_exception();
    }
    napi_status status = settle.BlockingCall(call, [](Napi::Env env, Napi::Function, Call* c) {
      std::unique_ptr<Call> owned(c);
      if (c->error) {
        c->deferred.Reject(jsError(env, c->op, c->error).Value());
        return;
      }
      try {
        c->deferred.Resolve(c->done(env, *c->result));
      } catch (const Napi::Error& e) {
        c->deferred.Reject(e.Value());
      } catch (...) {
        c->deferred.Reject(jsError(env, c->op, std::current_exception()).Value());
      }
    });
    if (status != napi_ok) delete call;  // the environment is going away: nobody awaits the promise
    settle.Release();
  }).detach();
  return promise;
}

}  // namespace torchts
