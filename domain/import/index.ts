// The monthly import (000, 手順3): public surface of domain/import.
export * from './engine.js';
export * from './kana.js';
export * from './memory-registry.js';
export * from './messages.js';
export * from './ownership.js';
export * from './types.js';
