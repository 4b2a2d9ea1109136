export * from './errors.js';
export * from './envelope.js';
export * from './enums.js';
export * from './fields.js';
export * from './auth.js';
export * from './business-content.js';
export * from './directory.js';
