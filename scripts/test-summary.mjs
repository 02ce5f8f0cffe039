#!/usr/bin/env node
// Prints "N passed, N failed" from vitest's JSON report (CI's last line). Exits 1 when the report is
// missing, so a run that crashed before reporting is not mistaken for success.
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'build/test-results.json';
if (!existsSync(file)) {
  console.error(`no test report at ${file}: the test run did not finish`);
  process.exit(1);
}
const r = JSON.parse(readFileSync(file, 'utf8'));
// Suites that failed to load count as failures: their tests never ran.
const failedSuites = (r.testResults ?? []).filter((s) => s.status === 'failed' && (s.assertionResults ?? []).length === 0).length;
console.log(`${r.numPassedTests} passed, ${r.numFailedTests + failedSuites} failed`);
