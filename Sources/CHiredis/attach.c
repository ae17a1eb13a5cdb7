// hiredis' libuv adapter is a header of static functions; it is compiled here, once.
#include <hiredis/adapters/libuv.h>
#include "tw_hiredis.h"

int tw_redis_attach(redisAsyncContext *context, void *uv_loop) {
    return redisLibuvAttach(context, (uv_loop_t *)uv_loop);
}
