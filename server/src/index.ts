export * from './app.ts';
export * from './clock.ts';
export * from './contests/contest-runtime.ts';
export * from './contests/contest-service.ts';
export * from './seats/seat-registry.ts';
export * from './http/routes.ts';
export * from './store/event-store.ts';
