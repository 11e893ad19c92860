export * from './accounts.js';
export * from './catalog.js';
export * from './orders.js';
export * from './platform.js';
export * from './cancellation.js';
export * from './notifications.js';
export * from './after-sales.js';
export * from './support.js';
