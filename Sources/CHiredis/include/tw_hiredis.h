#ifndef TICKWIRE_HIREDIS_H
#define TICKWIRE_HIREDIS_H
#include <hiredis/hiredis.h>
#include <hiredis/async.h>

/// Attaches `context` to a libuv loop (hiredis' own libuv adapter). The loop is passed
/// untyped so this header does not pull libuv's types into a second Swift module.
int tw_redis_attach(redisAsyncContext *context, void *uv_loop);

/// Most elements an array reply may have (a cluster's largest, every room's fields, stays
/// far below); a longer one fails the reader, and the link is dropped.
#define TW_REDIS_MAX_ARRAY_ELEMENTS (1 << 22)

/// Makes `context` refuse array replies over `TW_REDIS_MAX_ARRAY_ELEMENTS`.
void tw_redis_limit_arrays(redisAsyncContext *context);

/// Each element of an array reply (`redisReply.element` is a C array of pointers).
static inline redisReply *tw_redis_element(const redisReply *reply, size_t index) {
    return reply->element[index];
}

#endif
