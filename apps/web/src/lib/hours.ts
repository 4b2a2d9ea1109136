/**
 * "Open now" in East Africa Time (UI-CARD-03, UI-DS-22) and clock formats (UI-DS-20). The rules live
 * in the contracts' zod-free hours module so the PWA and the server-rendered websites agree.
 */
export {
  formatClock,
  nairobiNow,
  openStatus,
  WEEKDAYS,
  type OpenStatus,
  type Weekday,
} from '@tafuta/contracts/weekdays';
