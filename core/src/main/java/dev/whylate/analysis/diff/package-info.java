/** Comparing the cycles of two recordings of the same workload (before / after a change). */
package dev.whylate.analysis.diff;
