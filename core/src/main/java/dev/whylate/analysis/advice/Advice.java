package dev.whylate.analysis.advice;

/**
 * One recommendation.
 *
 * @param command the exact command(s) to run, shell syntax; several are separated by newlines
 * @param why the evidence from this trace: who waited, behind whom, on which CPU, how often, how long
 * @param change short name of the change, also used as the key of its {@link WhatIf}
 */
public record Advice(String command, String why, String change) {}
