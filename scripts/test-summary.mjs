// Prints the suite's outcome as one plain line ("N passed, N failed, N skipped") from Vitest's JSON report,
// so a log reader needs no knowledge of Vitest's own format.
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2] ?? 'test-results/vitest.json', 'utf8'));
const skipped = report.numPendingTests + report.numTodoTests;
process.stdout.write(
  `${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped\n`,
);
