/**
 * gripkit's benchmarks: the codec workloads of {@code /work/shared/bench/WORKLOADS.md} under
 * JMH, a benchmark origin on grip-servlet, the publisher against a loopback sink, and fanout
 * through a real Pushpin. Each piece prints result lines {@code name key=value ...}; {@code
 * benchmarks/run.sh} runs them all. Not a library: nothing here is deployed.
 */
@NullMarked
package org.gripkit.bench;

import org.jspecify.annotations.NullMarked;
