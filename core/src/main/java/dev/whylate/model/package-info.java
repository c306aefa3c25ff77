/**
 * The event model every reader feeds and every analysis reads: a columnar, time-ordered
 * {@link dev.whylate.model.EventStore}, the {@link dev.whylate.model.EventTypes} name registry, the
 * {@link dev.whylate.model.TaskTable} (pid to comm/tgid as seen over time) and the {@link dev.whylate.model.Trace}
 * that bundles them with lost-event markers and unparsed input.
 *
 * <p>Time is always a {@code long} in nanoseconds. Payload fields are decoded lazily through a
 * {@link dev.whylate.model.FieldCursor}.
 */
package dev.whylate.model;
