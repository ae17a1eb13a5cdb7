// hiredis' libuv adapter is a header of static functions; it is compiled here, once.
#include <hiredis/adapters/libuv.h>
#include "tw_hiredis.h"
#include <pthread.h>

int tw_redis_attach(redisAsyncContext *context, void *uv_loop) {
    return redisLibuvAttach(context, (uv_loop_t *)uv_loop);
}

// hiredis 0.14 allocates an array reply's element pointers as soon as it reads the header,
// and frees them one by one: a reply claiming a billion elements froze the loop for 15 s.
// Its reader has no limit of its own (1.x's maxelements), so creating arrays goes through
// this check, in front of hiredis' own functions.
static redisReplyObjectFunctions *hiredis_functions;
static redisReplyObjectFunctions limited_functions;
static pthread_once_t limited_functions_made = PTHREAD_ONCE_INIT;

static void *create_limited_array(const redisReadTask *task, int elements) {
    if (elements > TW_REDIS_MAX_ARRAY_ELEMENTS) return NULL;  // the reader fails: out of memory
    return hiredis_functions->createArray(task, elements);
}

static void make_limited_functions(void) {
    // Every reader starts with hiredis' one table of default functions: take it from one.
    redisReader *probe = redisReaderCreate();
    hiredis_functions = probe->fn;
    redisReaderFree(probe);
    limited_functions = *hiredis_functions;
    limited_functions.createArray = create_limited_array;
}

void tw_redis_limit_arrays(redisAsyncContext *context) {
    pthread_once(&limited_functions_made, make_limited_functions);
    context->c.reader->fn = &limited_functions;
}
