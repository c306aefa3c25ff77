/*
 * Test workload for whylate irq (seed 004): thread "unmapper" maps, touches and unmaps a small buffer in a
 * loop on CPU A while thread "poller" of the same process busy-polls on CPU B, so every munmap sends a TLB
 * shootdown IPI to CPU B. Usage: munmap_poll ITERATIONS CPU_A CPU_B. Prints "unmapper=TID poller=TID".
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
#include <unistd.h>

static atomic_int stop;
static atomic_int poller_tid;
static int poll_cpu;

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
    const int iters = argc > 1 ? atoi(argv[1]) : 1000;
    const int map_cpu = argc > 2 ? atoi(argv[2]) : 0;
    poll_cpu = argc > 3 ? atoi(argv[3]) : 1;
    const size_t len = 4 * 4096;
    pthread_t t;
    pin(map_cpu);
    prctl(PR_SET_NAME, "unmapper");
    if (pthread_create(&t, NULL, poller, NULL) != 0) return 1;
    while (atomic_load(&poller_tid) == 0) sched_yield();
    usleep(5000);
    for (int i = 0; i < iters; i++) {
        char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) return 2;
        memset(p, 1, len);
        munmap(p, len);
    }
    atomic_store(&stop, 1);
    pthread_join(t, NULL);
    printf("unmapper=%d poller=%d\n", (int) getpid(), atomic_load(&poller_tid));
    return 0;
}
