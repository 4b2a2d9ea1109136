import type { Operation } from '../operation.js';

/** Filled in by the subdomains module's owner: one defineOperation per route. */
export const subdomainsOperations: Operation[] = [];
