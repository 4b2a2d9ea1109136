import type { Operation } from '../operation.js';

/** Filled in by the approvals module's owner: one defineOperation per route. */
export const approvalsOperations: Operation[] = [];
