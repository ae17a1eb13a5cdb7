#ifndef TICKWIRE_HIREDIS_H
#define TICKWIRE_HIREDIS_H
#include <hiredis/hiredis.h>
#include <hiredis/async.h>

/// Attaches `context` to a libuv loop (hiredis' own libuv adapter). The loop is passed
/// untyped so this header does not pull libuv's types into a second Swift module.
int tw_redis_attach(redisAsyncContext *context, void *uv_loop);

/// Each element of an array reply (`redisReply.element` is a C array of pointers).
static inline redisReply *tw_redis_element(const redisReply *reply, size_t index) {
    return reply->element[index];
}

#endif
