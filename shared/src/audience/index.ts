export * from './model.ts';
export * from './protocol.ts';
