/**
 * sysdig text: {@link dev.whylate.format.sysdig.SysdigTextReader} reads the default {@code sysdig -r} line and
 * maps syscall enter/exit events and switches onto the canonical kernel event names.
 */
package dev.whylate.format.sysdig;
