export * from './model.ts';
export * from './protocol.ts';
export * from './word-entries.ts';
