import type { Reporter, TestModule } from 'vitest/node';

/**
 * Vitest 4 exits 0 when a suite's beforeAll times out: its tests are only
 * skipped and no test counts as failed. A red suite must make `npm test` fail,
 * so this reporter holds the run's own verdict and applies it as the process
 * ends (vitest sets the exit code itself after the reporters have run).
 */
export default class ExitCodeReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, _errors: ReadonlyArray<unknown>, reason: 'passed' | 'interrupted' | 'failed'): void {
    if (reason === 'passed' && testModules.every((m) => m.state() !== 'failed')) return;
    process.on('exit', () => {
      process.exitCode = 1;
    });
  }
}
