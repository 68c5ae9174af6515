// The rule book's public surface: rules, the monthly import, the ledger rules and the ports.
export * from './allowance.js';
export * from './calendar.js';
export * from './charge.js';
export * from './config/allowance-tables.js';
export * from './config/closures.js';
export * from './config/daily-rates.js';
export * from './exemption.js';
export * from './import/index.js';
export * from './ledger.js';
export * from './mispaid.js';
export * from './months.js';
export * from './notices.js';
export type * from './ports.js';
export * from './purchase.js';
export * from './rates.js';
export type * from './storage-ports.js';
export * from './termination.js';
export * from './types.js';
