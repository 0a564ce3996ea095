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
 * Browser files that measure time (frame times and long tasks, how soon a comment or a platform
 * message is on the stage, the stream delay) or play presses at set instants against the
 * clocks (buzzer, photo finish, what a screen shows before its event is durable): one at a time
 * with nothing beside them, like the files above. The other browser files only wait for what
 * they check (a selector, a poll, bounded by seconds) and run two at a time with the rest.
 */
const E2E_ALONE = [
  'audience-danmaku',
  'chaos-screens',
  'ingest-sources',
  'knowledge-buzzer',
  'moderation-scale',
  'photo-finish',
  'stream-delay',
].map((name) => `tests/e2e/${name}.e2e.spec.ts`);

/**
 * The slowest files (tens of seconds each, mostly spent waiting on child processes and HAProxy's
 * checks) start first, so they overlap the many short ones instead of running last on their own.
 * After them, vitest's own order (the last run's durations when it has them, else file size).
 */
const SLOW_FIRST = [
  // Two at a time (unit, int, e2e), longest first (seconds in one CI run, one file at a time).
  'overlay-stage.e2e', // 135
  'screens.e2e', // 81
  'cluster-edges.int', // 66
  'judging-flow.e2e', // 42
  'host-safety.e2e', // 33
  'authoring-editor.e2e', // 33
  'crash-recovery.int', // 27
  'cluster-core-away.e2e', // 26
  'protocol-schemas-fresh.int', // 24
  'cluster-host.e2e', // 22
  'night-corrections.e2e', // 22
  'cli.int', // 22
  'chaos-crash.int', // 20
  'chaos-reconnect.int', // 19
  'audience-pipeline.int', // 17
  'cluster-script.int', // 17
  'written-crash.int', // 16
  'judging-popularity.e2e', // 16
  'cluster-buzz.int', // 15
  'advancement.e2e', // 15
  'written-sheet.e2e', // 15
  'popularity-likes.e2e', // 15
  'store-safety.int', // 14
  'audience-word-list.e2e', // 14
  'cluster-limits.int', // 13
  'cluster-written.int', // 13
  'page-link-failures.e2e', // 13
  'written-test.e2e', // 13
  // Alone (above), longest first.
  'knowledge-buzzer.e2e',
  'cluster-written-load.int',
  'moderation-scale.e2e',
  'audience-danmaku.e2e',
  'ingest-sources.e2e',
  'chaos-standby.int',
  'knowledge-segment.int',
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
    // Two files at a time for the unit, the ordinary integration and the ordinary browser files:
    // they mostly wait on sockets, child processes, pages and timers (one file at a time, a whole
    // run used under one of CI's two cores). Every file listens on its own free ports, temp files,
    // (cluster) private redis-server or Redis channel prefix, and its own Chromium. The timing
    // files (int-alone, e2e-alone) keep one at a time: their projects turn file parallelism off, so
    // vitest runs them after the rest, each by itself (the edge clock test failed once in session
    // 8 beside a cluster file when everything ran two by two).
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
          exclude: [...configDefaults.exclude, ...E2E_ALONE],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e-alone',
          include: E2E_ALONE,
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
