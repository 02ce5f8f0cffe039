#!/usr/bin/env node
// Prints "N passed, N failed" from vitest's JSON report (CI's last line). Exits 1 when the report is
// missing, so a run that crashed before reporting is not mistaken for success.
//   node scripts/test-summary.mjs build/test-results.json [vitest's exit code]
// A test process that dies (vitest: "Worker exited unexpectedly") leaves its remaining tests
// "pending" and the report otherwise clean; vitest's exit code still says so. Then those tests, or at
// least one, count as failed.
import { existsSync, readFileSync } from 'node:fs';

const [file = 'build/test-results.json', exitCode = '0'] = process.argv.slice(2);
if (!existsSync(file)) {
  console.error(`no test report at ${file}: the test run did not finish`);
  process.exit(1);
}
const r = JSON.parse(readFileSync(file, 'utf8'));
// Suites that failed to load count as failures: their tests never ran.
const failedSuites = (r.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
let failed = r.numFailedTests + failedSuites;
if (Number(exitCode) !== 0 && failed === 0) {
  failed = Math.max(1, r.numPendingTests);
  console.error(`vitest exited with ${exitCode} although no test failed: counting ${failed} test(s) that did not finish as failed`);
}
console.log(`${r.numPassedTests} passed, ${failed} failed`);
