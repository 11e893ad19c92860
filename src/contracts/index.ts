export * from './common.js';
export * from './accounts.js';
export * from './catalog.js';
export * from './cart.js';
export * from './orders.js';
export * from './staff.js';
export * from './cancellation.js';
export * from './refunds.js';
