export * from './client.js';
export * from './live.js';
export * from './stack.js';
export * from './statements.js';
