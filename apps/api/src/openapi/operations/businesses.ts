import type { Operation } from '../operation.js';

/** Filled in by the businesses module's owner: one defineOperation per route. */
export const businessesOperations: Operation[] = [];
