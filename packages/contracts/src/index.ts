export * from './errors.js';
export * from './envelope.js';
export * from './enums.js';
export * from './fields.js';
export * from './auth.js';
export * from './business-content.js';
export {
  formatClock,
  isAllDay,
  nairobiNow,
  openStatus,
  type ClockHours,
  type OpenStatus,
  type WeekHours,
} from './weekdays.js';
export * from './directory.js';
export type * from './public-views.js';
export * from './catalogue.js';
export * from './approvals.js';
export * from './payments.js';
export * from './admin-management.js';
export * from './admin-logs.js';
export * from './admin-messaging.js';
export * from './admin-analytics.js';
export * from './admin-money.js';
