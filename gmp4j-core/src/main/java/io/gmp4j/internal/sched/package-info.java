/**
 * gmp4j's GMP scheduler (internal): {@link io.gmp4j.internal.sched.GmpScheduler} runs goroutines'
 * virtual threads on M's (carrier platform threads) holding P's, each with a
 * {@link io.gmp4j.internal.sched.LocalRunQueue} (256-slot lock-free ring plus runnext), a
 * {@link io.gmp4j.internal.sched.GlobalRunQueue}, work stealing, and a
 * {@link io.gmp4j.internal.sched.Sysmon} that hands P's away from stuck M's. The algorithm, its
 * invariants and the alternatives we rejected are in GmpScheduler's implementation notes and in
 * docs/architecture.md.
 */
package io.gmp4j.internal.sched;
