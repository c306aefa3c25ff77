/**
 * From blame to commands: rules that turn the explanations of misses into exact commands (chrt, taskset,
 * /proc/irq/N/smp_affinity_list, irqbalance, cpupower, isolcpus), each citing its evidence, and what-if
 * estimates of the misses left if the blamed waits were removed.
 */
package dev.whylate.analysis.advice;
