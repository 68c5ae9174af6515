import { defineConfig } from 'vitest/config';

// One project per kind of test: unit (pure, mocked and in-memory adapters: no process, server, socket or
// CDK synth, enforced by its setup file), infra (CDK synth and assertions), integration (moto_server),
// statemachines (the synthesized definition run locally), e2e (processes, servers), web (a browser).
// The AWS SDK warns once per worker that its 2027 releases need Node 22; the machine runs Node 20 and
// the Lambdas Node 24. Known and noted in the README; silenced so test output stays readable.
const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          env,
          setupFiles: ['test/support/unit-guard.ts'],
          // Modules are loaded once per worker, not once per file (most of a unit run was imports), so a
          // unit test leaves no global state behind (env, stubbed clients, module mocks).
          pool: 'threads',
          isolate: false,
          // A safety net, not a budget: the property tests take seconds under coverage on a loaded machine.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          environment: 'node',
          env,
          // A synth of the whole app takes tens of seconds on a loaded machine.
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          env,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'statemachines',
          include: ['test/statemachines/**/*.test.ts'],
          environment: 'node',
          env,
          // Each file runs its own local stack (moto_server, the state machine, process-wide env).
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          env,
          // The real CLI in child processes and a whole local stack per file.
          pool: 'forks',
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'web',
          include: ['test/web/**/*.test.ts'],
          environment: 'node',
          env,
          // The page built once (globalSetup), then a local stack and Debian's Chromium per file.
          globalSetup: ['test/web/global-setup.ts'],
          pool: 'forks',
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
    // Gated: the rule book and the use cases (each unit-tested on the in-memory adapters, test/support/memory/).
    coverage: {
      provider: 'v8',
      include: ['domain/**/*.ts', 'functions/shared/use-cases/**/*.ts'],
      exclude: ['domain/**/index.ts', 'test/**'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: {
        'domain/**': { lines: 95, branches: 95, functions: 95, statements: 95 },
        // What the unit tests alone reach (every use case has its own), rounded down.
        'functions/shared/use-cases/**': { lines: 94, branches: 78, functions: 91, statements: 92 },
      },
    },
  },
});
