// The floor for `make bench`: the traffic of a Tickwire room server with nothing else, on
// bare epoll. `floor server PORT` sends every connected client one 47-byte frame 30 times a
// second and reads whatever they send; `floor client PORT COUNT SECONDS` opens COUNT
// loopback connections that each send a 16-byte message 30 times a second and read what
// arrives. The server's CPU per client-second is what the kernel costs for this traffic:
// the e2e benchmark reports Tickwire's as a ratio to it.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

enum { RATE_HZ = 30, DOWN_BYTES = 47, UP_BYTES = 16, MAX_EVENTS = 512, MAX_CLIENTS = 65536 };

static void die(const char *what) {
    perror(what);
    exit(1);
}

static int ticker(void) {
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK);
    if (fd < 0) die("timerfd_create");
    struct itimerspec every = {{0, 1000000000L / RATE_HZ}, {0, 1000000000L / RATE_HZ}};
    if (timerfd_settime(fd, 0, &every, NULL) < 0) die("timerfd_settime");
    return fd;
}

static void watch(int epoll, int fd) {
    struct epoll_event event = {.events = EPOLLIN, .data.fd = fd};
    if (epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) < 0) die("epoll_ctl");
}

// Reads what is there; like libuv, reads again only after a read that filled the buffer
// (a short read means the socket is empty), so a wakeup costs one read as in Tickwire.
static void drain(int fd, char *open) {
    static char sink[4096];
    for (;;) {
        ssize_t got = read(fd, sink, sizeof sink);
        if (got == (ssize_t)sizeof sink) continue;
        if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
            close(fd);
            *open = 0;
        }
        return;
    }
}

static struct sockaddr_in loopback(int port) {
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

static _Noreturn void serve(int port) {
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    int on = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    struct sockaddr_in address = loopback(port);
    if (bind(listener, (struct sockaddr *)&address, sizeof address) < 0) die("bind");
    if (listen(listener, 4096) < 0) die("listen");
    int epoll = epoll_create1(0), tick = ticker();
    watch(epoll, listener);
    watch(epoll, tick);
    // Connections by descriptor: a wakeup finds its client without a search.
    static char open[MAX_CLIENTS];
    int highest = 0;
    char frame[DOWN_BYTES];
    memset(frame, 0x2a, sizeof frame);
    frame[0] = (char)0x82;  // a binary WebSocket frame, as Tickwire's snapshots
    frame[1] = DOWN_BYTES - 2;
    struct epoll_event events[MAX_EVENTS];
    for (;;) {
        int ready = epoll_wait(epoll, events, MAX_EVENTS, -1);
        for (int i = 0; i < ready; i++) {
            int fd = events[i].data.fd;
            if (fd == listener) {
                int client;
                while ((client = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
                    if (client >= MAX_CLIENTS) {
                        close(client);
                        continue;
                    }
                    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
                    watch(epoll, client);
                    open[client] = 1;
                    if (client > highest) highest = client;
                }
            } else if (fd == tick) {
                uint64_t expirations;
                if (read(tick, &expirations, sizeof expirations) < 0) continue;
                for (int client = 0; client <= highest; client++) {
                    if (open[client]) (void)send(client, frame, sizeof frame, MSG_NOSIGNAL | MSG_DONTWAIT);
                }
            } else if (open[fd]) {
                drain(fd, &open[fd]);
            }
        }
    }
}

static int play(int port, int count, int seconds) {
    int epoll = epoll_create1(0), tick = ticker();
    watch(epoll, tick);
    static int clients[MAX_CLIENTS];
    static char open[MAX_CLIENTS];
    struct sockaddr_in address = loopback(port);
    int on = 1;
    for (int c = 0; c < count; c++) {
        clients[c] = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(clients[c], (struct sockaddr *)&address, sizeof address) < 0) die("connect");
        setsockopt(clients[c], IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        if (fcntl(clients[c], F_SETFL, fcntl(clients[c], F_GETFL) | O_NONBLOCK) < 0) die("fcntl");
        watch(epoll, clients[c]);
        open[c] = 1;
    }
    printf("connected %d\n", count);
    fflush(stdout);
    char message[UP_BYTES];
    memset(message, 0x11, sizeof message);
    message[0] = (char)0x82;  // masked binary frames, as a browser or bot sends
    message[1] = (char)(0x80 | (UP_BYTES - 6));
    struct epoll_event events[MAX_EVENTS];
    long ticks = 0, limit = (long)seconds * RATE_HZ;
    while (ticks < limit) {
        int ready = epoll_wait(epoll, events, MAX_EVENTS, -1);
        for (int i = 0; i < ready; i++) {
            int fd = events[i].data.fd;
            if (fd == tick) {
                uint64_t expirations;
                if (read(tick, &expirations, sizeof expirations) < 0) continue;
                ticks++;
                for (int c = 0; c < count; c++) {
                    if (open[c]) (void)send(clients[c], message, sizeof message, MSG_NOSIGNAL | MSG_DONTWAIT);
                }
            } else {
                char ignored = 1;
                drain(fd, &ignored);
            }
        }
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "server") == 0) serve(atoi(argv[2]));
    if (argc == 5 && strcmp(argv[1], "client") == 0) return play(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
    fprintf(stderr, "usage: floor server PORT | floor client PORT COUNT SECONDS\n");
    return 2;
}
