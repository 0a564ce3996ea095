import { basename } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that measure time or load (latency percentiles, event-loop delay, a takeover deadline,
 * a clock's error, memory growth) or hog a core for tens of seconds: they run alone, one after
 * another, once the rest is done (vitest runs projects without file parallelism last, each file
 * by itself), so a neighbour's load never moves what they measure.
 */
const ALONE = [
  'audience-flood',
  'buzz-hold',
  'cluster-edge-clock',
  'chaos-bad-input',
  'chaos-clock',
  'chaos-load',
  'chaos-standby',
  'cluster-written-load',
  'ingest-priority',
  'knowledge-segment',
  'stream-delay',
].map((name) => `tests/integration/${name}.int.spec.ts`);

/**
 * The slowest files (tens of seconds each, mostly spent waiting on child processes and HAProxy's
 * checks) start first, so they overlap the many short ones instead of running last on their own.
 * After them, vitest's own order (the last run's durations when it has them, else file size).
 */
const SLOW_FIRST = [
  'cluster-edges.int',
  'protocol-schemas-fresh.int',
  'cluster-limits.int',
  'cluster-written.int',
  'cluster-buzz.int',
  'cluster-script.int',
  'crash-recovery.int',
  'chaos-crash.int',
  'written-crash.int',
  'store-safety.int',
  'audience-stuffing.int',
  // Alone (above), longest first.
  'chaos-standby.int',
  'cluster-written-load.int',
  'chaos-load.int',
  'audience-flood.int',
  // Browser files, longest first.
  'authoring-editor.e2e',
  'cluster-host.e2e',
  'cluster-core-away.e2e',
];

class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const i = SLOW_FIRST.indexOf(basename(spec.moduleId).replace(/\.spec\.ts$/, ''));
      return i === -1 ? SLOW_FIRST.length : i;
    };
    return sorted
      .map((spec, i) => ({ spec, i }))
      .sort((a, b) => rank(a.spec) - rank(b.spec) || a.i - b.i)
      .map((x) => x.spec);
  }
}

// Tiers by file name (emmett style): *.unit.spec.ts beside the code, *.int.spec.ts and
// *.e2e.spec.ts under tests/ against a real server on port 0 and a real browser.
export default defineConfig({
  test: {
    // Two files at a time for the unit and the ordinary integration files: they mostly wait on
    // sockets, child processes and timers (a whole run used under one of CI's two cores). Every
    // integration file listens on its own free ports, temp files and (cluster) private
    // redis-server. The timing files (int-alone) and the browser files keep one at a time: their
    // projects turn file parallelism off, so vitest runs them after the rest, each by itself (the
    // edge clock test failed once in session 8 beside a cluster file when everything ran two by two).
    maxWorkers: 2,
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['shared/src/**/*.unit.spec.ts', 'server/src/**/*.unit.spec.ts', 'client/src/**/*.unit.spec.ts'],
          environment: 'node',
          // Pure functions and in-memory stores: a worker takes file after file without a fresh
          // process and module graph for each (86 files: ~15 s instead of ~60 s of start-up and
          // imports). Fake timers, spies and env changes are put back by the files themselves.
          isolate: false,
        },
      },
      {
        test: {
          name: 'int',
          include: ['tests/**/*.int.spec.ts'],
          exclude: [...configDefaults.exclude, ...ALONE],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'int-alone',
          include: ALONE,
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/**/*.e2e.spec.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
