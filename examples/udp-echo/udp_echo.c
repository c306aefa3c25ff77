/*
 * udp-echo: a blocking request/response over loopback UDP, the network cousin of pty-deadline.
 *
 * A client sends a 7-byte datagram to a server process and blocks in recvfrom() for the echo. The server (a
 * forked child) blocks in recvfrom(), then sends the datagram back. Both directions are delivered by the
 * NET_RX softirq, which wakes the receiver: when the receiver then waits for a CPU behind other tasks, the
 * reply is late. The client runs on CPU 1 and the server on CPU 0 when the machine has two CPUs.
 *
 * Usage: udp_echo [cycles [gap_us]]
 * Prints a first line naming the two processes:   client pid P server pid Q
 * then one line per cycle, measured on CLOCK_MONOTONIC from just before sendto() to just after the recvfrom()
 * that returned the echo:                         cycle N latency_ns L
 * and a summary:                                  summary cycles C
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void pin(int cpu) {
    if (sysconf(_SC_NPROCESSORS_ONLN) < 2) return;
    cpu_set_t s;
    CPU_ZERO(&s);
    CPU_SET(cpu, &s);
    sched_setaffinity(0, sizeof s, &s);
}

int main(int argc, char **argv) {
    int cycles = argc > 1 ? atoi(argv[1]) : 500;
    long gap_us = argc > 2 ? atol(argv[2]) : 2000;
    int srv = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (srv < 0 || bind(srv, (struct sockaddr *) &a, sizeof a) != 0 || getsockname(srv, (struct sockaddr *) &a, &len) != 0) {
        perror("server socket");
        return 1;
    }
    pid_t child = fork();
    if (child == 0) {
        prctl(PR_SET_NAME, "server");
        pin(0);
        char buf[64];
        struct sockaddr_in from;
        for (int i = 0; i < cycles; i++) {
            socklen_t fl = sizeof from;
            ssize_t n = recvfrom(srv, buf, sizeof buf, 0, (struct sockaddr *) &from, &fl);
            if (n < 0) _exit(1);
            sendto(srv, buf, (size_t) n, 0, (struct sockaddr *) &from, fl);
        }
        _exit(0);
    }
    prctl(PR_SET_NAME, "client");
    pin(1);
    printf("client pid %d server pid %d\n", getpid(), child);
    fflush(stdout);
    int c = socket(AF_INET, SOCK_DGRAM, 0);
    char req[7] = "request";
    char buf[64];
    for (int i = 0; i < cycles; i++) {
        long long t0 = now_ns();
        if (sendto(c, req, sizeof req, 0, (struct sockaddr *) &a, sizeof a) != (ssize_t) sizeof req) {
            perror("sendto");
            kill(child, SIGKILL);
            return 1;
        }
        if (recvfrom(c, buf, sizeof buf, 0, NULL, NULL) < 0) {
            perror("recvfrom");
            kill(child, SIGKILL);
            return 1;
        }
        long long lat = now_ns() - t0;
        printf("cycle %d latency_ns %lld\n", i, lat);
        struct timespec ts = {0, gap_us * 1000};
        nanosleep(&ts, NULL);
    }
    waitpid(child, NULL, 0);
    printf("summary cycles %d\n", cycles);
    return 0;
}
