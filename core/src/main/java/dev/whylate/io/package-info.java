/**
 * Getting bytes in: opening a path or stdin, transparent decompression (.gz, .xz, .zst) to a private temp
 * file, and memory-mapped random access in windows of at most 1 GiB ({@link dev.whylate.io.MappedBytes}).
 */
package dev.whylate.io;
