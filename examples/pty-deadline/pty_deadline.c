/*
 * pty-deadline: the founding case of whylate, reproduced on a pseudo-terminal.
 *
 * A requester writes a 7-byte request to the pty master and polls the master (non-blocking read) for a
 * 1-byte reply; it must arrive within the deadline (default 3.5 ms). A device process on the slave side
 * reads the request, works for ~1 ms (a sleep), and writes the 1-byte reply. Both directions travel through
 * the tty layer's flip-buffer work item (flush_to_ldisc), run by a kworker: when that kworker has to wait
 * for a CPU behind other tasks, the reply is late.
 *
 * With "block" as the fifth argument the requester blocks in read() instead of polling, so the kworker that
 * runs the work item wakes it (the other chain shape of the same case).
 *
 * Usage: pty_deadline [cycles [deadline_us [reply_delay_us [gap_us [poll|block]]]]]
 * The requester's thread is named "requester", the device's "device".
 * Prints one line per cycle measured on CLOCK_MONOTONIC from just before write() to just after the read()
 * that returned the reply byte:   cycle N latency_ns L miss 0|1
 * and a summary:                  summary cycles C misses M deadline_ns D
 * after a first line naming the two processes: requester pid P device pid Q
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleep_us(long us) {
    struct timespec ts = { us / 1000000, (us % 1000000) * 1000 };
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
}

static void device(const char *slave_name, long reply_delay_us) {
    prctl(PR_SET_NAME, "device", 0, 0, 0);
    int fd = open(slave_name, O_RDWR | O_NOCTTY);
    if (fd < 0) { perror("open slave"); _exit(1); }
    struct termios t;
    tcgetattr(fd, &t);
    cfmakeraw(&t);
    tcsetattr(fd, TCSANOW, &t);
    char buf[64];
    for (;;) {
        size_t got = 0;
        while (got < 7) {
            ssize_t n = read(fd, buf + got, sizeof buf - got);
            if (n <= 0) _exit(0);
            got += (size_t) n;
        }
        sleep_us(reply_delay_us);
        if (write(fd, "R", 1) != 1) _exit(1);
    }
}

int main(int argc, char **argv) {
    int cycles = argc > 1 ? atoi(argv[1]) : 500;
    long deadline_us = argc > 2 ? atol(argv[2]) : 3500;
    long reply_delay_us = argc > 3 ? atol(argv[3]) : 1000;
    long gap_us = argc > 4 ? atol(argv[4]) : 2000;
    int m = posix_openpt(O_RDWR | O_NOCTTY);
    if (m < 0 || grantpt(m) || unlockpt(m)) { perror("pty"); return 2; }
    const char *sn = ptsname(m);
    pid_t dev = fork();
    if (dev == 0) device(sn, reply_delay_us);
    prctl(PR_SET_NAME, "requester", 0, 0, 0);
    printf("requester pid %d device pid %d\n", (int) getpid(), (int) dev);
    sleep_us(100000); /* let the device open and configure the slave */
    const int blocking = argc > 5 && strcmp(argv[5], "block") == 0;
    if (!blocking) fcntl(m, F_SETFL, fcntl(m, F_GETFL) | O_NONBLOCK);
    const long long deadline_ns = deadline_us * 1000LL;
    int misses = 0;
    char c;
    for (int i = 0; i < cycles; i++) {
        long long t0 = now_ns();
        if (write(m, "REQUEST", 7) != 7) { perror("write"); break; }
        long long t1;
        for (;;) {
            ssize_t n = read(m, &c, 1);
            if (n == 1) { t1 = now_ns(); break; }
            if (n < 0 && errno != EAGAIN) { perror("read"); t1 = now_ns(); break; }
            if (now_ns() - t0 > 1000000000LL) { t1 = now_ns(); break; } /* give up after 1 s */
        }
        int miss = (t1 - t0) > deadline_ns;
        misses += miss;
        printf("cycle %d latency_ns %lld miss %d\n", i, t1 - t0, miss);
        sleep_us(gap_us);
    }
    printf("summary cycles %d misses %d deadline_ns %lld\n", cycles, misses, deadline_ns);
    fflush(stdout);
    kill(dev, SIGTERM);
    waitpid(dev, NULL, 0);
    return 0;
}
