/**
 * Business hours days in display order (spec/ui.md §9, `hours`). Imports nothing, so public pages take it
 * through `@tafuta/contracts/weekdays` without zod; business-content.ts re-exports it for the API.
 */
export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];
