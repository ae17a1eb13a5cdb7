#ifndef TICKWIRE_CLIBUV_SHIM_H
#define TICKWIRE_CLIBUV_SHIM_H
#include <uv.h>
#endif
