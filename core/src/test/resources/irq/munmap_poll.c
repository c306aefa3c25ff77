/*
 * Test workload for whylate irq (seed 004): thread "unmapper" maps, touches and unmaps a small buffer in a
 * loop on CPU A while thread "poller" of the same process busy-polls on CPU B, so every munmap sends a TLB
 * shootdown IPI to CPU B. Usage: munmap_poll SHOOTDOWNS CPU_A CPU_B: unmaps until /proc/interrupts counted
 * SHOOTDOWNS more TLB shootdowns on CPU B (the poller may be preempted on a busy machine), at most 5 s.
 * Prints "unmapper=TID poller=TID iterations=N".
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static atomic_int stop;
static atomic_int poller_tid;
static int poll_cpu;

/* The TLB row of /proc/interrupts for one CPU, or -1. */
static long tlb_count(int cpu) {
    FILE *f = fopen("/proc/interrupts", "r");
    char line[4096];
    long v = -1;
    if (!f) return -1;
    while (fgets(line, sizeof line, f)) {
        char *p = line;
        while (*p == ' ') p++;
        if (strncmp(p, "TLB:", 4) != 0) continue;
        p += 4;
        for (int c = 0; c <= cpu; c++) {
            char *end;
            v = strtol(p, &end, 10);
            if (end == p) { v = -1; break; }
            p = end;
        }
        break;
    }
    fclose(f);
    return v;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void pin(int cpu) {
    cpu_set_t s;
    CPU_ZERO(&s);
    CPU_SET(cpu, &s);
    pthread_setaffinity_np(pthread_self(), sizeof s, &s);
}

static void *poller(void *arg) {
    (void) arg;
    pin(poll_cpu);
    prctl(PR_SET_NAME, "poller");
    atomic_store(&poller_tid, (int) syscall(SYS_gettid));
    volatile unsigned long n = 0;
    while (!atomic_load(&stop)) n++;
    return NULL;
}

int main(int argc, char **argv) {
    const long want = argc > 1 ? atol(argv[1]) : 1000;
    const int map_cpu = argc > 2 ? atoi(argv[2]) : 0;
    poll_cpu = argc > 3 ? atoi(argv[3]) : 1;
    const size_t len = 4 * 4096;
    pthread_t t;
    pin(map_cpu);
    prctl(PR_SET_NAME, "unmapper");
    if (pthread_create(&t, NULL, poller, NULL) != 0) return 1;
    while (atomic_load(&poller_tid) == 0) sched_yield();
    usleep(5000);
    const long start = tlb_count(poll_cpu);
    const double until = now() + 5;
    long i = 0;
    for (;; i++) {
        char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) return 2;
        memset(p, 1, len);
        munmap(p, len);
        if (i % 64 == 63 && (start < 0 || tlb_count(poll_cpu) - start >= want || now() > until)) break;
        usleep(20);
    }
    atomic_store(&stop, 1);
    pthread_join(t, NULL);
    printf("unmapper=%d poller=%d iterations=%ld\n", (int) getpid(), atomic_load(&poller_tid), i + 1);
    return 0;
}
