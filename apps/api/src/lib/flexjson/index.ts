/**
 * flex-json (`.jfx`): JSON relaxed for hand-edited configuration (media.md §3). Self-contained on
 * purpose (MEDIA-040): no third-party flex-json package.
 */
export { FlexJsonError, FlexJsonWriteError } from './errors.js';
export { FLEX_JSON_LIMITS, parseFlexJson } from './reader.js';
export { stringifyFlexJson, type StringifyFlexJsonOptions } from './writer.js';
export { KEY_ORDER, orderedEntries, orderedKeys } from './key-order.js';
