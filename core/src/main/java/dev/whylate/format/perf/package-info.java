/**
 * {@code perf script} text: {@link dev.whylate.format.perf.PerfScriptReader} (tracepoint lines and their
 * {@code -F}/{@code --ns}/{@code -L}/{@code --header} variants, {@code -g} callchains, lost-event lines).
 */
package dev.whylate.format.perf;
