export * from './model.ts';
export * from './protocol.ts';
export * from './word-entries.ts';
export * from './decide-audience.ts';
export * from './views-audience.ts';
export * from './audience-capability.ts';
export * from './popularity-weights.ts';
