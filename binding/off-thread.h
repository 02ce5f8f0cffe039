// Work that may block for long (waiting for other ranks, running a model) on a thread of its own,
// settling a JS promise on the JS thread. Used by distributed.cpp and jit.cpp.
#pragma once
#include <condition_variable>
#include <deque>
#include <thread>
#include "common.h"

namespace torchts {

// Where work off the JS thread runs: given the task, starts it somewhere.
using Launcher = std::function<void(std::function<void()>)>;

// A new thread per task: for waits that may last as long as the slowest rank, which must hold
// neither one of libuv's four pool threads nor the inference thread.
inline void onNewThread(std::function<void()> task) {
  std::thread(std::move(task)).detach();
}

// The inference thread: one long-lived thread, for the whole process, that runs model calls in the
// order they come. Long-lived because libgomp gives each thread that starts a parallel region its
// own team of OpenMP threads: a thread per call would start a team per call, and sixteen calls at
// once would keep sixteen teams fighting over the cores. One thread, because inference on a CPU is
// bound by its cores: a second call at the same time would only slow the first. Never destroyed:
// it may be waiting when the process exits.
inline void onInferenceThread(std::function<void()> task) {
  struct Pool {
    std::mutex mutex;
    std::condition_variable ready;
    std::deque<std::function<void()>> tasks;
    Pool() {
      std::thread([this] {
        for (;;) {
          std::function<void()> next;
          {
            std::unique_lock<std::mutex> lock(mutex);
            ready.wait(lock, [this] { return !tasks.empty(); });
            next = std::move(tasks.front());
            tasks.pop_front();
          }
          next();
        }
      }).detach();
    }
  };
  static Pool* pool = new Pool();
  {
    std::lock_guard<std::mutex> lock(pool->mutex);
    pool->tasks.push_back(std::move(task));
  }
  pool->ready.notify_one();
}

// Runs `work` where `launch` puts it and returns a promise that `done` (on the JS thread, with the
// result) resolves, or that the error `work` threw rejects.
template <typename R>
Napi::Value offThread(Napi::Env env, std::string op, std::function<R()> work, std::function<Napi::Value(Napi::Env, R&)> done,
                      const Launcher& launch = onNewThread) {
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
  launch([settle, call, work = std::move(work)]() mutable {
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
  });
  return promise;
}

}  // namespace torchts
