import type { Operation } from '../operation.js';

/** Filled in by the search module's owner: one defineOperation per route. */
export const searchOperations: Operation[] = [];
