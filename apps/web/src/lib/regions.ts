/** Launch regions shown on the home page; names and descriptions live in the locale files. */
export const REGIONS = ['machakos', 'kisumu'] as const;
export type RegionSlug = (typeof REGIONS)[number];
