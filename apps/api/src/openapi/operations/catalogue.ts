import type { Operation } from '../operation.js';

/** Filled in by the catalogue module's owner: one defineOperation per route. */
export const catalogueOperations: Operation[] = [];
